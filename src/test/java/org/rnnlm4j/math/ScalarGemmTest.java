/*
 * ScalarGemmTest: ScalarKernels.gemm, gemv and gemvT give bit for bit the results of the naive
 * loops they replaced: naiveGemm is the old gemm, verbatim; the old gemv and gemvT were that same
 * loop with n = 1 and alpha = 1f (y(i) = sum over j of A(i,j) x(j) in j order; 1f * acc == acc
 * exactly), so naiveGemm checks them too. Every sum from 0f, in index order, one float multiply and
 * one float add per term. Covers the four transpose cases, alpha 1 / other / 0,
 * beta 0 (NaN garbage in C) / 1 / other, offsets and leading dimensions wider than the matrix
 * (GemmTest.Case: NaN around A and B, sentinels around C), awkward sizes on both sides of ROWS and
 * NB, signed zeros, and 1, 2 and 3 threads
 * (Parallel.setThreads, restored afterwards).
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScalarGemmTest {
    private static final int[] SIZES = {1, 3, 4, 5, 7, 17, 33, ScalarKernels.NB + 1};
    private static final float[][] ALPHA_BETA = {
        {1f, 0f}, {1f, 1f}, {1f, 0.25f}, {-1.5f, 0f}, {0.3f, 1f}, {-1.5f, -0.75f}, {0f, 0.5f}, {0f, 0f},
    };

    /** ScalarKernels.gemm before it was made fast: the definition of its result. */
    static void naiveGemm(boolean transA, boolean transB, int m, int n, int k,
                          float alpha, float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                float acc = 0f;
                if (alpha != 0f) {
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        acc += av * bv;
                    }
                }
                c[ci] = beta == 0f ? alpha * acc : alpha * acc + beta * c[ci];
            }
        }
    }

    static float[] naive(GemmTest.Case cs) {
        float[] c = cs.c0.clone();
        naiveGemm(cs.ta, cs.tb, cs.m, cs.n, cs.k, cs.alpha, cs.a, cs.aOff, cs.lda, cs.b, cs.bOff, cs.ldb,
                cs.beta, c, cs.cOff, cs.ldc);
        return c;
    }

    static void assertBitwise(String what, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                fail(what + ": differs at index " + i + ": " + got[i] + ", naive loop " + want[i]);
            }
        }
    }

    @Test
    void gemmEqualsNaiveLoopBitwise() {
        ScalarKernels kern = new ScalarKernels();
        SplittableRandom pick = new SplittableRandom(1);   // alpha/beta not tied to a size
        int count = 0;
        for (int trans = 0; trans < 4; trans++) {
            for (int m : SIZES) {
                for (int n : SIZES) {
                    for (int k : SIZES) {
                        float[] ab = ALPHA_BETA[pick.nextInt(ALPHA_BETA.length)];
                        GemmTest.Case cs = new GemmTest.Case((trans & 1) != 0, (trans & 2) != 0, m, n, k, ab[0], ab[1], count++);
                        assertBitwise(cs.label(), naive(cs), cs.run(kern));
                    }
                }
            }
        }
    }

    @Test
    void gemmEqualsNaiveLoopBitwiseOnAnyThreadCount() {
        // large enough to be split over threads; m not a multiple of ROWS; n over several NB blocks
        int[][] shapes = {{32, 1024, 256}, {33, 600, 65}, {257, 257, 33}, {7, 1000, 257}, {300, 31, 257}, {65, 256, 130}};
        int count = 0;
        for (int[] s : shapes) {
            assertTrue(2L * s[0] * s[1] * s[2] >= ScalarKernels.PARALLEL_MIN_FLOPS, "shape must be split");
            for (int trans = 0; trans < 4; trans++) {
                float[] ab = ALPHA_BETA[count % ALPHA_BETA.length];
                GemmTest.Case cs = new GemmTest.Case((trans & 1) != 0, (trans & 2) != 0, s[0], s[1], s[2], ab[0], ab[1], 500 + count++);
                float[] want = naive(cs);
                for (int threads = 1; threads <= 3; threads++) {
                    int saved = Parallel.threads();
                    Parallel.setThreads(threads);
                    try {
                        assertBitwise(cs.label() + " threads " + threads, want, cs.run(new ScalarKernels()));
                    } finally {
                        Parallel.setThreads(saved);
                    }
                }
            }
        }
    }

    @Test
    void gemmKeepsSignedZerosAndDegenerateSizes() {
        ScalarKernels kern = new ScalarKernels();
        for (int trans = 0; trans < 4; trans++) {
            boolean ta = (trans & 1) != 0, tb = (trans & 2) != 0;
            // products that are all -0f or +0f: acc = 0f + (-0f) = 0f; alpha -1 gives -0f
            GemmTest.Case zeros = new GemmTest.Case(ta, tb, 5, 9, 6, -1f, 0f, 7);
            for (int i = 0; i < zeros.a.length; i++) {
                if (!Float.isNaN(zeros.a[i])) {
                    zeros.a[i] = i % 2 == 0 ? 0f : -0f;
                }
            }
            assertBitwise(zeros.label() + " signed zeros", naive(zeros), zeros.run(kern));
            // k = 0 and alpha = 0 (A and B full of NaN must not be read); m = 0 and n = 0 write nothing
            for (float[] ab : ALPHA_BETA) {
                GemmTest.Case k0 = new GemmTest.Case(ta, tb, 6, 5, 0, ab[0], ab[1], 8);
                assertBitwise(k0.label(), naive(k0), k0.run(kern));
                GemmTest.Case a0 = new GemmTest.Case(ta, tb, 6, 5, 4, 0f, ab[1], 9);
                Arrays.fill(a0.a, Float.NaN);
                Arrays.fill(a0.b, Float.NaN);
                assertBitwise(a0.label(), naive(a0), a0.run(kern));
            }
            for (int[] s : new int[][] {{0, 5, 4}, {6, 0, 4}}) {
                GemmTest.Case empty = new GemmTest.Case(ta, tb, s[0], s[1], s[2], 1f, 0f, 10);
                assertBitwise(empty.label(), naive(empty), empty.run(kern));
            }
        }
    }

    @Test
    void gemvAndGemvTEqualNaiveLoopsBitwise() {
        ScalarKernels kern = new ScalarKernels();
        SplittableRandom r = new SplittableRandom(3);
        int count = 0;
        for (int m : SIZES) {
            for (int n : SIZES) {
                float beta = new float[] {0f, 1f, -0.5f}[count++ % 3];
                int aOff = 2, lda = n + 3, xOff = 5, yOff = 4;
                float[] a = GemmTest.matrix(r, m, n, aOff, lda, Float.NaN);
                float[] x = GemmTest.matrix(r, 1, Math.max(m, n), xOff, 0, Float.NaN);
                float[] y0 = GemmTest.matrix(r, 1, Math.max(m, n), yOff, 0, 12345f);
                if (beta == 0f) {
                    Arrays.fill(y0, yOff, yOff + Math.max(m, n), Float.NaN);
                }
                String label = "m=" + m + " n=" + n + " beta=" + beta;
                float[] want = y0.clone();
                float[] got = y0.clone();
                naiveGemm(false, false, m, 1, n, 1f, a, aOff, lda, x, xOff, 1, beta, want, yOff, 1);
                kern.gemv(m, n, a, aOff, lda, x, xOff, beta, got, yOff);
                assertBitwise("gemv " + label, want, got);
                want = y0.clone();
                got = y0.clone();
                naiveGemm(true, false, n, 1, m, 1f, a, aOff, lda, x, xOff, 1, beta, want, yOff, 1);
                kern.gemvT(m, n, a, aOff, lda, x, xOff, beta, got, yOff);
                assertBitwise("gemvT " + label, want, got);
            }
        }
    }
}
