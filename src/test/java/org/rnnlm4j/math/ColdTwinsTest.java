/*
 * ColdTwinsTest: the scalar twins that VectorKernels runs for its first small calls (ColdTwins) give
 * the vector code's bits: gemv and gemvPair (four-row groups, remainder rows, ragged columns, beta 0
 * and not), dot, axpy, tanh, sigmoid and the LSTM forward row (H a multiple of the lane count or not, saturating
 * gates), each a kernel with every small call on its twin against one with none. And a kernel that
 * switches from twins to vectors part way gives the same sequence of results as either.
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.testutil.KernelsUnderTest;

class ColdTwinsTest {
    private static final int[] ROWS = {1, 3, 4, 5, 8, 13, 64, 256};
    private static final int[] COLS = {1, 7, 8, 9, 31, 33, 64, 96};

    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }

    private static VectorKernels cold() {
        return new VectorKernels(1, Integer.MAX_VALUE);
    }

    private static VectorKernels warm() {
        return new VectorKernels(1, 0);
    }

    @Test
    void gemvAndGemvPairGiveTheVectorBits() {
        KernelsUnderTest.assumeVector();
        SplittableRandom r = new SplittableRandom(3);
        for (int m : ROWS) {
            for (int n : COLS) {
                for (float beta : new float[] {0f, 0.5f}) {
                    float[] a = random(r, m * n + 3, 1);
                    float[] x = random(r, n + 2, 1);
                    float[] y0 = random(r, m + 1, 1);
                    float[] want = y0.clone();
                    float[] got = y0.clone();
                    warm().gemv(m, n, a, 3, n, x, 2, beta, want, 1);
                    cold().gemv(m, n, a, 3, n, x, 2, beta, got, 1);
                    assertArrayEquals(want, got, "gemv " + m + " x " + n + ", beta " + beta);

                    float[] a2 = random(r, m * 5, 1);
                    float[] x2 = random(r, 5, 1);
                    float[] want1 = y0.clone();
                    float[] want2 = random(r, m, 1);
                    float[] got1 = y0.clone();
                    float[] got2 = want2.clone();
                    float[] a1 = java.util.Arrays.copyOfRange(a, 3, 3 + m * n);
                    warm().gemvPair(m, n, a1, 0, x, 2, beta, want1, 5, a2, 0, x2, 0, 1f, want2);
                    cold().gemvPair(m, n, a1, 0, x, 2, beta, got1, 5, a2, 0, x2, 0, 1f, got2);
                    assertArrayEquals(want1, got1, "gemvPair first " + m + " x " + n);
                    assertArrayEquals(want2, got2, "gemvPair second " + m + " x 5");
                }
            }
        }
    }

    @Test
    void dotAndAxpyGiveTheVectorBits() {
        KernelsUnderTest.assumeVector();
        SplittableRandom r = new SplittableRandom(4);
        for (int n : new int[] {0, 1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 257, 1000}) {
            float[] x = random(r, n + 1, 3);
            float[] y = random(r, n + 2, 3);
            assertEquals(Float.floatToIntBits(warm().dot(n, x, 1, y, 2)), Float.floatToIntBits(cold().dot(n, x, 1, y, 2)),
                    "dot " + n);
            float[] want = y.clone();
            float[] got = y.clone();
            warm().axpy(n, -0.37f, x, 1, want, 2);
            cold().axpy(n, -0.37f, x, 1, got, 2);
            assertArrayEquals(want, got, "axpy " + n);
        }
    }

    @Test
    void tanhAndSigmoidGiveTheVectorBits() {
        KernelsUnderTest.assumeVector();
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {1, 7, 8, 9, 33, 256}) {
            for (double scale : new double[] {0.3, 5, 100}) {
                float[] x = random(r, n + 1, scale);
                float[] want = new float[n];
                float[] got = new float[n];
                warm().tanh(n, x, 1, want, 0);
                cold().tanh(n, x, 1, got, 0);
                assertArrayEquals(want, got, "tanh " + n + ", scale " + scale);
                warm().sigmoid(n, x, 1, want, 0);
                cold().sigmoid(n, x, 1, got, 0);
                assertArrayEquals(want, got, "sigmoid " + n + ", scale " + scale);
            }
        }
    }

    @Test
    void lstmRowGivesTheVectorBits() {
        KernelsUnderTest.assumeVector();
        SplittableRandom r = new SplittableRandom(5);
        for (int h : new int[] {8, 12, 64, 100}) {
            for (double scale : new double[] {0.5, 4, 60}) {   // 60: gates saturate, exp over- and underflows
                float[] ih = random(r, 4 * h + 1, scale);
                float[] hh = random(r, 4 * h + 2, scale);
                float[] cPrev = random(r, h, 2);
                float[] wantCache = new float[5 * h];
                float[] gotCache = new float[5 * h];
                float[] wantC = new float[h];
                float[] gotC = new float[h];
                float[] wantH = new float[h];
                float[] gotH = new float[h];
                warm().lstmForwardRow(h, ih, 1, hh, 2, cPrev, 0, wantCache, 0, wantC, 0, wantH, 0);
                cold().lstmForwardRow(h, ih, 1, hh, 2, cPrev, 0, gotCache, 0, gotC, 0, gotH, 0);
                assertArrayEquals(wantCache, gotCache, "cache, H " + h + ", scale " + scale);
                assertArrayEquals(wantC, gotC, "c, H " + h);
                assertArrayEquals(wantH, gotH, "h, H " + h);
            }
        }
    }

    @Test
    void switchingPartWayChangesNoResult() {
        KernelsUnderTest.assumeVector();
        SplittableRandom r = new SplittableRandom(6);
        VectorKernels switching = new VectorKernels(1, 5);
        VectorKernels warm = warm();
        float[] a = random(r, 256 * 96, 1);
        float[] x = random(r, 96, 1);
        for (int call = 0; call < 12; call++) {   // calls 0-4 on the twins, the rest on vectors
            float[] want = new float[256];
            float[] got = new float[256];
            warm.gemv(256, 96, a, 0, 96, x, 0, 0f, want, 0);
            switching.gemv(256, 96, a, 0, 96, x, 0, 0f, got, 0);
            assertArrayEquals(want, got, "call " + call);
            x[call] += 0.25f;
        }
    }
}
