/*
 * SoftmaxBench: the word model's output rows, 700 positions x 7596 words (20 streams x 35 steps, the
 * PTB vocabulary): softmaxRows in place with each row's log-sum-exp (training), and the
 * cross-entropy sum of (logSumExp(row) - logit of the row's target) (evaluation). The logits are
 * restored before each softmax call, outside the timing (Level.Invocation is fine for calls of
 * milliseconds). Time per call over all 700 rows.
 */
package org.rnnlm4j.math;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

public class SoftmaxBench extends KernelBench {
    static final int ROWS = 700;
    static final int VOCAB = 7596;

    private Kernels k;
    private float[] logits, work, lse;
    private int[] targets;

    @Setup
    public void setUp() {
        k = kernels(0);
        logits = uniform(ROWS * VOCAB, 1, -12, 12);
        work = logits.clone();
        lse = new float[ROWS];
        targets = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            targets[r] = (r * 7919) % VOCAB;
        }
    }

    @Setup(Level.Invocation)
    public void restoreLogits() {
        System.arraycopy(logits, 0, work, 0, logits.length);
    }

    @Benchmark
    public float[] softmaxRows() {
        k.softmaxRows(ROWS, VOCAB, work, 0, VOCAB, lse, 0);
        return lse;
    }

    @Benchmark
    public double crossEntropy() {
        double sum = 0;
        for (int r = 0; r < ROWS; r++) {
            sum += k.logSumExp(logits, r * VOCAB, VOCAB) - logits[r * VOCAB + targets[r]];
        }
        return sum;
    }
}
