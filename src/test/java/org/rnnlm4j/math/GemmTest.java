/*
 * GemmTest: gemm of each implementation against its oracle (Oracles: vector against ScalarKernels,
 * scalar against the float64 ReferenceKernels) on awkward sizes, all four transpose combinations,
 * offsets, leading dimensions wider than the matrix, alpha/beta variants (beta = 0 must overwrite
 * NaN garbage); and for the vector kernels blocks larger than every cache block and thread counts
 * (a parallel GEMM must equal the serial one bit for bit). Without the vector module the vector
 * cases are skipped (KernelsUnderTest). Tolerances: see Tolerance.
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlm4j.testutil.KernelsUnderTest;

class GemmTest {
    private static final int[] SIZES = {1, 7, 8, 9, 31, 33, 257};
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {0.5f, 1f}, {-1.5f, 0.25f}, {2f, 0f}, {1f, -1f}};
    /** Written around every matrix: reading it (a wrong index) poisons results with NaN. */
    private static final float PAD = Float.NaN;
    /** Written around C: must still be there afterwards. */
    private static final float C_PAD = 12345f;

    /** A gemm call with its operands laid out at offsets with padded leading dimensions. */
    static final class Case {
        final boolean ta, tb;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final float alpha, beta;
        final float[] a, b, c0;

        Case(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, long seed) {
            this.ta = ta;
            this.tb = tb;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            SplittableRandom r = new SplittableRandom(seed);
            int aRows = ta ? k : m, aCols = ta ? m : k;
            int bRows = tb ? n : k, bCols = tb ? k : n;
            aOff = 3;
            lda = aCols + 5;
            bOff = 11;
            ldb = bCols + 2;
            cOff = 7;
            ldc = n + 3;
            a = matrix(r, aRows, aCols, aOff, lda, PAD);
            b = matrix(r, bRows, bCols, bOff, ldb, PAD);
            c0 = matrix(r, m, n, cOff, ldc, C_PAD);
            if (beta == 0f) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        c0[cOff + i * ldc + j] = Float.NaN; // garbage that beta = 0 must ignore
                    }
                }
            }
        }

        float[] run(Kernels kern) {
            float[] c = c0.clone();
            kern.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return c;
        }

        /** As run, with op(B) prepared first (gemmPrepared; A not transposed). */
        float[] runPrepared(Kernels kern) {
            PreparedB p = kern.prepare(tb, k, n, b, bOff, ldb, null);
            float[] c = c0.clone();
            kern.gemmPrepared(m, alpha, a, aOff, lda, p, beta, c, cOff, ldc);
            return c;
        }

        /** Runs under (the kernels named `kernels`), checks the result against their oracle, returns it. */
        float[] check(String kernels, Kernels under) {
            float[] got = run(under);
            assertClose(run(Oracles.oracle(kernels)), got);
            return got;
        }

        double scale(int i, int j) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                float av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                float bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                s += Math.abs((double) av * bv);
            }
            double c = beta == 0f ? 0 : Math.abs(beta * c0[cOff + i * ldc + j]);
            return Math.abs(alpha) * s + c;
        }

        String label() {
            return (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                    + " alpha=" + alpha + " beta=" + beta;
        }

        void assertClose(float[] want, float[] got) {
            for (int idx = 0; idx < want.length; idx++) {
                int rel = idx - cOff;
                int i = rel >= 0 ? rel / ldc : -1;
                int j = rel >= 0 ? rel % ldc : -1;
                boolean inside = i >= 0 && i < m && j < n;
                if (!inside) {
                    if (Float.floatToIntBits(got[idx]) != Float.floatToIntBits(c0[idx])) {
                        fail(label() + ": wrote outside C at index " + idx);
                    }
                    continue;
                }
                double tol = Tolerance.sum(k, scale(i, j));
                if (!(Math.abs(want[idx] - got[idx]) <= tol)) {
                    fail(label() + ": C(" + i + "," + j + ") = " + got[idx] + ", oracle " + want[idx]
                            + ", tolerance " + tol);
                }
            }
        }
    }

    static float[] matrix(SplittableRandom r, int rows, int cols, int off, int ld, float pad) {
        float[] x = new float[off + Math.max(0, rows - 1) * ld + cols + 4];
        java.util.Arrays.fill(x, pad);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[off + i * ld + j] = (float) (r.nextDouble() * 2 - 1);
            }
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void awkwardSizesAllTransposes(String kernels) {
        Kernels under = Oracles.under(kernels, 1);
        int count = 0;
        for (int trans = 0; trans < 4; trans++) {
            for (int m : SIZES) {
                for (int n : SIZES) {
                    for (int k : SIZES) {
                        float[] ab = ALPHA_BETA[count % ALPHA_BETA.length];
                        Case cs = new Case((trans & 1) != 0, (trans & 2) != 0, m, n, k, ab[0], ab[1], count);
                        cs.check(kernels, under);
                        count++;
                    }
                }
            }
        }
        assertEquals(4 * SIZES.length * SIZES.length * SIZES.length, count);
    }

    @Test
    void blocksLargerThanCacheBlocks() {
        // k > KC_MAX (3 k-blocks), n > NC (2 column blocks), m > MC (2 row blocks); both alpha/beta kinds
        KernelsUnderTest.assumeVector();
        Kernels vec = new VectorKernels(1);
        Kernels scalar = new ScalarKernels();
        int m = VectorGemm.MC + 13;
        int n = VectorGemm.NC + 29;
        int k = 2 * VectorGemm.KC_MAX + 77;
        for (int trans = 0; trans < 4; trans++) {
            Case cs = new Case((trans & 1) != 0, (trans & 2) != 0, m, n, k, 0.75f, trans % 2 == 0 ? 0f : 1f, 99 + trans);
            cs.assertClose(cs.run(scalar), cs.run(vec));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void tutorialShapes(String kernels) {
        Kernels under = Oracles.under(kernels, 2);
        int v = GemmBenchmark.VOCAB, h = GemmBenchmark.HIDDEN;
        for (int t : new int[] {20, 56}) {
            Case[] cases = {
                new Case(false, true, t, v, h, 1f, 0f, t),          // logits = S Vmat^T
                new Case(false, false, t, h, v, 1f, 0f, t + 1),     // dS = dO Vmat
                new Case(true, false, v, h, t, 1f, 1f, t + 2),      // dVmat += dO^T S
            };
            for (Case cs : cases) {
                cs.check(kernels, under);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void zeroSizesAndZeroAlpha(String kernels) {
        Kernels under = Oracles.under(kernels, 1);
        for (int trans = 0; trans < 4; trans++) {
            boolean ta = (trans & 1) != 0, tb = (trans & 2) != 0;
            // k = 0: C = beta C; beta = 0 clears NaN
            Case k0 = new Case(ta, tb, 9, 7, 0, 1f, 0f, 5);
            float[] c = k0.check(kernels, under);
            assertEquals(0f, c[k0.cOff], "k=0, beta=0 must write 0");
            new Case(ta, tb, 9, 7, 8, 0f, 0.5f, 6).check(kernels, under);
            // m = 0 or n = 0: nothing written
            new Case(ta, tb, 0, 7, 8, 1f, 0f, 7).check(kernels, under);
        }
    }

    @Test
    void parallelEqualsSerialBitwise() {
        KernelsUnderTest.assumeVector();
        Kernels scalar = new ScalarKernels();
        VectorKernels one = new VectorKernels(1);
        VectorKernels two = new VectorKernels(2);
        VectorKernels three = new VectorKernels(3);
        int[][] shapes = {
            {257, 257, 33}, {20, 4585, 100}, {20, 100, 4585}, {4585, 100, 20}, {33, 1000, 257}, {300, 31, 257},
            // large-Y row splits: one k-block (parts share one packed Y, VectorGemm.sharesY), three (one part per thread, onePartPerThread)
            {300, 400, 200}, {200, 600, 700},
        };
        int count = 0;
        for (int[] s : shapes) {
            for (int trans = 0; trans < 4; trans++) {
                Case cs = new Case((trans & 1) != 0, (trans & 2) != 0, s[0], s[1], s[2], 1f, trans == 3 ? 1f : 0f, count++);
                assertTrue(2L * s[0] * s[1] * s[2] >= VectorGemm.PARALLEL_MIN_FLOPS, "shape must be parallel");
                float[] c1 = cs.run(one);
                float[] c2 = cs.run(two);
                float[] c3 = cs.run(three);
                for (int i = 0; i < c1.length; i++) {
                    if (Float.floatToIntBits(c1[i]) != Float.floatToIntBits(c2[i])
                            || Float.floatToIntBits(c1[i]) != Float.floatToIntBits(c3[i])) {
                        fail(cs.label() + ": threads 1/2/3 differ at " + i + ": " + c1[i] + " " + c2[i] + " " + c3[i]);
                    }
                }
                cs.assertClose(cs.run(scalar), c2);
            }
        }
    }

    /**
     * A row split of one part per thread (VectorGemm.onePartPerThread) shares its parts' last
     * k-blocks: a thread done with its own part runs chunks of the other's. Whoever runs a chunk, the
     * bits are those of one thread. Taking over depends on timing, so this repeats the call until it
     * has happened (skipped if it never does; every call is checked either way).
     */
    @Test
    void takenOverTailChunksGiveTheBitsOfOneThread() {
        KernelsUnderTest.assumeVector();
        Kernels one = Oracles.under("vector", 1);
        Kernels two = Oracles.under("vector", 2);
        Case cs = new Case(false, false, 480, 1024, 600, 1f, 1f, 77);
        float[] want = cs.run(one);
        long before = VectorGemm.TAIL_CHUNKS_TAKEN_OVER.sum();
        int calls = 0;
        while (VectorGemm.TAIL_CHUNKS_TAKEN_OVER.sum() == before && calls < 100) {
            assertBitwise(want, cs.run(two), cs.label() + " call " + calls++);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorGemm.TAIL_CHUNKS_TAKEN_OVER.sum() > before,
                "no tail chunk was taken over in " + calls + " calls");
    }

    /**
     * A prepared right operand gives bitwise the result of the ordinary call (the same FMA chains),
     * for both layouts of B, awkward and recurrent shapes, 1 and 2 threads, and stays correct when a
     * smaller operand reuses a larger one's buffer. (20, 100, 3000) is large enough for the
     * preparation's k-blocks to be split over the threads (VectorGemm.PARALLEL_MIN_PREPARE).
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void preparedOperandEqualsOrdinaryGemmBitwise(String kernels) {
        int[][] shapes = {{32, 1024, 256}, {32, 256, 1024}, {20, 800, 200}, {7, 33, 9}, {1, 31, 257}, {13, 1600, 300}, {6, 24, 5}, {20, 100, 3000}};
        Kernels oracle = Oracles.oracle(kernels);
        int count = 0;
        for (int threads = 1; threads <= 2; threads++) {
            Kernels under = Oracles.under(kernels, threads);
            PreparedB reuse = null;
            for (int[] s : shapes) {
                for (boolean tb : new boolean[] {false, true}) {
                    Case cs = new Case(false, tb, s[0], s[1], s[2], count % 2 == 0 ? 1f : 0.5f, count % 3 == 0 ? 0f : 1f, 100 + count++);
                    float[] want = cs.run(under);
                    PreparedB p = under.prepare(tb, cs.k, cs.n, cs.b, cs.bOff, cs.ldb, reuse);
                    reuse = p;
                    float[] got = cs.c0.clone();
                    under.gemmPrepared(cs.m, cs.alpha, cs.a, cs.aOff, cs.lda, p, cs.beta, got, cs.cOff, cs.ldc);
                    assertBitwise(want, got, cs.label() + " threads " + threads + ": prepared");
                    cs.assertClose(cs.run(oracle), got);
                }
            }
        }
    }

    /**
     * VectorGemm.twoTwoTail (panels "..., 3, 1" ending "2, 2" instead: the 6 x 2L kernel for the last
     * 2 vectors) gives the same bits both ways, ordinary and prepared, on 1 and 2 threads, for widths
     * of 3q + 1 vectors (N = 32, 100, 200, 800) in every layout, and a column split (m small) whose parts
     * start inside the plan.
     */
    @Test
    void twoTwoTailGivesTheSameBits() {
        KernelsUnderTest.assumeVector();
        boolean saved = VectorGemm.twoTwoTail;
        int[][] shapes = {{20, 800, 200}, {700, 200, 96}, {9, 32, 40}, {30, 100, 300}, {4, 200, 64}};
        try {
            int count = 0;
            for (int[] s : shapes) {
                for (int trans = 0; trans < 4; trans++) {
                    Case cs = new Case((trans & 1) != 0, (trans & 2) != 0, s[0], s[1], s[2], 1f, trans % 2 == 0 ? 0f : 1f, 300 + count++);
                    for (int threads = 1; threads <= 2; threads++) {
                        Kernels under = Oracles.under("vector", threads);
                        VectorGemm.twoTwoTail = false;
                        float[] want = cs.run(under);
                        VectorGemm.twoTwoTail = true;
                        assertBitwise(want, cs.run(under), cs.label() + " threads " + threads + ": 2, 2 tail");
                        if (!cs.ta) {
                            assertBitwise(want, cs.runPrepared(under), cs.label() + " threads " + threads + ": 2, 2 tail, prepared");
                        }
                    }
                }
            }
        } finally {
            VectorGemm.twoTwoTail = saved;
        }
    }

    /**
     * The grouped kernels (k8x3i, k8x2i over X packed in groups of 8 rows, 512-bit vectors) give
     * the bits of the row kernels they replace, on shapes that take them: leftover rows after the
     * groups, odd and even k-blocks, a ragged 2L panel, several row blocks, panels in chunks, prepared
     * Y, 1 and 2 threads.
     */
    @Test
    void groupedKernelsGiveTheBitsOfTheRowKernels() {
        KernelsUnderTest.assumeVector();
        org.junit.jupiter.api.Assumptions.assumeTrue(GemmMicroKernels.SIX_ROW_WIDE_TILES, "6-row tiles (512-bit vectors) only");
        // {40, 2096, 240}: a k-block of Y over GROUPED_MAX_Y, so the panels run in two chunks;
        // {400, 624, 300}: rows enough for a two-thread split in whole groups (M_UNIT_GROUPED)
        int[][] shapes = {{103, 600, 257}, {200, 640, 100}, {13, 608, 31}, {8, 600, 7}, {40, 2096, 240}, {400, 624, 300}};
        boolean saved = VectorGemm.groupedKernels;
        try {
            int count = 0;
            for (int[] s : shapes) {
                int[] widths = new int[s[1] / GemmMicroKernels.L + 2];
                assertTrue(VectorGemm.planPanels(s[1], widths) >= VectorGemm.GROUPED_MIN_PANELS, "grouped shape");
                for (int tb = 0; tb < 2; tb++) {
                    for (float[] ab : new float[][] {{1f, 0f}, {-0.5f, 1f}, {1.5f, 0.25f}}) {
                        Case cs = new Case(false, tb == 1, s[0], s[1], s[2], ab[0], ab[1], 700 + count++);
                        for (int threads = 1; threads <= 2; threads++) {
                            Kernels under = Oracles.under("vector", threads);
                            VectorGemm.groupedKernels = false;
                            float[] want = cs.run(under);
                            VectorGemm.groupedKernels = true;
                            assertBitwise(want, cs.check("vector", under), cs.label() + " threads " + threads + ": grouped");
                            assertBitwise(want, cs.runPrepared(under), cs.label() + " threads " + threads + ": grouped, prepared");
                        }
                    }
                }
            }
        } finally {
            VectorGemm.groupedKernels = saved;
        }
    }

    /**
     * Preparing the same-shaped operand again (the recurrent matrix after each update) repacks into
     * the old buffer, not a new one (a word LSTM step allocated 1.4 MB of them), and the products
     * see the new values. The buffer ends in VectorGemm.PANEL_SLACK unused floats (they keep C2's
     * hoisted range checks of the grouped kernels inside the array).
     */
    @Test
    void preparingAgainReusesTheBufferAndSeesTheNewValues() {
        KernelsUnderTest.assumeVector();
        Kernels under = Oracles.under("vector", 2);
        for (boolean tb : new boolean[] {false, true}) {
            Case cs = new Case(false, tb, 20, 800, 200, 1f, 0f, 7);
            PreparedB first = under.prepare(tb, cs.k, cs.n, cs.b, cs.bOff, cs.ldb, null);
            float[] buffer = first.packed;
            assertNotNull(buffer, "the vector kernels pack this shape");
            assertTrue(buffer.length >= first.pad + cs.k * first.nPadded + VectorGemm.PANEL_SLACK,
                    "no slack after the last panel: " + buffer.length);
            for (int i = 0; i < cs.b.length; i++) {
                cs.b[i] = -0.5f * cs.b[i] + 0.25f;
            }
            PreparedB again = under.prepare(tb, cs.k, cs.n, cs.b, cs.bOff, cs.ldb, first);
            assertTrue(buffer == again.packed, "prepared again into a new buffer (transB " + tb + ")");
            float[] got = cs.c0.clone();
            under.gemmPrepared(cs.m, cs.alpha, cs.a, cs.aOff, cs.lda, again, cs.beta, got, cs.cOff, cs.ldc);
            assertBitwise(cs.run(under), got, cs.label() + ": prepared again");
        }
    }

    /**
     * A transposed A (read in place: its ragged last columns, n % L <= 4, go rows-as-lanes through
     * GemmMicroKernels.tailColumns) gives the bits of the same A materialized untransposed (packed
     * k-contiguous: row tiles and edge tiles). H = 100, as in the decoder's and W_hh's updates.
     */
    @Test
    void transposedAGivesTheBitsOfItsMaterializedCopy() {
        KernelsUnderTest.assumeVector();
        int[][] shapes = {{128, 100, 18}, {4585, 100, 18}, {100, 100, 56}, {37, 13, 5}, {8, 4, 1}, {9, 1, 300}, {63, 258, 20}};
        int count = 0;
        for (int threads = 1; threads <= 2; threads++) {
            Kernels under = Oracles.under("vector", threads);
            for (int[] sh : shapes) {
                for (float[] ab : new float[][] {{1f, 0f}, {-0.005f, 1f}}) {
                    Case t = new Case(true, false, sh[0], sh[1], sh[2], ab[0], ab[1], 300 + count++);
                    float[] aRows = new float[t.m * t.k];   // A (m, k) materialized from the stored (k, m)
                    for (int i = 0; i < t.m; i++) {
                        for (int p = 0; p < t.k; p++) {
                            aRows[i * t.k + p] = t.a[t.aOff + p * t.lda + i];
                        }
                    }
                    float[] want = t.c0.clone();
                    under.gemm(false, false, t.m, t.n, t.k, t.alpha, aRows, 0, t.k, t.b, t.bOff, t.ldb,
                            t.beta, want, t.cOff, t.ldc);
                    assertBitwise(want, t.run(under), t.label() + " threads " + threads);
                }
            }
        }
    }

    /**
     * A tall C with several k-blocks and a small packed Y takes VectorGemm.blockCResident (row block
     * outer, k-blocks inner); every element must have the bits it gets when its rows are computed
     * MC at a time (k-blocks outer). Both transposes of A, beta 0 and 1, one and two threads.
     */
    @Test
    void cResidentOrderGivesTheBitsOfRowBlocksAlone() {
        KernelsUnderTest.assumeVector();
        int m = 5 * VectorGemm.MC + 7, n = 37, k = 2 * VectorGemm.KC_MAX + 29;
        assertTrue((long) k * 48 <= VectorGemm.Y_RESIDENT_MAX && k > VectorGemm.KC_MAX, "the shape takes blockCResident");
        int count = 0;
        for (int threads = 1; threads <= 2; threads++) {
            Kernels under = Oracles.under("vector", threads);
            for (boolean ta : new boolean[] {false, true}) {
                for (float[] ab : new float[][] {{1f, 0f}, {-0.5f, 1f}}) {
                    Case t = new Case(ta, false, m, n, k, ab[0], ab[1], 500 + count++);
                    float[] want = t.c0.clone();
                    for (int i0 = 0; i0 < m; i0 += VectorGemm.MC) {
                        int rows = Math.min(VectorGemm.MC, m - i0);
                        int aAt = t.aOff + (ta ? i0 : i0 * t.lda);
                        under.gemm(ta, false, rows, n, k, t.alpha, t.a, aAt, t.lda, t.b, t.bOff, t.ldb,
                                t.beta, want, t.cOff + i0 * t.ldc, t.ldc);
                    }
                    assertBitwise(want, t.check("vector", under), t.label() + " threads " + threads);
                }
            }
        }
    }

    /**
     * transpose8x8 (packX over an m-contiguous X, and the tutorial's output chunks) copies each of the
     * 64 values to its transposed place at arbitrary offsets and strides, and writes nothing else.
     */
    @Test
    void transpose8x8MovesEveryValueToItsTransposedPlace() {
        KernelsUnderTest.assumeVector();
        if (!GemmMicroKernels.TRANSPOSE_8X8) {
            return;   // not 8 lanes here: packX keeps its scalar loop
        }
        SplittableRandom r = new SplittableRandom(8);
        int[][] layouts = {{0, 8, 0, 8}, {3, 11, 5, 9}, {17, 4585, 2, 18}, {1, 100, 7, 56}};
        for (int[] lay : layouts) {
            int s = lay[0], lds = lay[1], d = lay[2], ldd = lay[3];
            float[] src = new float[s + 7 * lds + 8 + 3];
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) r.nextDouble();
            }
            float[] dst = new float[d + 7 * ldd + 8 + 5];
            java.util.Arrays.fill(dst, C_PAD);
            GemmMicroKernels.transpose8x8(src, s, lds, dst, d, ldd);
            boolean[] written = new boolean[dst.length];
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    int at = d + j * ldd + i;
                    assertEquals(src[s + i * lds + j], dst[at], "layout " + java.util.Arrays.toString(lay) + " (" + i + "," + j + ")");
                    written[at] = true;
                }
            }
            for (int i = 0; i < dst.length; i++) {
                if (!written[i]) {
                    assertEquals(C_PAD, dst[i], "wrote outside the block at " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void repeatedCallsAreDeterministic(String kernels) {
        Kernels two = Oracles.under(kernels, 2);
        Case cs = new Case(false, true, 56, 4585, 100, 1f, 0f, 42);
        float[] first = cs.run(two);
        for (int rep = 0; rep < 5; rep++) {
            assertBitwise(first, cs.run(two), cs.label() + " repeat " + rep);
        }
    }

    private static void assertBitwise(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail(what + " differs at " + i + ": " + got[i] + " vs " + want[i]);
            }
        }
    }

    @Test
    void panelPlanCoversColumns() {
        KernelsUnderTest.assumeVector();
        int[] widths = new int[VectorGemm.NC / GemmMicroKernels.L + 2];
        for (int nc = 1; nc <= VectorGemm.NC; nc++) {
            int np = VectorGemm.planPanels(nc, widths);
            int vectors = 0;
            for (int t = 0; t < np; t++) {
                assertTrue(widths[t] >= 1 && widths[t] <= 3);
                vectors += widths[t];
            }
            assertEquals((nc + GemmMicroKernels.L - 1) / GemmMicroKernels.L, vectors, "nc=" + nc);
        }
    }
}
