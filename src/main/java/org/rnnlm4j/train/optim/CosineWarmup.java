/*
 * CosineWarmup: linear warm-up, then cosine decay to a minimum (Loshchilov & Hutter 2017, "SGDR",
 * eq. 5, one cycle without restarts; warm-up as Goyal et al. 2017, "Accurate, Large Minibatch SGD",
 * Section 2.2). For update `step` (0-based) of a run of `total` updates with W warm-up updates:
 *
 *     step <  W:        lr = base * (step + 1) / W                    (rises linearly from base / W to base)
 *     W <= step < total: p = (step - W) / (total - W)
 *                        lr = min + (base - min) * (1 + cos(pi * p)) / 2
 *     step >= total:     lr = min
 *
 * This is nanoGPT's get_lr (Karpathy); Hugging Face's get_cosine_schedule_with_warmup differs only
 * in warming up as step / W, which spends its first update at lr 0.
 */
package org.rnnlm4j.train.optim;

import java.util.Locale;
import org.rnnlm4j.RnnlmException;

public final class CosineWarmup implements LearningRateSchedule {
    private final double base;
    private final long warmup;
    private final long total;
    private final double min;

    public CosineWarmup(double base, long warmupSteps, long totalSteps, double minLr) {
        Schedules.checkBaseLr(base);
        check(warmupSteps, minLr);
        if (totalSteps <= warmupSteps) {
            throw new RnnlmException("cosine:WARMUP needs fewer warm-up steps (" + warmupSteps
                    + ") than the run has updates (" + totalSteps + "): lower WARMUP or train longer");
        }
        if (minLr > base) {
            throw new RnnlmException("cosine:WARMUP:MIN_LR needs MIN_LR (" + minLr + ") no larger than the learning rate (" + base + ")");
        }
        this.base = base;
        this.warmup = warmupSteps;
        this.total = totalSteps;
        this.min = minLr;
    }

    static void check(long warmupSteps, double minLr) {
        if (warmupSteps < 0) {
            throw new RnnlmException("cosine:WARMUP needs WARMUP of 0 or more steps (got " + warmupSteps + ")");
        }
        if (!(minLr >= 0) || Double.isInfinite(minLr)) {
            throw new RnnlmException("cosine:WARMUP:MIN_LR needs MIN_LR of 0 or more (got " + minLr + ")");
        }
    }

    @Override
    public double lr(long step, int epoch) {
        if (step < warmup) {
            return base * (step + 1) / warmup;
        }
        if (step >= total) {
            return min;
        }
        double p = (double) (step - warmup) / (total - warmup);
        return min + (base - min) * (1 + Math.cos(Math.PI * p)) / 2;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "cosine: %d warm-up steps to %.6g, then down to %.6g at step %d",
                warmup, base, min, total);
    }
}
