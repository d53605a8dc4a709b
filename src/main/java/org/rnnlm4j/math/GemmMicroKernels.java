/*
 * GemmMicroKernels: the register-blocked inner loops of VectorGemm.
 *
 * Contract: each kernel computes one tile  acc (MR, W) = X (MR, kc) @ Yp (kc, W)  where
 *   X row r is read directly at x[xr + p] (rows are k-contiguous: the caller's matrix or a packed
 *     copy; the driver passes a repeated row index for missing rows of an edge tile), or, in the
 *     grouped kernels k8x3i and k8x2i, at x[xg + 8p + r] (X packed in groups of 8 rows),
 *   Yp is a packed panel: element (p, j) at y[yp + p*W + j]; columns past the valid ones hold
 *     zeros or stale values, which only reach columns of acc that are never stored,
 * then either updates C directly (tile == null: full tile, C row-major with row stride ldc)
 * (the grouped kernels instead leave acc as it is in a buffer, always: see GROUPED KERNELS)
 *   C = alpha*acc            when overwrite (first k-block and beta == 0: old C, even NaN, ignored)
 *   C = fma(acc, alpha, beta*C) otherwise (beta is 1 for all k-blocks after the first)
 * or stores acc row-major (row stride W) into tile for VectorGemm.storeTile to finish (tile t of a
 * call at tile[t * MR * W], so `tiles` tiles fill MR * tiles rows); storeTile
 * performs the very same float operations, so an element's bits do not depend on which path or
 * which tile it went through (this is what makes a parallel GEMM equal to a serial one).
 * Every element is one FMA chain over p = 0..kc-1 in order. One call runs `tiles` tiles down a
 * panel (the next tile's rows start xStep further in x, its C rows right below): with the
 * tutorial's k = 20 a tile is ~100 cycles of FMAs, and a 15-argument call per tile cost ~25%.
 *
 * Shapes (L = lanes): 3 x 3L (9 accumulators: 91 GFLOP/s in isolation on Zen 3, JDK 25),
 * 6 x 2L (12 accumulators: 88), 6 x L (6 accumulators: 55, used only for narrow remainders).
 * 4 x 3L spills (16 of 16 ymm registers live) and halves the speed. With 512-bit vectors (32 zmm
 * registers) the full tiles of 3L panels take 6 x 3L instead (18 accumulators; SIX_ROW_WIDE_TILES). (tailColumns is the one kernel
 * with rows as lanes: L rows x up to 4 ragged columns of an m-contiguous X read in place, a
 * transposed A, finished exactly as storeTile finishes.) In the row kernels both strides are
 * compile-time constants on purpose: a run-time stride defeats C2's range-check elimination
 * (measured: 25% slower with a variable X stride; a variable Y stride, which would let Y be read
 * in place, cost 14% on the short-k tutorial GEMM and gained nothing on the long-k one). transpose8x8 is
 * data movement only (packX over a transposed A, packY over a k-contiguous Y, and OutputChunkKernels). No vector value leaves these
 * methods (see VectorMath for why). Not for use outside VectorGemm.
 */
package org.rnnlm4j.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

final class GemmMicroKernels {
    private GemmMicroKernels() {
    }

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int W1 = L;
    static final int W2 = 2 * L;
    static final int W3 = 3 * L;
    /**
     * Whether the full tiles of 3L-wide panels run 6 rows (k6x3, 18 accumulators) instead of 3 (k3x3,
     * 9): with 512-bit vectors, where C2 has 32 vector registers. Measured in isolation on a Xeon with
     * AVX-512 (JDK 25, one thread, Y panel 64-byte aligned, 96 rows): kc = 128 / 200 / 256, k3x3
     * 146 / 149 / 134 GFLOP/s, k6x3 164 / 165 / 162. With 256-bit vectors (16 registers) a 6 x 3L
     * tile would spill. Tile shapes change no FMA chain: the same bits either way.
     */
    static final boolean SIX_ROW_WIDE_TILES = L >= 16;

    /**
     * FINISH. Each row kernel ends in one finish for all its cases: dst = fma(acc, a, src * b) with
     *   C += (accumulate):  dst = C, a = alpha, src = C, b = beta;
     *   C = alpha acc (overwrite):  src = NEG_ZEROS, b = 1 (acc * alpha + -0 is acc * alpha exactly,
     *     -0 included);
     *   tile buffer:  dst = tile, a = 1, src = NEG_ZEROS, b = 1 (acc exactly).
     * Before, each case had its own finish: the accumulate finish and the overwrite finish were 36
     * stores in all. In two CI runs and 3 of 31 full test runs here, StepAllocationTest found k6x3
     * allocating 165 KB per training step for good (JFR allocation samples: Float512Vector.lanewise,
     * fromArray and broadcast called from k6x3, on both threads). C2's inlining log of one such run
     * (JDK 17) shows the VectorSupport.store intrinsic failing ("failed to inline (intrinsic)") for
     * the last 12 of the 18 stores of the accumulate finish, in both the OSR and the standard compile,
     * while the first 6 and the whole k loop were intrinsified; in passing runs no store failed. A
     * failed intrinsic leaves a call into the Vector API's Java fallback, which allocates every vector.
     * Why C2 gave up is not in the log. With one finish the method has half the finish code; after
     * this change 20 of 20 full runs passed, and in the 12 that logged k6x3's inlining every store was
     * intrinsified. The same bits as the separate finishes.
     */
    private static final float[] NEG_ZEROS = negativeZeros(W3);

    private static float[] negativeZeros(int n) {
        float[] z = new float[n];
        java.util.Arrays.fill(z, -0f);
        return z;
    }

    /** acc (3, 3L) = X (3, kc) @ Yp (kc, 3L), for `tiles` tiles stepping xStep in x and 3 rows in C. */
    static void k3x3(int kc, float[] x, int x0, int x1, int x2, int xStep, int tiles, float[] y, int yp,
                     float[] c, int ci, int ldc, float alpha, float beta, boolean overwrite, float[] tile) {
      for (int tt = 0, to = 0; tt < tiles; tt++, x0 += xStep, x1 += xStep, x2 += xStep, ci += 3 * ldc, to += 3 * W3) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        for (int p = 0; p < kc; p++) {
            int yi = yp + p * W3;
            FloatVector b0 = FloatVector.fromArray(S, y, yi);
            FloatVector b1 = FloatVector.fromArray(S, y, yi + L);
            FloatVector b2 = FloatVector.fromArray(S, y, yi + 2 * L);
            FloatVector a = FloatVector.broadcast(S, x[x0 + p]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, x[x1 + p]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, x[x2 + p]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
        }
        // one finish for every case, so that each vector call site below runs on every call (see FINISH)
        boolean raw = tile != null;   // the accumulators as they are, for storeTile
        float[] dst = raw ? tile : c;
        int d = raw ? to : ci;
        int dld = raw ? W3 : ldc;
        boolean fresh = raw || overwrite;   // no old C to read (overwrite: not even NaN)
        FloatVector va = FloatVector.broadcast(S, raw ? 1f : alpha);
        float[] src = fresh ? NEG_ZEROS : c;
        int q = fresh ? 0 : ci;
        int qld = fresh ? 0 : ldc;
        float sb = fresh ? 1f : beta;
        c00.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c01.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        c02.fma(va, FloatVector.fromArray(S, src, q + 2 * L).mul(sb)).intoArray(dst, d + 2 * L);
        d += dld;
        q += qld;
        c10.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c11.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        c12.fma(va, FloatVector.fromArray(S, src, q + 2 * L).mul(sb)).intoArray(dst, d + 2 * L);
        d += dld;
        q += qld;
        c20.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c21.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        c22.fma(va, FloatVector.fromArray(S, src, q + 2 * L).mul(sb)).intoArray(dst, d + 2 * L);
      }
    }

    /**
     * C (6, 3L) = alpha * X (6, kc) @ Yp (kc, 3L) (+ beta * C), finished as k3x3 finishes, for `tiles`
     * full tiles stepping xStep in x and 6 rows in C: 18 accumulators, for 512-bit vectors only
     * (SIX_ROW_WIDE_TILES), where 32 vector registers hold them. No tile-buffer path (edge tiles take
     * k3x3): with it the method is too large for C1 ("out of virtual registers in linear scan"), and
     * it then runs interpreted, allocating every vector, until C2 compiles it.
     */
    static void k6x3(int kc, float[] x, int x0, int x1, int x2, int x3, int x4, int x5, int xStep, int tiles,
                     float[] y, int yp, float[] c, int ci, int ldc, float alpha, float beta, boolean overwrite) {
      for (int tt = 0; tt < tiles; tt++, x0 += xStep, x1 += xStep, x2 += xStep, x3 += xStep, x4 += xStep,
              x5 += xStep, ci += 6 * ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00;
        for (int p = 0; p < kc; p++) {
            int yi = yp + p * W3;
            FloatVector b0 = FloatVector.fromArray(S, y, yi);
            FloatVector b1 = FloatVector.fromArray(S, y, yi + L);
            FloatVector b2 = FloatVector.fromArray(S, y, yi + 2 * L);
            FloatVector a = FloatVector.broadcast(S, x[x0 + p]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, x[x1 + p]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, x[x2 + p]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(S, x[x3 + p]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            a = FloatVector.broadcast(S, x[x4 + p]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            c42 = a.fma(b2, c42);
            a = FloatVector.broadcast(S, x[x5 + p]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            c52 = a.fma(b2, c52);
        }
        // one finish for every case, so that each vector call site below runs on every call (see FINISH)
        float[] dst = c;
        int d = ci;
        int dld = ldc;
        boolean fresh = overwrite;   // no old C to read (not even NaN)
        FloatVector va = FloatVector.broadcast(S, alpha);
        float[] src = fresh ? NEG_ZEROS : c;
        int q = fresh ? 0 : ci;
        int qld = fresh ? 0 : ldc;
        float sb = fresh ? 1f : beta;
        c00.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c01.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        c02.fma(va, FloatVector.fromArray(S, src, q + 2 * L).mul(sb)).intoArray(dst, d + 2 * L);
        d += dld;
        q += qld;
        c10.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c11.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        c12.fma(va, FloatVector.fromArray(S, src, q + 2 * L).mul(sb)).intoArray(dst, d + 2 * L);
        d += dld;
        q += qld;
        c20.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c21.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        c22.fma(va, FloatVector.fromArray(S, src, q + 2 * L).mul(sb)).intoArray(dst, d + 2 * L);
        d += dld;
        q += qld;
        c30.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c31.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        c32.fma(va, FloatVector.fromArray(S, src, q + 2 * L).mul(sb)).intoArray(dst, d + 2 * L);
        d += dld;
        q += qld;
        c40.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c41.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        c42.fma(va, FloatVector.fromArray(S, src, q + 2 * L).mul(sb)).intoArray(dst, d + 2 * L);
        d += dld;
        q += qld;
        c50.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c51.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        c52.fma(va, FloatVector.fromArray(S, src, q + 2 * L).mul(sb)).intoArray(dst, d + 2 * L);
      }
    }

    /**
     * GROUPED KERNELS. acc (8, 3L) = X (8, kc) @ Yp (kc, 3L) for X packed in groups of 8 rows
     * (VectorGemm.packXGroups: row r of the tile at x[xg + 8p + r]); the accumulators go as they
     * are to acc (row r at acc[r * 3L]) for VectorGemm.storeTile to finish. One index serves all
     * eight rows, the k loop takes two k per iteration, and the finish (alpha, beta, old C) is not in
     * the method: C2 then keeps everything the loop needs in registers (24 accumulators, 3 panel
     * vectors and a broadcast of the 32 zmm registers). k6x3, with six row offsets and its finish,
     * had its array bases in xmm registers and offsets reloaded from the stack in the loop.
     * In isolation (one thread, kc = 256, 96 rows, JDK 25, AVX-512; GFLOP/s): this 8-row form 179-181,
     * the same with 6 rows 164-167 (about 150 with the finish inside, when overwrite and accumulate
     * calls mix), k6x3 142; one k per iteration 160-164. The same FMA chains in the same order as the
     * row kernels, and storeTile's finish is the same float operations: the same bits.
     */
    static void k8x3i(int kc, float[] x, int xg, float[] y, int yp, float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
        FloatVector a;
        FloatVector b0;
        FloatVector b1;
        FloatVector b2;
        int p = 0;
        int xi = xg;
        int yi = yp;
        for (; p + 2 <= kc; p += 2, xi += 16, yi += 2 * W3) {
            b0 = FloatVector.fromArray(S, y, yi);
            b1 = FloatVector.fromArray(S, y, yi + L);
            b2 = FloatVector.fromArray(S, y, yi + 2 * L);
            a = FloatVector.broadcast(S, x[xi]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, x[xi + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, x[xi + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(S, x[xi + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            a = FloatVector.broadcast(S, x[xi + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            c42 = a.fma(b2, c42);
            a = FloatVector.broadcast(S, x[xi + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            c52 = a.fma(b2, c52);
            a = FloatVector.broadcast(S, x[xi + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            c62 = a.fma(b2, c62);
            a = FloatVector.broadcast(S, x[xi + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            c72 = a.fma(b2, c72);
            b0 = FloatVector.fromArray(S, y, yi + W3);
            b1 = FloatVector.fromArray(S, y, yi + W3 + L);
            b2 = FloatVector.fromArray(S, y, yi + W3 + 2 * L);
            a = FloatVector.broadcast(S, x[xi + 8]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, x[xi + 9]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, x[xi + 10]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(S, x[xi + 11]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            a = FloatVector.broadcast(S, x[xi + 12]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            c42 = a.fma(b2, c42);
            a = FloatVector.broadcast(S, x[xi + 13]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            c52 = a.fma(b2, c52);
            a = FloatVector.broadcast(S, x[xi + 14]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            c62 = a.fma(b2, c62);
            a = FloatVector.broadcast(S, x[xi + 15]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            c72 = a.fma(b2, c72);
        }
        for (; p < kc; p++, xi += 8, yi += W3) {
            b0 = FloatVector.fromArray(S, y, yi);
            b1 = FloatVector.fromArray(S, y, yi + L);
            b2 = FloatVector.fromArray(S, y, yi + 2 * L);
            a = FloatVector.broadcast(S, x[xi]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, x[xi + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(S, x[xi + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(S, x[xi + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            a = FloatVector.broadcast(S, x[xi + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            c42 = a.fma(b2, c42);
            a = FloatVector.broadcast(S, x[xi + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            c52 = a.fma(b2, c52);
            a = FloatVector.broadcast(S, x[xi + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            c62 = a.fma(b2, c62);
            a = FloatVector.broadcast(S, x[xi + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            c72 = a.fma(b2, c72);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c02.intoArray(acc, 2 * L);
        c10.intoArray(acc, W3);
        c11.intoArray(acc, W3 + L);
        c12.intoArray(acc, W3 + 2 * L);
        c20.intoArray(acc, 2 * W3);
        c21.intoArray(acc, 2 * W3 + L);
        c22.intoArray(acc, 2 * W3 + 2 * L);
        c30.intoArray(acc, 3 * W3);
        c31.intoArray(acc, 3 * W3 + L);
        c32.intoArray(acc, 3 * W3 + 2 * L);
        c40.intoArray(acc, 4 * W3);
        c41.intoArray(acc, 4 * W3 + L);
        c42.intoArray(acc, 4 * W3 + 2 * L);
        c50.intoArray(acc, 5 * W3);
        c51.intoArray(acc, 5 * W3 + L);
        c52.intoArray(acc, 5 * W3 + 2 * L);
        c60.intoArray(acc, 6 * W3);
        c61.intoArray(acc, 6 * W3 + L);
        c62.intoArray(acc, 6 * W3 + 2 * L);
        c70.intoArray(acc, 7 * W3);
        c71.intoArray(acc, 7 * W3 + L);
        c72.intoArray(acc, 7 * W3 + 2 * L);
    }

    /** As k8x3i for a 2L panel (see GROUPED KERNELS): acc (8, 2L), row r at acc[r * 2L]. */
    static void k8x2i(int kc, float[] x, int xg, float[] y, int yp, float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        FloatVector a;
        FloatVector b0;
        FloatVector b1;
        int p = 0;
        int xi = xg;
        int yi = yp;
        for (; p + 2 <= kc; p += 2, xi += 16, yi += 2 * W2) {
            b0 = FloatVector.fromArray(S, y, yi);
            b1 = FloatVector.fromArray(S, y, yi + L);
            a = FloatVector.broadcast(S, x[xi]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, x[xi + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, x[xi + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, x[xi + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, x[xi + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, x[xi + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, x[xi + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, x[xi + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            b0 = FloatVector.fromArray(S, y, yi + W2);
            b1 = FloatVector.fromArray(S, y, yi + W2 + L);
            a = FloatVector.broadcast(S, x[xi + 8]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, x[xi + 9]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, x[xi + 10]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, x[xi + 11]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, x[xi + 12]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, x[xi + 13]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, x[xi + 14]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, x[xi + 15]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        for (; p < kc; p++, xi += 8, yi += W2) {
            b0 = FloatVector.fromArray(S, y, yi);
            b1 = FloatVector.fromArray(S, y, yi + L);
            a = FloatVector.broadcast(S, x[xi]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, x[xi + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, x[xi + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, x[xi + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, x[xi + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, x[xi + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, x[xi + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, x[xi + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, W2);
        c11.intoArray(acc, W2 + L);
        c20.intoArray(acc, 2 * W2);
        c21.intoArray(acc, 2 * W2 + L);
        c30.intoArray(acc, 3 * W2);
        c31.intoArray(acc, 3 * W2 + L);
        c40.intoArray(acc, 4 * W2);
        c41.intoArray(acc, 4 * W2 + L);
        c50.intoArray(acc, 5 * W2);
        c51.intoArray(acc, 5 * W2 + L);
        c60.intoArray(acc, 6 * W2);
        c61.intoArray(acc, 6 * W2 + L);
        c70.intoArray(acc, 7 * W2);
        c71.intoArray(acc, 7 * W2 + L);
    }

    /** acc (6, 2L) = X (6, kc) @ Yp (kc, 2L), for `tiles` tiles stepping xStep in x and 6 rows in C. */
    static void k6x2(int kc, float[] x, int x0, int x1, int x2, int x3, int x4, int x5, int xStep, int tiles,
                     float[] y, int yp,
                     float[] c, int ci, int ldc, float alpha, float beta, boolean overwrite, float[] tile) {
      for (int tt = 0, to = 0; tt < tiles; tt++, x0 += xStep, x1 += xStep, x2 += xStep, x3 += xStep, x4 += xStep,
              x5 += xStep, ci += 6 * ldc, to += 6 * W2) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int yi = yp + p * W2;
            FloatVector b0 = FloatVector.fromArray(S, y, yi);
            FloatVector b1 = FloatVector.fromArray(S, y, yi + L);
            FloatVector a = FloatVector.broadcast(S, x[x0 + p]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, x[x1 + p]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, x[x2 + p]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, x[x3 + p]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, x[x4 + p]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, x[x5 + p]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        // one finish for every case, so that each vector call site below runs on every call (see FINISH)
        boolean raw = tile != null;   // the accumulators as they are, for storeTile
        float[] dst = raw ? tile : c;
        int d = raw ? to : ci;
        int dld = raw ? W2 : ldc;
        boolean fresh = raw || overwrite;   // no old C to read (overwrite: not even NaN)
        FloatVector va = FloatVector.broadcast(S, raw ? 1f : alpha);
        float[] src = fresh ? NEG_ZEROS : c;
        int q = fresh ? 0 : ci;
        int qld = fresh ? 0 : ldc;
        float sb = fresh ? 1f : beta;
        c00.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c01.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        d += dld;
        q += qld;
        c10.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c11.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        d += dld;
        q += qld;
        c20.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c21.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        d += dld;
        q += qld;
        c30.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c31.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        d += dld;
        q += qld;
        c40.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c41.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
        d += dld;
        q += qld;
        c50.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        c51.fma(va, FloatVector.fromArray(S, src, q + L).mul(sb)).intoArray(dst, d + L);
      }
    }

    /** acc (6, L) = X (6, kc) @ Yp (kc, L), for `tiles` tiles stepping xStep in x and 6 rows in C. */
    static void k6x1(int kc, float[] x, int x0, int x1, int x2, int x3, int x4, int x5, int xStep, int tiles,
                     float[] y, int yp,
                     float[] c, int ci, int ldc, float alpha, float beta, boolean overwrite, float[] tile) {
      for (int tt = 0, to = 0; tt < tiles; tt++, x0 += xStep, x1 += xStep, x2 += xStep, x3 += xStep, x4 += xStep,
              x5 += xStep, ci += 6 * ldc, to += 6 * W1) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        for (int p = 0; p < kc; p++) {
            FloatVector b = FloatVector.fromArray(S, y, yp + p * W1);
            c0 = FloatVector.broadcast(S, x[x0 + p]).fma(b, c0);
            c1 = FloatVector.broadcast(S, x[x1 + p]).fma(b, c1);
            c2 = FloatVector.broadcast(S, x[x2 + p]).fma(b, c2);
            c3 = FloatVector.broadcast(S, x[x3 + p]).fma(b, c3);
            c4 = FloatVector.broadcast(S, x[x4 + p]).fma(b, c4);
            c5 = FloatVector.broadcast(S, x[x5 + p]).fma(b, c5);
        }
        // one finish for every case, so that each vector call site below runs on every call (see FINISH)
        boolean raw = tile != null;   // the accumulators as they are, for storeTile
        float[] dst = raw ? tile : c;
        int d = raw ? to : ci;
        int dld = raw ? W1 : ldc;
        boolean fresh = raw || overwrite;   // no old C to read (overwrite: not even NaN)
        FloatVector va = FloatVector.broadcast(S, raw ? 1f : alpha);
        float[] src = fresh ? NEG_ZEROS : c;
        int q = fresh ? 0 : ci;
        int qld = fresh ? 0 : ldc;
        float sb = fresh ? 1f : beta;
        c0.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        d += dld;
        q += qld;
        c1.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        d += dld;
        q += qld;
        c2.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        d += dld;
        q += qld;
        c3.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        d += dld;
        q += qld;
        c4.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
        d += dld;
        q += qld;
        c5.fma(va, FloatVector.fromArray(S, src, q).mul(sb)).intoArray(dst, d);
      }
    }

    /**
     * Whether transpose8x8 is available: it runs on 256-bit vectors (T8). With 8 lanes those are
     * the preferred vectors. With 512-bit preferred vectors the 8 x 8 transposes run on 256-bit ones
     * too (AVX-512 machines run those), on JDK 25 and later only: packing a k-contiguous Y (the
     * word logits' decoder, 7,596 x 200) then moves whole vectors instead of single elements, bench
     * word median step 57.5 / 54.4 -> 53.6 / 50.8 ms (alternating runs, JDK 25, AVX-512). JDK 17's
     * C2 leaves these shuffles of a narrower species to the allocating Java fallback (word step
     * 101 -> 112 ms, and StepAllocationTest fails), so there it stays L == 8.
     */
    static final boolean TRANSPOSE_8X8 = L == 8 || (L > 8 && Runtime.version().feature() >= 25);
    /** The 256-bit species of transpose8x8, whatever the preferred width. */
    private static final VectorSpecies<Float> T8 = FloatVector.SPECIES_256;
    private static final VectorShuffle<Float> SWAP1 = TRANSPOSE_8X8 ? VectorShuffle.fromOp(T8, j -> j ^ 1) : null;
    private static final VectorShuffle<Float> SWAP2 = TRANSPOSE_8X8 ? VectorShuffle.fromOp(T8, j -> j ^ 2) : null;
    private static final VectorShuffle<Float> SWAP4 = TRANSPOSE_8X8 ? VectorShuffle.fromOp(T8, j -> j ^ 4) : null;
    private static final VectorMask<Float> ODD1 = TRANSPOSE_8X8 ? VectorMask.fromLong(T8, 0b10101010) : null;
    private static final VectorMask<Float> ODD2 = TRANSPOSE_8X8 ? VectorMask.fromLong(T8, 0b11001100) : null;
    private static final VectorMask<Float> ODD4 = TRANSPOSE_8X8 ? VectorMask.fromLong(T8, 0b11110000) : null;

    /**
     * An 8 x 8 block transposed: dst[d + j*ldd + i] = src[s + i*lds + j] for i, j < 8 (VectorGemm.packX
     * over an m-contiguous X). Three butterfly levels k = 1, 2, 4: in each 2k x 2k block the top-right
     * and bottom-left k x k blocks swap, row pair (i, i+k) exchanging lanes j ^ k through one shuffle
     * and one blend each. Data movement only: the values are copied exactly. Needs TRANSPOSE_8X8.
     */
    static void transpose8x8(float[] src, int s, int lds, float[] dst, int d, int ldd) {
        FloatVector r0 = FloatVector.fromArray(T8, src, s);
        FloatVector r1 = FloatVector.fromArray(T8, src, s + lds);
        FloatVector r2 = FloatVector.fromArray(T8, src, s + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(T8, src, s + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(T8, src, s + 4 * lds);
        FloatVector r5 = FloatVector.fromArray(T8, src, s + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(T8, src, s + 6 * lds);
        FloatVector r7 = FloatVector.fromArray(T8, src, s + 7 * lds);
        // level 1: pairs (0,1) (2,3) (4,5) (6,7)
        FloatVector t0 = r0.blend(r1.rearrange(SWAP1), ODD1);
        FloatVector t1 = r0.rearrange(SWAP1).blend(r1, ODD1);
        FloatVector t2 = r2.blend(r3.rearrange(SWAP1), ODD1);
        FloatVector t3 = r2.rearrange(SWAP1).blend(r3, ODD1);
        FloatVector t4 = r4.blend(r5.rearrange(SWAP1), ODD1);
        FloatVector t5 = r4.rearrange(SWAP1).blend(r5, ODD1);
        FloatVector t6 = r6.blend(r7.rearrange(SWAP1), ODD1);
        FloatVector t7 = r6.rearrange(SWAP1).blend(r7, ODD1);
        // level 2: pairs (0,2) (1,3) (4,6) (5,7)
        r0 = t0.blend(t2.rearrange(SWAP2), ODD2);
        r2 = t0.rearrange(SWAP2).blend(t2, ODD2);
        r1 = t1.blend(t3.rearrange(SWAP2), ODD2);
        r3 = t1.rearrange(SWAP2).blend(t3, ODD2);
        r4 = t4.blend(t6.rearrange(SWAP2), ODD2);
        r6 = t4.rearrange(SWAP2).blend(t6, ODD2);
        r5 = t5.blend(t7.rearrange(SWAP2), ODD2);
        r7 = t5.rearrange(SWAP2).blend(t7, ODD2);
        // level 4: pairs (0,4) (1,5) (2,6) (3,7)
        r0.blend(r4.rearrange(SWAP4), ODD4).intoArray(dst, d);
        r1.blend(r5.rearrange(SWAP4), ODD4).intoArray(dst, d + ldd);
        r2.blend(r6.rearrange(SWAP4), ODD4).intoArray(dst, d + 2 * ldd);
        r3.blend(r7.rearrange(SWAP4), ODD4).intoArray(dst, d + 3 * ldd);
        r0.rearrange(SWAP4).blend(r4, ODD4).intoArray(dst, d + 4 * ldd);
        r1.rearrange(SWAP4).blend(r5, ODD4).intoArray(dst, d + 5 * ldd);
        r2.rearrange(SWAP4).blend(r6, ODD4).intoArray(dst, d + 6 * ldd);
        r3.rearrange(SWAP4).blend(r7, ODD4).intoArray(dst, d + 7 * ldd);
    }

    /**
     * dst (cols, rows) = src (rows, cols)^T: dst[d + j*ldd + i] = src[s + i*lds + j], in 8 x 8 blocks;
     * a ragged last block overlaps the one before it and copies the shared values again. Needs
     * TRANSPOSE_8X8 and rows, cols >= 8.
     */
    static void transposeBlocks(int rows, int cols, float[] src, int s, int lds, float[] dst, int d, int ldd) {
        for (int i = 0; i < rows; i += 8) {
            int i0 = Math.min(i, rows - 8);
            for (int j = 0; j < cols; j += 8) {
                int j0 = Math.min(j, cols - 8);
                transpose8x8(src, s + i0 * lds + j0, lds, dst, d + j0 * ldd + i0, ldd);
            }
        }
    }

    /** Ragged columns up to which tailColumns serves a panel (its four accumulators). */
    static final int TAIL_COLUMNS = 4;

    /**
     * The last nr <= TAIL_COLUMNS columns of a ragged panel, `rows` (a multiple of L) rows at a time
     * as the lanes: acc_j (L rows) = X (rows, kc) @ Yp (kc, j) with X m-contiguous, row i of step p
     * at x[xb + p*ldx + i] (a transposed A read in place), Yp the packed panel (row stride w). Each
     * element is the same FMA chain over p as in the row kernels, and it is finished as storeTile
     * finishes it, so the bits equal the edge-tile path's. C row-major at c[ci + i*ldc + j].
     */
    static void tailColumns(int kc, float[] x, int xb, int ldx, int rows, float[] y, int yp, int w, int nr,
                            float[] c, int ci, int ldc, float alpha, float beta, boolean overwrite, float[] tile) {
        for (int r0 = 0; r0 < rows; r0 += L, xb += L, ci += L * ldc) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int p = 0; p < kc; p++) {
                FloatVector xv = FloatVector.fromArray(S, x, xb + p * ldx);
                int yi = yp + p * w;
                a0 = xv.fma(FloatVector.broadcast(S, y[yi]), a0);
                a1 = xv.fma(FloatVector.broadcast(S, y[yi + 1]), a1);
                a2 = xv.fma(FloatVector.broadcast(S, y[yi + 2]), a2);
                a3 = xv.fma(FloatVector.broadcast(S, y[yi + 3]), a3);
            }
            a0.intoArray(tile, 0);
            a1.intoArray(tile, L);
            a2.intoArray(tile, 2 * L);
            a3.intoArray(tile, 3 * L);
            for (int l = 0; l < L; l++) {
                int cr = ci + l * ldc;
                for (int j = 0; j < nr; j++) {
                    float t = tile[j * L + l];
                    c[cr + j] = overwrite ? t * alpha : Math.fma(t, alpha, c[cr + j] * beta);
                }
            }
        }
    }
}
