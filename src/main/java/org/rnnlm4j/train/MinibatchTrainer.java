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
 * Bidirectional models: the right-to-left stack is a second language model over the reversed data
 * (same windows, mirrored), trained in the same step on the sum of both losses, with its own carried
 * state; the reported training loss is the mean of the two directions.
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
    private final Network backNet;   // right-to-left network of a bidirectional model, else null

    public MinibatchTrainer(LanguageModel model, StreamConfig cfg, Kernels k, TrainingListener listener) {
        this.model = model;
        this.cfg = cfg;
        this.k = k;
        this.listener = listener;
        this.params = model.paramList();
        this.net = model.newTrainingNetwork(k, (float) cfg.dropout(), cfg.seed() + 3);
        this.backNet = model.config().bidirectional() ? model.newBackwardNetwork(k, (float) cfg.dropout(), cfg.seed() + 4) : null;
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

    /**
     * Validation loss of a model over a stream: left to right, and for a bidirectional model the mean
     * of that and the right-to-left network's loss over the reversed stream.
     */
    public static double evaluateModel(LanguageModel m, Kernels k, TokenStream stream, int chunk) {
        double forward = evaluate(m.newNetwork(k), stream, chunk);
        if (!m.config().bidirectional()) {
            return forward;
        }
        return (forward + evaluate(m.newBackwardNetwork(k, 0f, 0), stream.reversed(), chunk)) / 2;
    }

    /** Validation loss per prediction over sentences; for a bidirectional model the mean of both directions. */
    public static double evaluateModel(LanguageModel m, Kernels k, List<int[]> sentences) {
        double forward = Trainer.meanLoss(m.newNetwork(k), sentences);
        if (!m.config().bidirectional()) {
            return forward;
        }
        return (forward + Trainer.meanLoss(m.newBackwardNetwork(k, 0f, 0), Batches.reverseEach(sentences))) / 2;
    }

    /** Stream mode: windows of the training stream; validation on a stream (null for none). */
    public Result train(TokenStream train, TokenStream valid, BooleanSupplier stop, EvaluationSink sink,
                        Trainer.Checkpointer saver) {
        return train(Batches.streams(train, cfg.batch(), cfg.bptt()),
                valid == null ? null : () -> evaluateModel(model, k, valid, cfg.evalChunk()), stop, sink, saver);
    }

    /** Any batches; validate computes the validation loss (null for none). */
    public Result train(Batches batcher, java.util.function.DoubleSupplier validate, BooleanSupplier stop,
                        EvaluationSink sink, Trainer.Checkpointer saver) {
        return train(batcher, validate, stop, sink, saver, null, null);
    }

    /**
     * As above; resume (nullable) continues a run from a checkpoint taken by an earlier call (the model
     * must hold that checkpoint's weights), and checkpoints (nullable) receives a checkpoint right before
     * each final save, so that the run can be resumed exactly.
     */
    public Result train(Batches batcher, java.util.function.DoubleSupplier validate, BooleanSupplier stop,
                        EvaluationSink sink, Trainer.Checkpointer saver, Checkpoint resume,
                        java.util.function.Consumer<Checkpoint> checkpoints) {
        Batches reversed = backNet == null ? null : batcher.reversed();
        long total = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * batcher.batchesPerPass();
        Optimizer opt = OptimizerConfig.create(cfg.optimizer());
        LearningRateSchedule schedule = cfg.schedule().create(cfg.lr(), total);
        State state = batcher.carriesState() ? net.newState(cfg.batch()) : null;
        State backState = backNet != null && batcher.carriesState() ? backNet.newState(cfg.batch()) : null;
        Guardrail guard = new Guardrail(params, opt, 50, 1000, 5);
        EarlyStopping early = cfg.patience() > 0 ? new EarlyStopping(cfg.patience(), 0) : null;
        Counters n = new Counters();
        if (resume != null) {
            n.restore(resume);
            opt.loadState(resume.withPrefix("opt/"));
            schedule.loadState(resume.withPrefix("sched/"));
            if (early != null) {
                early.loadState(resume.withPrefix("early/"));
            }
            guard.restore(resume);
            batcher.seek(resume.get("data.position"));
            restore(resume, "", net, state);
            if (reversed != null) {
                reversed.seek(resume.get("data.position"));
                restore(resume, "_reverse", backNet, backState);
            }
            listener.message("resumed at step " + n.step + " of " + total);
        }
        long start = System.nanoTime();
        long evalNanos = 0;             // time spent evaluating, excluded from throughput
        double lastNorm = 0;
        double trainLoss = Double.NaN;
        double validLoss = Double.NaN;
        boolean stopped = false;
        while (n.step < total) {
            batcher.next();
            if (state != null && batcher.startsNewPass()) {
                state.reset();
            }
            net.zeroGrad();
            float scale = batcher.carriesState() ? cfg.scale() : 1f / batcher.tokens();
            double loss = net.lossAndGradient(batcher.inputs(), batcher.targets(), batcher.steps(), batcher.rows(),
                    scale, state, state);
            if (reversed != null) {
                reversed.next();
                if (reversed.steps() != batcher.steps() || reversed.rows() != batcher.rows() || reversed.tokens() != batcher.tokens()) {
                    throw new IllegalStateException("reversed batches out of step with the forward ones");
                }
                if (backState != null && reversed.startsNewPass()) {
                    backState.reset();
                }
                loss += backNet.lossAndGradient(reversed.inputs(), reversed.targets(), reversed.steps(), reversed.rows(),
                        scale, backState, backState);
                loss /= 2;
            }
            n.tokens += batcher.tokens();
            // clipping's factor is applied by the optimizer's step (plain SGD folds it into its update)
            GradientClipping.ClipResult clip = cfg.clip() > 0 ? GradientClipping.measure(params, cfg.clip())
                    : new GradientClipping.ClipResult(GradientClipping.globalNorm(params), false);
            lastNorm = clip.norm();
            double lr = schedule.lr(n.step, (int) batcher.pass()) * guard.lrFactor();
            String problem = guard.check(loss, clip.norm());
            if (problem == null) {
                opt.step(params, lr, clip.factor());
                guard.healthy(n.step + 1, clip.norm());
                if (clip.clipped()) {
                    n.clipped++;
                }
            } else {
                n.skipped++;
                long back = guard.rollBack();
                if (state != null) {
                    state.reset();
                }
                if (backState != null) {
                    backState.reset();
                }
                listener.message(String.format(java.util.Locale.ROOT,
                        "step %d: %s; rolled back to the weights of step %d and lowered the learning rate to %.3g",
                        n.step + 1, problem, back, schedule.lr(n.step, (int) batcher.pass()) * guard.lrFactor()));
                if (guard.exhausted()) {
                    saver.save(model, "last good weights after " + guard.failures() + " rollbacks");
                    throw new org.rnnlm4j.RnnlmException("training diverged " + guard.failures()
                            + " times; stopped and saved the last good weights: lower --lr, or use --clip");
                }
            }
            n.step++;
            if (problem == null) {
                n.lossSum += !batcher.carriesState() || cfg.reduction() == StreamConfig.Reduction.MEAN ? loss : loss / cfg.bptt();
                n.lossCount++;
            }
            double elapsed = (System.nanoTime() - start - evalNanos) / 1e9;
            double remaining = elapsed / n.step * (total - n.step);
            if (cfg.maxMinutes() > 0) {
                remaining = Math.min(remaining, Math.max(0, cfg.maxMinutes() * 60 - elapsed));
            }
            listener.step(new TrainingListener.Progress((int) batcher.pass() + 1, (int) Math.ceil((double) total / batcher.batchesPerPass()),
                    (int) n.step, (int) total, n.lossSum / n.lossCount, n.tokens / elapsed, elapsed, remaining));
            boolean regular = n.step == total || (cfg.evaluateEvery() > 0 && n.step - n.lastEval >= cfg.evaluateEvery());
            if (stop.getAsBoolean() || (cfg.maxMinutes() > 0 && elapsed > cfg.maxMinutes() * 60)) {
                stopped = true;
                listener.message(stop.getAsBoolean() ? "stop requested: saving" : "time limit reached: saving");
            }
            if (regular || stopped) {
                trainLoss = n.lossSum / n.lossCount;
                long e0 = System.nanoTime();
                validLoss = validate == null ? Double.NaN : validate.getAsDouble();
                evalNanos += System.nanoTime() - e0;
                listener.evaluated(new TrainingListener.Evaluation((int) batcher.pass() + 1, n.step, trainLoss, validLoss, lr));
                if (sink != null) {
                    sink.evaluated(n.step, n.tokens, trainLoss, validLoss, lr, lastNorm, n.tokens / elapsed, elapsed);
                }
                if (regular) {
                    // only scheduled evaluations steer the run, so an interrupted run resumes exactly
                    n.lossSum = 0;
                    n.lossCount = 0;
                    n.lastEval = n.step;
                    schedule.onValidation(validate == null ? trainLoss : validLoss);
                    if (validate != null && validLoss < n.best) {
                        n.best = validLoss;
                        saver.save(model, "best");
                    }
                    if (early != null && validate != null && early.observe(validLoss).stop() && n.step < total) {
                        stopped = true;
                        listener.message("validation loss has not improved for " + cfg.patience() + " evaluations: early stop");
                    }
                }
            }
            if (stopped) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start - evalNanos) / 1e9;
        if (checkpoints != null) {
            checkpoints.accept(capture(n, opt, schedule, early, guard, batcher, state, backState));
        }
        saver.save(model, stopped ? "saved after stop" : "final");
        return new Result(n.step, n.tokens, trainLoss, validLoss, seconds, n.tokens / seconds, n.clipped, n.skipped, stopped);
    }

    /** Restores one direction's carried state and dropout generator; suffix "" or "_reverse". */
    private static void restore(Checkpoint resume, String suffix, Network network, State state) {
        if (state != null) {
            System.arraycopy(resume.tensors().get("state" + suffix + ".h"), 0, state.h(), 0, state.h().length);
            if (state.c() != null) {
                System.arraycopy(resume.tensors().get("state" + suffix + ".c"), 0, state.c(), 0, state.c().length);
            }
        }
        if (resume.settings().containsKey("dropout" + suffix + ".rng")) {
            network.setDropoutRngState(java.util.Arrays.stream(resume.get("dropout" + suffix + ".rng").split(","))
                    .mapToInt(Integer::parseInt).toArray());
        }
    }

    /** Saves what restore() reads. */
    private static void save(java.util.Map<String, String> s, java.util.Map<String, float[]> t, String suffix,
                             Network network, State state) {
        int[] rng = network.dropoutRngState();
        if (rng != null) {
            s.put("dropout" + suffix + ".rng", java.util.Arrays.stream(rng).mapToObj(Integer::toString)
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        if (state != null) {
            t.put("state" + suffix + ".h", state.h().clone());
            if (state.c() != null) {
                t.put("state" + suffix + ".c", state.c().clone());
            }
        }
    }

    private Checkpoint capture(Counters n, Optimizer opt, LearningRateSchedule schedule, EarlyStopping early,
                               Guardrail guard, Batches batcher, State state, State backState) {
        java.util.Map<String, String> s = new java.util.LinkedHashMap<>(n.toMap());
        s.putAll(guard.state());
        s.put("data.position", batcher.position());
        java.util.Map<String, float[]> t = new java.util.LinkedHashMap<>();
        save(s, t, "", net, state);
        if (backNet != null) {
            save(s, t, "_reverse", backNet, backState);
        }
        opt.state().forEach((k2, v) -> t.put("opt/" + k2, v.clone()));
        schedule.state().forEach((k2, v) -> t.put("sched/" + k2, v.clone()));
        if (early != null) {
            early.state().forEach((k2, v) -> t.put("early/" + k2, v.clone()));
        }
        return new Checkpoint(s, t);
    }

    /** The run's counters; doubles kept by their bits in checkpoints. */
    private static final class Counters {
        long step;
        long tokens;
        long lastEval;
        long clipped;
        long skipped;
        long lossCount;
        double lossSum;
        double best = Double.POSITIVE_INFINITY;

        java.util.Map<String, String> toMap() {
            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("run.step", Long.toString(step));
            m.put("run.tokens", Long.toString(tokens));
            m.put("run.last_eval", Long.toString(lastEval));
            m.put("run.clipped", Long.toString(clipped));
            m.put("run.skipped", Long.toString(skipped));
            m.put("run.loss_count", Long.toString(lossCount));
            m.put("run.loss_sum", Checkpoint.bits(lossSum));
            m.put("run.best", Checkpoint.bits(best));
            return m;
        }

        void restore(Checkpoint c) {
            step = c.getLong("run.step");
            tokens = c.getLong("run.tokens");
            lastEval = c.getLong("run.last_eval");
            clipped = c.getLong("run.clipped");
            skipped = c.getLong("run.skipped");
            lossCount = c.getLong("run.loss_count");
            lossSum = c.getDouble("run.loss_sum");
            best = c.getDouble("run.best");
        }
    }
}
