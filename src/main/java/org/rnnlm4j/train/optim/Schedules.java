/*
 * Schedules: checks shared by the LearningRateSchedule implementations.
 */
package org.rnnlm4j.train.optim;

import org.rnnlm4j.RnnlmException;

final class Schedules {
    private Schedules() {
    }

    static void checkBaseLr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new RnnlmException("--lr must be a positive number (got " + lr + ")");
        }
    }
}
