/*
 * TrainConfig: how the tutorial's training loop runs, validated on construction.
 * Every field maps 1:1 onto a `rnnlm4j train` flag.
 */
package org.rnnlm4j.train;

import org.rnnlm4j.RnnlmException;

public record TrainConfig(
        int epochs,            // --epochs
        double learningRate,   // --lr (SGD on the summed loss of a sentence, as the tutorial)
        int bpttTruncate,      // --bptt-truncate K; 0 = full BPTT
        int evaluateEvery,     // --evaluate-every E epochs: evaluate, halve lr if the loss rose
        long seed,             // --seed: initialization and shuffling
        boolean shuffle,       // --no-shuffle turns it off (sentences in file order)
        double saveEveryMinutes, // --save-every: periodic atomic save; 0 = only at the end
        double maxMinutes) {   // --max-time: stop (and save) after this long; 0 = no limit

    public TrainConfig {
        if (epochs < 1) {
            throw new RnnlmException("--epochs must be at least 1 (got " + epochs + ")");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new RnnlmException("--lr must be a positive number (got " + learningRate + ")");
        }
        if (bpttTruncate < 0) {
            throw new RnnlmException("--bptt-truncate must be 0 (full BPTT) or positive (got " + bpttTruncate + ")");
        }
        if (evaluateEvery < 1) {
            throw new RnnlmException("--evaluate-every must be at least 1 (got " + evaluateEvery + ")");
        }
        if (saveEveryMinutes < 0 || maxMinutes < 0) {
            throw new RnnlmException("--save-every and --max-time must not be negative");
        }
    }

    /** The tutorial's Part 2 settings. */
    public static TrainConfig tutorial(int epochs) {
        return new TrainConfig(epochs, 0.005, 4, 1, 10, true, 5, 0);
    }
}
