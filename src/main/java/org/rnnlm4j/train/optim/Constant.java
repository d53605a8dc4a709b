/*
 * Constant: the same learning rate at every step (torch.optim without a scheduler).
 */
package org.rnnlm4j.train.optim;

import java.util.Locale;

public final class Constant implements LearningRateSchedule {
    private final double lr;

    public Constant(double lr) {
        Schedules.checkBaseLr(lr);
        this.lr = lr;
    }

    @Override
    public double lr(long step, int epoch) {
        return lr;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "constant %.6g", lr);
    }
}
