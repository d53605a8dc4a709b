/*
 * StepDecay: multiply the learning rate by gamma every N epochs, as torch.optim.lr_scheduler.StepLR
 * stepped once per epoch (its closed form):
 *
 *     lr(epoch) = base * gamma ^ floor(epoch / N)        (epoch 0-based)
 */
package org.rnnlm4j.train.optim;

import java.util.Locale;
import org.rnnlm4j.RnnlmException;

public final class StepDecay implements LearningRateSchedule {
    private final double base;
    private final int everyEpochs;
    private final double gamma;

    public StepDecay(double base, int everyEpochs, double gamma) {
        Schedules.checkBaseLr(base);
        check(everyEpochs, gamma);
        this.base = base;
        this.everyEpochs = everyEpochs;
        this.gamma = gamma;
    }

    static void check(int everyEpochs, double gamma) {
        if (everyEpochs < 1) {
            throw new RnnlmException("step:N:GAMMA needs N of at least 1 epoch (got " + everyEpochs + ")");
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new RnnlmException("step:N:GAMMA needs a positive GAMMA (got " + gamma + ")");
        }
    }

    @Override
    public double lr(long step, int epoch) {
        return base * Math.pow(gamma, Math.max(0, epoch) / everyEpochs);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "step: %.6g, times %.6g every %d epoch%s", base, gamma, everyEpochs,
                everyEpochs == 1 ? "" : "s");
    }
}
