/*
 * Trainer: the WildML tutorial's training loop (train_with_sgd), made safe for long runs.
 *
 *   every `evaluateEvery` epochs: evaluate the loss; if it rose since the last evaluation, halve lr
 *   each epoch: visit the sentences in a seeded random order (or file order), one SGD step each:
 *       zero grads; loss = sum_t CE(o_t, y_t); BPTT (full or truncated); w -= lr * dL/dw
 *
 * The loss that decides the learning rate is the validation loss when there is a validation set,
 * else the training loss (as the tutorial). A stop request (Ctrl-C, --max-time) ends training after
 * the current step; saving is the caller's Checkpointer, called periodically and at the end.
 */
package org.rnnlm4j.train;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.nn.Param;

public final class Trainer {
    /** Saves the model; called from the training thread between steps. */
    public interface Checkpointer {
        void save(LanguageModel model, String reason);
    }

    /** How a run ended. */
    public record Result(int epochsCompleted, long steps, double finalTrainLoss, double finalValidLoss,
                         double learningRate, boolean stoppedEarly, double seconds) {
    }

    private final LanguageModel model;
    private final TrainConfig cfg;
    private final Network net;
    private final TrainingListener listener;
    private final List<Param> params;

    public Trainer(LanguageModel model, TrainConfig cfg, Kernels k, TrainingListener listener) {
        if (cfg.bpttTruncate() > 0 && model.config().layers() > 1) {
            throw new org.rnnlm4j.RnnlmException("--bptt-truncate (the tutorial's truncation) works with one layer: use --layers 1 or --bptt-truncate 0");
        }
        this.model = model;
        this.cfg = cfg;
        this.net = model.newNetwork(k);
        this.listener = listener;
        this.params = model.paramList();
    }

    /** Mean cross-entropy per predicted token (nats) over sentences, forward only. */
    public static double meanLoss(Network net, List<int[]> sentences) {
        double total = 0;
        long n = 0;
        for (int[] s : sentences) {
            total += net.loss(s);
            n += s.length - 1;
        }
        return n == 0 ? Double.NaN : total / n;
    }

    public Network network() {
        return net;
    }

    public Result train(List<int[]> train, List<int[]> valid, BooleanSupplier stopRequested, Checkpointer saver) {
        Sgd.fuse(params, (float) cfg.learningRate());
        try {
            return run(train, valid, stopRequested, saver);
        } finally {
            try {
                net.finishPending();   // after an exception too: no update may still be writing the weights
            } finally {
                Sgd.unfuse(params);
            }
        }
    }

    private Result run(List<int[]> train, List<int[]> valid, BooleanSupplier stopRequested, Checkpointer saver) {
        long start = System.nanoTime();
        long lastSave = start;
        double lr = cfg.learningRate();
        NumpyRandom rng = new NumpyRandom(cfg.seed() + 1);
        int[] order = new int[train.size()];
        double previous = Double.NaN;
        double trainLoss = Double.NaN;
        double validLoss = Double.NaN;
        long steps = 0;
        long totalSteps = (long) cfg.epochs() * train.size();
        int epoch = 0;
        boolean stopped = false;
        while (epoch < cfg.epochs() && !stopped) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (cfg.shuffle()) {
                rng.shuffle(order);
            }
            double lossSum = 0;
            long tokens = 0;
            long epochStart = System.nanoTime();
            for (int i = 0; i < order.length; i++) {
                int[] s = train.get(order[i]);
                // applies the SGD update (fused); the decoder's part may still run into the next step's forward
                lossSum += net.lossAndGradientOverlapped(s, cfg.bpttTruncate(), 1f);
                tokens += s.length - 1;
                steps++;
                long now = System.nanoTime();
                double elapsed = (now - start) / 1e9;
                double remaining = elapsed / steps * (totalSteps - steps);
                if (cfg.maxMinutes() > 0) {
                    remaining = Math.min(remaining, Math.max(0, cfg.maxMinutes() * 60 - elapsed));
                }
                listener.step(new TrainingListener.Progress(epoch + 1, cfg.epochs(), i + 1, order.length,
                        lossSum / tokens, (i + 1) / ((now - epochStart) / 1e9), elapsed, remaining));
                if (cfg.saveEveryMinutes() > 0 && now - lastSave > cfg.saveEveryMinutes() * 60e9) {
                    net.finishPending();
                    saver.save(model, "periodic save");
                    lastSave = System.nanoTime();
                }
                if (stopRequested.getAsBoolean()
                        || (cfg.maxMinutes() > 0 && elapsed > cfg.maxMinutes() * 60)) {
                    stopped = true;
                    listener.message(stopRequested.getAsBoolean() ? "stop requested: saving" : "time limit reached: saving");
                    break;
                }
            }
            net.finishPending();   // the weights are whole again: evaluation, saving
            trainLoss = tokens == 0 ? Double.NaN : lossSum / tokens;
            if (stopped) {
                break;
            }
            epoch++;
            if (epoch % cfg.evaluateEvery() == 0 || epoch == cfg.epochs()) {
                validLoss = valid.isEmpty() ? Double.NaN : meanLoss(net, valid);
                listener.evaluated(new TrainingListener.Evaluation(epoch, steps, trainLoss, validLoss, lr));
                double monitored = valid.isEmpty() ? trainLoss : validLoss;
                if (!Double.isNaN(previous) && monitored > previous && epoch < cfg.epochs()) {
                    lr *= 0.5;
                    Sgd.fuse(params, (float) lr);
                    listener.message(String.format(java.util.Locale.ROOT,
                            "loss rose (%.4f > %.4f): learning rate halved to %.6g", monitored, previous, lr));
                }
                previous = monitored;
            }
        }
        saver.save(model, stopped ? "saved after stop" : "final");
        return new Result(epoch, steps, trainLoss, validLoss, lr, stopped, (System.nanoTime() - start) / 1e9);
    }
}
