/*
 * VectorOpsTest: the level-1/2 ops (gemv, gemvT, ger, axpy, dot), softmax / logSumExp, tanh and
 * sigmoid of each implementation against its oracle (Oracles: vector against ScalarKernels, scalar
 * against the float64 ReferenceKernels) and Math; the vector exp polynomial against Math (skipped,
 * like every vector case, in a JVM without the vector module). Sizes straddle the vector
 * length (1, 7, 8, 9, 31, 33, 257) so both the vector body and the scalar tail run; operands sit
 * at offsets inside NaN padding so a stray index shows up. Sum tolerances: see Tolerance.
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlm4j.testutil.KernelsUnderTest;

class VectorOpsTest {
    private static final int[] SIZES = {1, 7, 8, 9, 31, 33, 257};
    private static final int OFF = 5;

    private static float[] padded(SplittableRandom r, int n, double scale) {
        float[] x = new float[n + 2 * OFF];
        Arrays.fill(x, Float.NaN);
        for (int i = 0; i < n; i++) {
            x[OFF + i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }

    private static void assertUntouchedPadding(float[] x, int n, String what) {
        for (int i = 0; i < OFF; i++) {
            assertTrue(Float.isNaN(x[i]) && Float.isNaN(x[OFF + n + i]), what + ": wrote outside the range");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void dotAndAxpy(String kernels) {
        Kernels under = Oracles.under(kernels, 1);
        Kernels oracle = Oracles.oracle(kernels);
        SplittableRandom r = new SplittableRandom(1);
        for (int n : SIZES) {
            float[] x = padded(r, n, 1), y = padded(r, n, 1);
            double scale = 0;
            for (int i = 0; i < n; i++) {
                scale += Math.abs(x[OFF + i] * y[OFF + i]);
            }
            float want = oracle.dot(n, x, OFF, y, OFF);
            float got = under.dot(n, x, OFF, y, OFF);
            assertEquals(want, got, Tolerance.sum(n, scale), "dot n=" + n);

            float[] ys = y.clone(), yv = y.clone();
            oracle.axpy(n, -0.75f, x, OFF, ys, OFF);
            under.axpy(n, -0.75f, x, OFF, yv, OFF);
            for (int i = 0; i < n; i++) {
                double tol = Tolerance.sum(1, Math.abs(0.75 * x[OFF + i]) + Math.abs(y[OFF + i]));
                assertEquals(ys[OFF + i], yv[OFF + i], tol, "axpy n=" + n + " i=" + i);
            }
            assertUntouchedPadding(yv, n, "axpy");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void gemvGemvTGer(String kernels) {
        Kernels under = Oracles.under(kernels, 1);
        Kernels oracle = Oracles.oracle(kernels);
        SplittableRandom r = new SplittableRandom(2);
        for (int m : SIZES) {
            for (int n : SIZES) {
                int lda = n + 3;
                float[] a = GemmTest.matrix(r, m, n, OFF, lda, Float.NaN);
                float[] xn = padded(r, n, 1), xm = padded(r, m, 1);
                for (float beta : new float[] {0f, 1f, -0.5f}) {
                    // y (m) = A x (n) + beta y; beta = 0 must ignore NaN garbage
                    float[] y0 = padded(r, m, 1);
                    if (beta == 0f) {
                        Arrays.fill(y0, OFF, OFF + m, Float.NaN);
                    }
                    float[] ys = y0.clone(), yv = y0.clone();
                    oracle.gemv(m, n, a, OFF, lda, xn, OFF, beta, ys, OFF);
                    under.gemv(m, n, a, OFF, lda, xn, OFF, beta, yv, OFF);
                    for (int i = 0; i < m; i++) {
                        double scale = beta == 0f ? 0 : Math.abs(beta * y0[OFF + i]);
                        for (int j = 0; j < n; j++) {
                            scale += Math.abs(a[OFF + i * lda + j] * xn[OFF + j]);
                        }
                        assertEquals(ys[OFF + i], yv[OFF + i], Tolerance.sum(n, scale),
                                "gemv m=" + m + " n=" + n + " beta=" + beta + " i=" + i);
                    }
                    assertUntouchedPadding(yv, m, "gemv");

                    // y (n) = A^T x (m) + beta y
                    float[] z0 = padded(r, n, 1);
                    if (beta == 0f) {
                        Arrays.fill(z0, OFF, OFF + n, Float.NaN);
                    }
                    float[] zs = z0.clone(), zv = z0.clone();
                    oracle.gemvT(m, n, a, OFF, lda, xm, OFF, beta, zs, OFF);
                    under.gemvT(m, n, a, OFF, lda, xm, OFF, beta, zv, OFF);
                    for (int j = 0; j < n; j++) {
                        double scale = beta == 0f ? 0 : Math.abs(beta * z0[OFF + j]);
                        for (int i = 0; i < m; i++) {
                            scale += Math.abs(a[OFF + i * lda + j] * xm[OFF + i]);
                        }
                        assertEquals(zs[OFF + j], zv[OFF + j], Tolerance.sum(m, scale),
                                "gemvT m=" + m + " n=" + n + " beta=" + beta + " j=" + j);
                    }
                    assertUntouchedPadding(zv, n, "gemvT");
                }
                // A += alpha x y^T
                float[] as = a.clone(), av = a.clone();
                oracle.ger(m, n, 1.5f, xm, OFF, xn, OFF, as, OFF, lda);
                under.ger(m, n, 1.5f, xm, OFF, xn, OFF, av, OFF, lda);
                for (int idx = 0; idx < a.length; idx++) {
                    if (Float.isNaN(a[idx])) {
                        assertTrue(Float.isNaN(av[idx]), "ger wrote padding at " + idx);
                    } else {
                        double tol = Tolerance.sum(1, Math.abs(a[idx]) + 1.5 * 1 * 1);
                        assertEquals(as[idx], av[idx], tol, "ger m=" + m + " n=" + n + " idx=" + idx);
                    }
                }
            }
        }
    }

    /** Large gemvs split by rows over threads: the same bits as one thread, awkward row counts too. */
    @Test
    void parallelGemvEqualsSerialBitwise() {
        KernelsUnderTest.assumeVector();
        Kernels serial = new VectorKernels(1);
        SplittableRandom r = new SplittableRandom(11);
        int n = 256 + 3;
        for (int m : new int[] {1024, 1027, 1030, 1033, 7596}) {
            float[] a = padded(r, m * n, 1);
            float[] x = padded(r, n, 1);
            float[] y0 = padded(r, m, 1);
            assertTrue((long) m * n >= VectorKernels.PARALLEL_MIN_GEMV, "the case must take the parallel path");
            for (float beta : new float[] {0f, 1f, 0.5f}) {
                float[] one = y0.clone();
                serial.gemv(m, n, a, OFF, n, x, OFF, beta, one, OFF);
                for (int threads : new int[] {2, 3}) {
                    float[] many = y0.clone();
                    new VectorKernels(threads).gemv(m, n, a, OFF, n, x, OFF, beta, many, OFF);
                    assertTrue(Arrays.equals(one, many), "gemv m=" + m + " beta=" + beta + " threads=" + threads);
                }
            }
        }
    }

    /** gemvPair (a generation step's two products in one split): each output as its own gemv computes it. */
    /**
     * The vector gemvT is defined element by element: y_j = beta*y_j (0 when beta = 0), then one FMA
     * per row i in order. Checked bitwise on widths around the 8-vector register blocks and a ragged
     * last vector (it overlaps the one before and must keep those lanes), with padding untouched.
     */
    @Test
    void gemvTIsOneFmaChainPerElement() {
        KernelsUnderTest.assumeVector();
        Kernels under = KernelsUnderTest.named("vector");
        SplittableRandom r = new SplittableRandom(17);
        int[] widths = {1, 5, 8, 9, 12, 63, 64, 65, 100, 129, 200};
        for (int n : widths) {
            for (int m : new int[] {1, 3, 100}) {
                for (float beta : new float[] {0f, 1f, 0.5f}) {
                    int lda = n + 3;
                    float[] a = padded(r, m * lda, 1);
                    float[] x = padded(r, m, 1);
                    float[] y0 = padded(r, n, 1);
                    float[] got = y0.clone();
                    under.gemvT(m, n, a, OFF, lda, x, OFF, beta, got, OFF);
                    for (int j = 0; j < n; j++) {
                        float want = beta == 0f ? 0f : beta == 1f ? y0[OFF + j] : beta * y0[OFF + j];
                        for (int i = 0; i < m; i++) {
                            want = Math.fma(a[OFF + i * lda + j], x[OFF + i], want);
                        }
                        if (Float.floatToIntBits(want) != Float.floatToIntBits(got[OFF + j])) {
                            fail("gemvT m=" + m + " n=" + n + " beta=" + beta + " j=" + j + ": " + got[OFF + j] + " vs " + want);
                        }
                    }
                    assertUntouchedPadding(got, n, "gemvT");
                }
            }
        }
    }

    @Test
    void gemvPairEqualsTwoGemvsBitwise() {
        KernelsUnderTest.assumeVector();
        Kernels serial = new VectorKernels(1);
        SplittableRandom r = new SplittableRandom(12);
        for (int[] size : new int[][] {{1024, 64, 256}, {1027, 256, 259}, {40, 7, 9}, {7596, 200, 200}}) {
            int m = size[0], n1 = size[1], n2 = size[2];
            float[] a1 = padded(r, m * n1, 1), a2 = padded(r, m * n2, 1);
            float[] x1 = padded(r, n1, 1), x2 = padded(r, n2, 1);
            float[] y1 = new float[m], y2 = new float[m];
            for (int i = 0; i < m; i++) {
                y1[i] = (float) r.nextDouble();
                y2[i] = (float) r.nextDouble();
            }
            float[] want1 = y1.clone(), want2 = y2.clone();
            serial.gemv(m, n1, Arrays.copyOfRange(a1, OFF, OFF + m * n1), 0, n1, x1, OFF, 1f, want1, 0);
            serial.gemv(m, n2, Arrays.copyOfRange(a2, OFF, OFF + m * n2), 0, n2, x2, OFF, 0f, want2, 0);
            for (int threads : new int[] {1, 2, 3}) {
                float[] got1 = y1.clone(), got2 = y2.clone();
                new VectorKernels(threads).gemvPair(m, n1, a1, OFF, x1, OFF, 1f, got1, n2, a2, OFF, x2, OFF, 0f, got2);
                assertTrue(Arrays.equals(want1, got1) && Arrays.equals(want2, got2), "gemvPair m=" + m + " threads=" + threads);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void softmaxAndLogSumExpMatchOracle(String kernels) {
        Kernels under = Oracles.under(kernels, 1);
        Kernels oracle = Oracles.oracle(kernels);
        SplittableRandom r = new SplittableRandom(3);
        int[] sizes = {1, 7, 8, 9, 31, 33, 257, GemmBenchmark.VOCAB};
        for (int n : sizes) {
            for (double scale : new double[] {1, 10, 80}) {
                float[] x = padded(r, n, scale);
                checkSoftmax(oracle, under, x, n, "n=" + n + " scale=" + scale);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void softmaxRowsEqualsPerRowCalls(String kernels) {
        Kernels under = Oracles.under(kernels, 1);
        Kernels oracle = Oracles.oracle(kernels);
        // parallel over rows (3 threads) must give the per-row results bit for bit, lse included
        SplittableRandom r = new SplittableRandom(9);
        int rows = 7, n = GemmBenchmark.VOCAB, ld = n + 3;
        float[] x = GemmTest.matrix(r, rows, n, OFF, ld, Float.NaN);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 20f;
        }
        float[] want = x.clone(), got = x.clone();
        float[] wantLse = new float[rows + 2], gotLse = new float[rows + 2];
        for (int row = 0; row < rows; row++) {
            wantLse[row + 1] = under.softmaxInPlace(want, OFF + row * ld, n);
        }
        Oracles.under(kernels, 3).softmaxRows(rows, n, got, OFF, ld, gotLse, 1);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "index " + i);
        }
        for (int i = 0; i < wantLse.length; i++) {
            assertEquals(wantLse[i], gotLse[i]);
        }
        float[] s = x.clone();
        float[] sLse = new float[rows];
        oracle.softmaxRows(rows, n, s, OFF, ld, sLse, 0);
        for (int row = 0; row < rows; row++) {
            assertEquals(sLse[row], gotLse[row + 1], 1e-4, "row " + row);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void softmaxExtremeLogits(String kernels) {
        Kernels under = Oracles.under(kernels, 1);
        Kernels oracle = Oracles.oracle(kernels);
        // +-1000: exp would overflow / underflow without the max shift
        float[][] cases = {
            {1000f, -1000f, 999f, 0f, 1000f, -999.5f, 998f, 1000f, 3f},
            {-1000f, -1000f, -1001f, -1000f, -1000.5f, -1003f, -1000f, -1000f, -1002f, -1000f},
            {1000f},
            {-1000f},
            {0f, Float.NEGATIVE_INFINITY, 1f, Float.NEGATIVE_INFINITY, 2f, 3f, 4f, 5f, 6f},
        };
        for (float[] c : cases) {
            float[] x = new float[c.length + 2 * OFF];
            Arrays.fill(x, Float.NaN);
            System.arraycopy(c, 0, x, OFF, c.length);
            checkSoftmax(oracle, under, x, c.length, Arrays.toString(c));
        }
        // n = 1: probability exactly 1, log-sum-exp exactly the input
        float[] one = {Float.NaN, 42.5f, Float.NaN};
        assertEquals(42.5f, under.logSumExp(one, 1, 1));
        assertEquals(42.5f, under.softmaxInPlace(one, 1, 1));
        assertEquals(1f, one[1]);
        assertTrue(Float.isNaN(one[0]) && Float.isNaN(one[2]));
    }

    private static void checkSoftmax(Kernels oracle, Kernels under, float[] x, int n, String what) {
        float[] ps = x.clone(), pv = x.clone(), before = x.clone();
        float lseS = oracle.softmaxInPlace(ps, OFF, n);
        float lseV = under.softmaxInPlace(pv, OFF, n);
        float lseOnly = under.logSumExp(x, OFF, n);
        // Both sum n positive terms in float (different orders): relative error of the sum within
        // Tolerance.sum(n, sum), which moves every p by that relative amount and log(sum) by that
        // much absolute; exp itself adds ~1e-7. lse = max + log(sum) adds 2 ulp at |lse|.
        double sumRel = Tolerance.sum(n, 1) + 1e-6;
        double lseTol = sumRel + 2 * Math.ulp(Math.abs(lseS));
        assertEquals(lseS, lseV, lseTol, "softmax lse " + what);
        assertEquals(lseS, lseOnly, lseTol, "logSumExp " + what);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float p = pv[OFF + i];
            assertTrue(p >= 0f && p <= 1f, "probability out of range " + what);
            assertEquals(ps[OFF + i], p, sumRel * ps[OFF + i] + 1e-30, "softmax p[" + i + "] " + what);
            // log p = x - lse, the contract's promise
            if (p > 1e-30f) {
                assertEquals(Math.log(p), x[OFF + i] - lseV, 2 * sumRel + 2 * Math.ulp(Math.abs(lseV)), "log p " + what);
            }
            sum += p;
        }
        assertEquals(1.0, sum, 1e-5, "probabilities sum " + what);
        assertUntouchedPadding(pv, n, "softmax");
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(before[i]), Float.floatToIntBits(x[i]), "logSumExp modified x");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void tanhAndSigmoidAccuracy(String kernels) {
        Kernels under = Oracles.under(kernels, 1);
        Kernels oracle = Oracles.oracle(kernels);
        // a dense sweep through both tanh branches (|x| < 0.625 polynomial, above via exp), the
        // saturation region, and the odd sizes for the scalar tail
        int n = 200_001;
        float[] x = new float[n + 2 * OFF];
        Arrays.fill(x, Float.NaN);
        for (int i = 0; i < n; i++) {
            x[OFF + i] = (float) (-12 + 24.0 * i / (n - 1));
        }
        x[OFF] = -100f;
        x[OFF + 1] = 1e-30f;
        x[OFF + 2] = -0f;
        x[OFF + 3] = 100f;
        float[] t = new float[x.length];
        float[] s = new float[x.length];
        under.tanh(n, x, OFF, t, OFF);
        under.sigmoid(n, x, OFF, s, OFF);
        for (int i = 0; i < n; i++) {
            double v = x[OFF + i];
            double wantT = Math.tanh(v);
            double errT = Math.abs(t[OFF + i] - wantT);
            if (errT > 1e-6 && errT > 1e-6 * Math.abs(wantT)) {
                fail("tanh(" + v + ") = " + t[OFF + i] + ", Math.tanh " + wantT);
            }
            double wantS = 1 / (1 + Math.exp(-v));
            double errS = Math.abs(s[OFF + i] - wantS);
            if (errS > 1e-6 && errS > 1e-6 * wantS) {
                fail("sigmoid(" + v + ") = " + s[OFF + i] + ", want " + wantS);
            }
        }
        assertTrue(t[OFF + 2] == 0f, "tanh(-0) = " + t[OFF + 2]); // -0 (scalar, Math.tanh) or +0 (vector)
        assertEquals(1f, t[OFF + 3]);
        assertEquals(-1f, t[OFF]);
        // in place (out aliases x) and odd sizes agree with the scalar reference
        for (int m : SIZES) {
            float[] y = padded(new SplittableRandom(m), m, 5);
            float[] want = y.clone();
            oracle.tanh(m, want, OFF, want, OFF);
            under.tanh(m, y, OFF, y, OFF);
            for (int i = 0; i < m; i++) {
                assertEquals(want[OFF + i], y[OFF + i], 1e-6, "tanh in place m=" + m);
            }
            assertUntouchedPadding(y, m, "tanh");
        }
    }

    @Test
    void sumOfSquaresEqualsTheFourScalarSumsBitwise() {
        KernelsUnderTest.assumeVector();
        Kernels vector = new VectorKernels(1);
        Kernels scalar = new ScalarKernels();
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {0, 1, 3, 4, 5, 7, 8, 9, 31, 33, 257, 8192, 8195}) {
            for (double scale : new double[] {1e-20, 1e-3, 1, 3e18}) {
                float[] g = padded(r, n, scale);
                double want = scalar.sumOfSquares(g, OFF, OFF + n);
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(vector.sumOfSquares(g, OFF, OFF + n)),
                        "n " + n + ", scale " + scale);
            }
        }
        // the order matters: mixed magnitudes, where another grouping of the sums rounds differently
        float[] g = {1e8f, 1f, 3f, 1e-3f, 1e8f, 7f, -5f, 1e-4f, 2f};
        assertEquals(2e16, vector.sumOfSquares(g, 0, g.length), 1e3);
        assertEquals(Double.doubleToLongBits(scalar.sumOfSquares(g, 0, g.length)),
                Double.doubleToLongBits(vector.sumOfSquares(g, 0, g.length)));
        assertTrue(Double.isNaN(vector.sumOfSquares(new float[] {1f, Float.NaN, 2f, 3f}, 0, 4)));
        assertEquals(Double.POSITIVE_INFINITY, vector.sumOfSquares(new float[] {1f, 2f, Float.NEGATIVE_INFINITY, 3f, 4f}, 0, 5));
    }

    @Test
    void expAccuracyAndRange() {
        KernelsUnderTest.assumeVector();
        // relative error < 1e-6 over [EXP_LO, EXP_HI]; exact 0 / inf outside. expShiftSum is only
        // specified for x - shift <= 0 (softmax) but computes the same exp up to EXP_HI.
        int n = 400_003;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (-87.3 + (87.99 + 87.3) * i / (n - 1));
        }
        float[] e = x.clone();
        VectorMath.expShiftSum(e, 0, n, 0f, true);
        for (int i = 0; i < n; i++) {
            double want = Math.exp(x[i]);
            double rel = Math.abs(e[i] - want) / want;
            if (!(rel < 1e-6)) {
                fail("exp(" + x[i] + ") = " + e[i] + ", Math.exp " + want);
            }
            assertEquals(Float.floatToIntBits(VectorMath.exp(x[i])), Float.floatToIntBits(e[i]),
                    "scalar twin differs from the vector lane at " + x[i]);
        }
        // the softmax range (x - shift <= 0) through the vector loop, padded to a whole vector
        float[] edge = {-1000f, -88f, -87.3f, Float.NEGATIVE_INFINITY, Float.NaN, 0f, -0f, -1f, -2f, -3f, -4f, -5f,
            -6f, -7f, -8f, -9f};
        float[] ev = edge.clone();
        float sum = VectorMath.expShiftSum(ev, 0, edge.length, 0f, true);
        assertTrue(Float.isNaN(sum));
        assertEquals(0f, ev[0]);
        assertEquals(0f, ev[1]);                          // true value 6e-39 is denormal: flushed
        assertEquals(Math.exp(-87.3f), ev[2], 1e-6 * Math.exp(-87.3f));
        assertEquals(0f, ev[3]);
        assertTrue(Float.isNaN(ev[4]));
        assertEquals(1f, ev[5]);
        assertEquals(1f, ev[6]);
        assertEquals(Math.exp(-1.0), ev[7], 1e-6 * Math.exp(-1.0));
        // above EXP_HI = 88 the (scalar twin of the general) exp saturates to +inf
        assertEquals(Math.exp(87.9f), VectorMath.exp(87.9f), 1e-6 * Math.exp(87.9f));
        assertEquals(Float.POSITIVE_INFINITY, VectorMath.exp(88.5f));
        assertEquals(Float.POSITIVE_INFINITY, VectorMath.exp(1000f));
        assertEquals(Float.POSITIVE_INFINITY, VectorMath.exp(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(VectorMath.exp(Float.NaN)));
        // sigmoid uses both blends: saturates cleanly at both ends
        float[] sx = {-1000f, -100f, -88.5f, 88.5f, 100f, 1000f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        float[] so = new float[sx.length];
        VectorMath.sigmoid(sx.length, sx, 0, so, 0);
        float[] sWant = {0f, 0f, 0f, 1f, 1f, 1f, 0f, 1f};
        for (int i = 0; i < sx.length; i++) {
            assertEquals(sWant[i], so[i], 1e-30, "sigmoid(" + sx[i] + ")");
        }
        // the unshifted sum over a range equals the sum of the stored values
        float[] z = {0.5f, -1f, 2f, 3f, -4f, 0.25f, 1f, 2f, -3f};
        float[] zc = z.clone();
        float total = VectorMath.expShiftSum(zc, 0, z.length, 1f, true);
        double want = 0;
        for (float v : z) {
            want += Math.exp(v - 1.0);
        }
        assertEquals(want, total, 1e-6 * want);
    }

    /**
     * expShiftSum without its underflow blend (what the softmax passes take when min - max >=
     * EXP_LO) gives the bits of the loop with it, down to x - shift at EXP_LO itself; and a row
     * that reaches below EXP_LO still gets exact zeros there through softmaxInPlace and
     * softmaxGradientRow (they must then keep the blend).
     */
    @Test
    void expWithoutTheUnderflowBlendGivesTheSameBits() {
        KernelsUnderTest.assumeVector();
        SplittableRandom r = new SplittableRandom(23);
        for (int n : new int[] {8, 9, 63, 4585}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (3 + r.nextDouble() * VectorMath.EXP_LO);   // x - shift in (EXP_LO, 0]
            }
            float shift = 3f;
            x[r.nextInt(n)] = shift + VectorMath.EXP_LO;   // the boundary: exp is not flushed here
            float[] with = x.clone();
            float[] without = x.clone();
            float sumWith = VectorMath.expShiftSum(with, 0, n, shift, true, true);
            float sumWithout = VectorMath.expShiftSum(without, 0, n, shift, true, false);
            assertEquals(Float.floatToIntBits(sumWith), Float.floatToIntBits(sumWithout), "sum n " + n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits(with[i]), Float.floatToIntBits(without[i]), "n " + n + " [" + i + "]");
            }
        }
        Kernels k = KernelsUnderTest.named("vector");
        float[] row = new float[24];
        for (int i = 0; i < row.length; i++) {
            row[i] = -i;
        }
        row[5] = -87.5f;    // below max + EXP_LO
        row[17] = -88f;
        row[11] = -87f;     // above
        float[] p = row.clone();
        k.softmaxInPlace(p, 0, row.length);
        float[] g = row.clone();
        k.softmaxGradientRow(g, 0, row.length, null, 0, 1f);
        assertEquals(0f, p[5]);
        assertEquals(0f, p[17]);
        assertEquals(0f, g[5]);
        assertEquals(0f, g[17]);
        assertTrue(p[11] > 0f && g[11] > 0f);
    }

    /**
     * softmaxGradientRow, the output layer's fused pass (bias, softmax, minus one at the target,
     * scale), gives the bits of its steps done one by one with the same kernels, for both
     * implementations; rows straddle the vector length and the word model's 7596.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void softmaxGradientRowEqualsItsStepsBitwise(String kernels) {
        Kernels k = KernelsUnderTest.named(kernels);
        SplittableRandom r = new SplittableRandom(17);
        for (int n : new int[] {1, 7, 8, 9, 31, 257, 7596}) {
            for (boolean withBias : new boolean[] {false, true}) {
                for (float scale : new float[] {1f, 0.05f}) {
                    float[] x = padded(r, n, 6);
                    float[] bias = withBias ? padded(r, n, 2) : null;
                    float[] b = withBias ? Arrays.copyOfRange(bias, OFF, OFF + n) : null;
                    int y = r.nextInt(n);
                    float[] want = x.clone();
                    if (withBias) {
                        k.axpy(n, 1f, b, 0, want, OFF);
                    }
                    float lseWant = k.softmaxInPlace(want, OFF, n);
                    want[OFF + y] -= 1f;
                    if (scale != 1f) {
                        for (int i = OFF; i < OFF + n; i++) {
                            want[i] *= scale;
                        }
                    }
                    float lse = k.softmaxGradientRow(x, OFF, n, b, y, scale);
                    String what = kernels + " n " + n + " bias " + withBias + " scale " + scale;
                    assertEquals(Float.floatToIntBits(lseWant), Float.floatToIntBits(lse), what + ": lse");
                    for (int i = OFF; i < OFF + n; i++) {
                        assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(x[i]), what + " [" + (i - OFF) + "]");
                    }
                    assertUntouchedPadding(x, n, what);
                }
            }
        }
    }

    /**
     * The LSTM row kernels give the bits of LstmCell's steps written out: the sum of the gate inputs,
     * then sigmoid and tanh of these kernels, then the state and output products (forward); the
     * backward formulas in their order, with dcPrev the same array and offset as dc.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void lstmRowsEqualTheirStepsBitwise(String kernels) {
        Kernels k = KernelsUnderTest.named(kernels);
        SplittableRandom r = new SplittableRandom(23);
        for (int h : new int[] {8, 12, 16, 100, 200}) {
            float[] ih = padded(r, 4 * h, 6);
            float[] hh = padded(r, 4 * h, 6);
            float[] cPrev = padded(r, h, 3);
            float[] want = new float[5 * h];
            for (int j = 0; j < 4 * h; j++) {
                want[j] = ih[OFF + j] + hh[OFF + j];
            }
            k.sigmoid(2 * h, want, 0, want, 0);
            k.tanh(h, want, 2 * h, want, 2 * h);
            k.sigmoid(h, want, 3 * h, want, 3 * h);
            float[] cWant = new float[h];
            float[] hWant = new float[h];
            for (int j = 0; j < h; j++) {
                cWant[j] = want[h + j] * cPrev[OFF + j] + want[j] * want[2 * h + j];
            }
            k.tanh(h, cWant, 0, want, 4 * h);
            for (int j = 0; j < h; j++) {
                hWant[j] = want[3 * h + j] * want[4 * h + j];
            }
            float[] cache = new float[OFF + 5 * h];
            float[] c = new float[OFF + h];
            float[] out = new float[OFF + h];
            k.lstmForwardRow(h, ih, OFF, hh, OFF, cPrev, OFF, cache, OFF, c, OFF, out, OFF);
            String what = kernels + " H " + h;
            assertBits(want, cache, OFF, what + " cache");
            assertBits(cWant, c, OFF, what + " c");
            assertBits(hWant, out, OFF, what + " h");

            float[] dh = padded(r, h, 2);
            float[] dc = padded(r, h, 2);
            float[] dIhWant = new float[4 * h];
            float[] dcPrevWant = new float[h];
            for (int j = 0; j < h; j++) {
                float i = cache[OFF + j];
                float f = cache[OFF + h + j];
                float g = cache[OFF + 2 * h + j];
                float o = cache[OFF + 3 * h + j];
                float tc = cache[OFF + 4 * h + j];
                float d = dh[OFF + j];
                float dct = dc[OFF + j] + d * o * (1f - tc * tc);
                dIhWant[j] = dct * g * i * (1f - i);
                dIhWant[h + j] = dct * cPrev[OFF + j] * f * (1f - f);
                dIhWant[2 * h + j] = dct * i * (1f - g * g);
                dIhWant[3 * h + j] = d * tc * o * (1f - o);
                dcPrevWant[j] = dct * f;
            }
            float[] dIh = new float[OFF + 4 * h];
            k.lstmBackwardRow(h, cache, OFF, dh, OFF, dc, OFF, cPrev, OFF, dIh, OFF, dc, OFF);
            assertBits(dIhWant, dIh, OFF, what + " dIh");
            assertBits(dcPrevWant, dc, OFF, what + " dcPrev (written over dc)");
        }
    }

    private static void assertBits(float[] want, float[] got, int off, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[off + i]), what + " [" + i + "]");
        }
    }
}
