/*
 * TrainingListener: what a training run tells the outside world (a progress line, a log, a test).
 * All methods have empty defaults; the trainer calls them from its own thread.
 */
package org.rnnlm4j.train;

public interface TrainingListener {
    /** After each step; cheap to call: listeners throttle themselves. */
    default void step(Progress p) {
    }

    /** After an evaluation at the end of an epoch. */
    default void evaluated(Evaluation e) {
    }

    /** Free-form news: learning-rate changes, saves, stops. */
    default void message(String text) {
    }

    /** A snapshot of where training is. Loss in nats per predicted token. */
    record Progress(int epoch, int epochs, int step, int stepsPerEpoch, double runningLoss,
                    double sentencesPerSecond, double secondsElapsed, double secondsRemaining) {
    }

    /** Mean losses (nats/token) at an evaluation; validLoss is NaN without a validation set. */
    record Evaluation(int epoch, long sentencesSeen, double trainLoss, double validLoss, double learningRate) {
    }
}
