/*
 * SoftmaxOutput.backward() on few rows runs chunked over the vocabulary (dS from each chunk's old
 * decoder rows, then that chunk's update). It must give the dS, dDec and dc of the two whole
 * products (backwardInput, then backwardParams) up to float rounding — with the gradient as sink
 * and with fused SGD (sink = the decoder itself, where the order within a chunk matters) — and the
 * same bits for 1 and 2 threads. The vocabulary (300) is not a multiple of the chunk height, and
 * padded targets (-1) are included. backwardParamsStart() (the decoder's gradient in slices of
 * vocabulary rows on the other threads, joined later) must give backwardParams()'s bits exactly.
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.testutil.KernelsUnderTest;

class SoftmaxOutputBackwardTest {
    static final int V = 300;
    static final int H = 20;
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** How run() does the backward. */
    private enum Backward { WHOLE, CHUNKED, STARTED }

    private static float[][] run(Kernels k, int n, boolean fused, boolean chunked, long seed) {
        return run(k, V, n, fused, chunked ? Backward.CHUNKED : Backward.WHOLE, seed);
    }

    /** dS, then the decoder's sink, then the bias's sink, after forwardLoss and one backward. */
    private static float[][] run(Kernels k, int V, int n, boolean fused, Backward how, long seed) {
        Random r = new Random(seed);
        float[] s = new float[n * H];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) r.nextGaussian();
        }
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = i % 7 == 3 ? -1 : r.nextInt(V);
        }
        Param dec = new Param("decoder.weight", V, H);
        Param bias = new Param("decoder.bias", V);
        for (int i = 0; i < dec.w.length; i++) {
            dec.w[i] = (float) (0.3 * r.nextGaussian());
        }
        for (int i = 0; i < V; i++) {
            bias.w[i] = (float) (0.1 * r.nextGaussian());
        }
        if (fused) {
            dec.sinkIntoWeights(0.5f);
            bias.sinkIntoWeights(0.5f);
        }
        SoftmaxOutput out = new SoftmaxOutput(dec, bias, k);
        out.forwardLoss(s, 0, n, targets, 1f / n, null);
        float[] dS;
        if (how == Backward.CHUNKED) {
            dS = out.backward().clone();
        } else {
            dS = out.backwardInput().clone();
            if (how == Backward.STARTED) {
                out.backwardParamsStart().join();
            } else {
                out.backwardParams();
            }
        }
        return new float[][] {java.util.Arrays.copyOf(dS, n * H), dec.sink().clone(), bias.sink().clone()};
    }

    @ParameterizedTest(name = "{0} kernels, {1} rows, fused SGD {2}")
    @CsvSource({"scalar,5,false", "scalar,33,true", "vector,18,false", "vector,18,true", "vector,128,true"})
    void chunkedEqualsTheTwoProducts(String kernels, int n, boolean fused) {
        assertTrue(n <= SoftmaxOutput.CHUNKED_MAX_ROWS, "these rows take the chunked path");
        Kernels k = KernelsUnderTest.named(kernels);
        float[][] whole = run(k, n, fused, false, 7);
        float[][] chunked = run(k, n, fused, true, 7);
        String[] names = {"dS", "decoder sink", "bias sink"};
        for (int i = 0; i < 3; i++) {
            Compare.close(names[i], whole[i], chunked[i], 1e-5, 1e-5);
        }
        double largest = 0;
        for (float v : chunked[0]) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1e-3, "dS is not all zeros (largest " + largest + ")");
    }

    @ParameterizedTest(name = "{0} kernels")
    @CsvSource({"scalar", "vector"})
    void sameBitsForOneAndTwoThreads(String kernels) {
        Kernels k = KernelsUnderTest.named(kernels);
        Parallel.setThreads(1);
        float[][] one = run(k, 18, true, true, 11);
        Parallel.setThreads(2);
        float[][] two = run(k, 18, true, true, 11);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(one[i], two[i]);
        }
    }

    @ParameterizedTest(name = "{0} kernels, vocabulary {1}, {2} rows, {3} threads")
    @CsvSource({"scalar,2503,40,2", "vector,300,40,2", "vector,2503,40,1", "vector,2503,150,2"})
    void startedParamsEqualTheBlockingOnesBitwise(String kernels, int vocab, int n, int threads) {
        Kernels k = KernelsUnderTest.named(kernels);
        Parallel.setThreads(threads);
        float[][] blocking = run(k, vocab, n, false, Backward.WHOLE, 5);
        float[][] started = run(k, vocab, n, false, Backward.STARTED, 5);
        assertArrayEquals(blocking[1], started[1], "decoder sink");
        assertArrayEquals(blocking[2], started[2], "bias sink");
        double largest = 0;
        for (float v : started[1]) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1e-3, "the decoder's gradient is not all zeros (largest " + largest + ")");
    }
}
