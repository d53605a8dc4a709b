/*
 * MinibatchTrainer: minibatched training with an optimizer — over one long token stream in the
 * layout of char-rnn and PyTorch's word_language_model (B contiguous streams, windows of T, state
 * carried, truncated BPTT), or over padded batches of sentences of similar length, each sentence
 * from a zero state (Batches says which).
 *
 *   state = 0
 *   each step: next window; a new pass over the data zeroes the state
 *              zero grads; loss = reduction of CE over the window from `state`; backward
 *              (the gradient stops at the window border: the carried state is a constant)
 *              clip the global gradient norm; optimizer step with the schedule's lr
 *              state = the window's final state
 *   every N steps and at the end: evaluate on the validation stream (batch 1, state carried)
 *
 * Best model and early stopping: with validation data, every evaluation that improves on the best
 * validation loss so far is saved with reason "best"; after `patience` evaluations without
 * improvement (StreamConfig.patience, 0 = never) training stops. The final save has reason "final"
 * (or "saved after stop").
 *
 * Guardrails: a non-finite loss or gradient norm, or an exploding norm, rolls the weights and the
 * optimizer back to the last snapshot (Guardrail), halves the learning rate and says so; after 5
 * rollbacks the run stops, saves the last good weights and throws an actionable RnnlmException.
 */
package org.rnnlm4j.train;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.rnnlm4j.data.batch.EvalChunks;
import org.rnnlm4j.data.batch.TokenStream;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.model.State;
import org.rnnlm4j.nn.Param;
import org.rnnlm4j.train.optim.EarlyStopping;
import org.rnnlm4j.train.optim.GradientClipping;
import org.rnnlm4j.train.optim.LearningRateSchedule;
import org.rnnlm4j.train.optim.Optimizer;
import org.rnnlm4j.train.optim.OptimizerConfig;

public final class MinibatchTrainer {
    /** How a run ended. Losses in nats per token; validLoss NaN without validation data; seconds exclude evaluation. */
    public record Result(long steps, long tokens, double trainLoss, double validLoss, double seconds,
                         double tokensPerSecond, long clippedSteps, long skippedSteps, boolean stoppedEarly) {
    }

    /** Called after each evaluation (for metrics files and samples). */
    public interface EvaluationSink {
        void evaluated(long step, long tokens, double trainLoss, double validLoss, double lr, double gradNorm,
                       double tokensPerSecond, double seconds);
    }

    private final LanguageModel model;
    private final StreamConfig cfg;
    private final Kernels k;
    private final TrainingListener listener;
    private final List<Param> params;
    private final Network net;

    public MinibatchTrainer(LanguageModel model, StreamConfig cfg, Kernels k, TrainingListener listener) {
        this.model = model;
        this.cfg = cfg;
        this.k = k;
        this.listener = listener;
        this.params = model.paramList();
        this.net = model.newTrainingNetwork(k, (float) cfg.dropout(), cfg.seed() + 3);
    }

    /** Mean NLL per prediction over a whole stream, batch 1, chunks of `chunk`, state carried. */
    public static double evaluate(Network net, TokenStream stream, int chunk) {
        EvalChunks chunks = new EvalChunks(stream, chunk);
        State state = net.newState(1);
        double nats = 0;
        while (chunks.next()) {
            nats += net.loss(chunks.inputs(), chunks.targets(), chunks.steps(), 1, state, state);
        }
        return nats / chunks.predictions();
    }

    /** Stream mode: windows of the training stream; validation on a stream (null for none). */
    public Result train(TokenStream train, TokenStream valid, BooleanSupplier stop, EvaluationSink sink,
                        Trainer.Checkpointer saver) {
        return train(Batches.streams(train, cfg.batch(), cfg.bptt()),
                valid == null ? null : () -> evaluate(model.newNetwork(k), valid, cfg.evalChunk()), stop, sink, saver);
    }

    /** Any batches; validate computes the validation loss (null for none). */
    public Result train(Batches batcher, java.util.function.DoubleSupplier validate, BooleanSupplier stop,
                        EvaluationSink sink, Trainer.Checkpointer saver) {
        long total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * batcher.batchesPerPass();
        Optimizer opt = OptimizerConfig.create(cfg.optimizer());
        LearningRateSchedule schedule = cfg.schedule().create(cfg.lr(), total);
        State state = batcher.carriesState() ? net.newState(cfg.batch()) : null;
        Guardrail guard = new Guardrail(params, opt, 50, 1000, 5);
        EarlyStopping early = cfg.patience() > 0 ? new EarlyStopping(cfg.patience(), 0) : null;
        double best = Double.POSITIVE_INFINITY;
        long tokensSeen = 0;
        long start = System.nanoTime();
        long lastEval = 0;
        long evalNanos = 0;             // time spent evaluating, excluded from throughput
        double lossSum = 0;
        long lossCount = 0;
        long clipped = 0;
        long skipped = 0;
        double lastNorm = 0;
        double trainLoss = Double.NaN;
        double validLoss = Double.NaN;
        long step = 0;
        boolean stopped = false;
        while (step < total) {
            batcher.next();
            if (state != null && batcher.startsNewPass()) {
                state.reset();
            }
            net.zeroGrad();
            float scale = batcher.carriesState() ? cfg.scale() : 1f / batcher.tokens();
            double loss = net.lossAndGradient(batcher.inputs(), batcher.targets(), batcher.steps(), batcher.rows(),
                    scale, state, state);
            tokensSeen += batcher.tokens();
            GradientClipping.ClipResult clip = cfg.clip() > 0 ? GradientClipping.clipByGlobalNorm(params, cfg.clip())
                    : new GradientClipping.ClipResult(GradientClipping.globalNorm(params), false);
            lastNorm = clip.norm();
            double lr = schedule.lr(step, (int) batcher.pass()) * guard.lrFactor();
            String problem = guard.check(loss, clip.norm());
            if (problem == null) {
                opt.step(params, lr);
                guard.healthy(step + 1, clip.norm());
                if (clip.clipped()) {
                    clipped++;
                }
            } else {
                skipped++;
                long back = guard.rollBack();
                if (state != null) {
                    state.reset();
                }
                listener.message(String.format(java.util.Locale.ROOT,
                        "step %d: %s; rolled back to the weights of step %d and lowered the learning rate to %.3g",
                        step + 1, problem, back, schedule.lr(step, (int) batcher.pass()) * guard.lrFactor()));
                if (guard.exhausted()) {
                    saver.save(model, "last good weights after " + guard.failures() + " rollbacks");
                    throw new org.rnnlm4j.RnnlmException("training diverged " + guard.failures()
                            + " times; stopped and saved the last good weights: lower --lr, or use --clip");
                }
            }
            step++;
            if (problem == null) {
                lossSum += !batcher.carriesState() || cfg.reduction() == StreamConfig.Reduction.MEAN ? loss : loss / cfg.bptt();
                lossCount++;
            }
            double elapsed = (System.nanoTime() - start - evalNanos) / 1e9;
            double remaining = elapsed / step * (total - step);
            if (cfg.maxMinutes() > 0) {
                remaining = Math.min(remaining, Math.max(0, cfg.maxMinutes() * 60 - elapsed));
            }
            listener.step(new TrainingListener.Progress((int) batcher.pass() + 1, (int) Math.ceil((double) total / batcher.batchesPerPass()),
                    (int) step, (int) total, lossSum / lossCount, tokensSeen / elapsed, elapsed, remaining));
            boolean end = step == total;
            if (stop.getAsBoolean() || (cfg.maxMinutes() > 0 && elapsed > cfg.maxMinutes() * 60)) {
                stopped = true;
                end = true;
                listener.message(stop.getAsBoolean() ? "stop requested: saving" : "time limit reached: saving");
            }
            if (end || (cfg.evaluateEvery() > 0 && step - lastEval >= cfg.evaluateEvery())) {
                trainLoss = lossSum / lossCount;
                long e0 = System.nanoTime();
                validLoss = validate == null ? Double.NaN : validate.getAsDouble();
                evalNanos += System.nanoTime() - e0;
                schedule.onValidation(validate == null ? trainLoss : validLoss);
                listener.evaluated(new TrainingListener.Evaluation((int) batcher.pass() + 1, step, trainLoss, validLoss, lr));
                if (sink != null) {
                    sink.evaluated(step, tokensSeen, trainLoss, validLoss, lr, lastNorm, tokensSeen / elapsed, elapsed);
                }
                lossSum = 0;
                lossCount = 0;
                lastEval = step;
                if (validate != null && validLoss < best) {
                    best = validLoss;
                    saver.save(model, "best");
                }
                if (early != null && validate != null && early.observe(validLoss).stop() && !end) {
                    stopped = true;
                    listener.message("validation loss has not improved for " + cfg.patience() + " evaluations: early stop");
                }
            }
            if (stopped) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start - evalNanos) / 1e9;
        saver.save(model, stopped ? "saved after stop" : "final");
        return new Result(step, tokensSeen, trainLoss, validLoss, seconds, tokensSeen / seconds, clipped, skipped, stopped);
    }
}
