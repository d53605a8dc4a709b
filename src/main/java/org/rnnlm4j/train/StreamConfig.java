/*
 * StreamConfig: how stream-mode training runs (char-rnn / PyTorch word_language_model), validated
 * on construction. Every field maps onto a `rnnlm4j train --mode stream` flag.
 */
package org.rnnlm4j.train;

import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.train.optim.OptimizerConfig;
import org.rnnlm4j.train.optim.ScheduleConfig;

public record StreamConfig(
        int batch,                 // --batch B: contiguous streams
        int bptt,                  // --bptt T: window length; gradients are truncated at window borders
        long steps,                // --steps: optimizer steps; 0 = epochs * windows per pass
        int epochs,                // --epochs: passes over the training stream (when steps = 0)
        double lr,                 // --lr
        OptimizerConfig optimizer, // --optimizer ...
        ScheduleConfig schedule,   // --lr-schedule
        double clip,               // --clip: max global gradient norm; 0 = off
        Reduction reduction,       // how the window's cross-entropies are combined into the loss
        long evaluateEvery,        // evaluate on the validation stream every N steps (and at the end); 0 = end only
        int evalChunk,             // chunk length of the evaluation stream (batch 1, state carried)
        double maxMinutes,         // --max-time
        long seed,
        double dropout,            // --dropout: between stacked layers, training only
        int patience) {            // --patience: early stop after N evaluations without improvement; 0 = off

    /** MEAN: mean over all T*B targets (char-rnn). TIME_SUM: sum over T of the batch mean (Zaremba). */
    public enum Reduction { MEAN, TIME_SUM }

    public StreamConfig {
        if (batch < 1 || bptt < 1) {
            throw new RnnlmException("--batch and --bptt must be at least 1 (got " + batch + ", " + bptt + ")");
        }
        if (steps < 0 || epochs < 1) {
            throw new RnnlmException("--steps must not be negative and --epochs must be at least 1");
        }
        if (!(lr > 0)) {
            throw new RnnlmException("--lr must be positive (got " + lr + ")");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new RnnlmException("--dropout must be in [0, 1) (got " + dropout + ")");
        }
        if (clip < 0) {
            throw new RnnlmException("--clip must be 0 (off) or positive (got " + clip + ")");
        }
    }

    /** The factor each token's cross-entropy is multiplied by in the loss. */
    public float scale() {
        return reduction == Reduction.MEAN ? 1f / (batch * bptt) : 1f / batch;
    }
}
