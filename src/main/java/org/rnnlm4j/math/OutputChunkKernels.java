/*
 * OutputChunkKernels: the vector form of Kernels.outputChunksInput and outputChunksUpdate, the output
 * layer's backward over vocabulary chunks with few rows (the tutorial: n = T ~ 18 rows, h = 100,
 * chunks of 128 of the 4585 vocabulary rows).
 *
 * Contract: the same results, bit for bit, as the Kernels defaults (one VectorGemm product per
 * chunk each): every element is the same FMA chain over k in the same order, finished the same way
 * (dS part = acc; sink = fma(acc, alpha, sink)). Requires h >= L. Runs on the calling thread.
 *
 * Why not the general GEMM: at these shapes its set-up weighs. Per chunk (dL (n,vc), Dec (vc,h)):
 *  - dS part (n,h) = dL[:, chunk] Dec[chunk]: the general path packs the Dec chunk (vc x h) for only
 *    n/6 ~ 3 row tiles; here Dec is read in place (row stride ldd), and a ragged h (100 = 12 L + 4)
 *    ends with one vector overlapping the one before it (its shared columns are written twice with
 *    the same values) instead of a padded panel finished through a tile buffer. ds6x2 and ds6x1 are
 *    GemmMicroKernels' 6-row kernels with a run-time Y stride, which those keep constant on purpose
 *    for their packed panels; the last rows of n may go to 4 and 3-row tiles (restTileRows), so a
 *    6-row tile does not repeat rows it has no data for.
 *  - sink[chunk] (vc,h) += alpha dL[:, chunk]^T S: S (n,h) is packed once per call for all chunks,
 *    not once per chunk; dL is read in place (a tile's rows are consecutive columns of dL), a
 *    chunk's last 1-2 rows too (u2x3); the 3L-wide panels run
 *    u3x3 (GemmMicroKernels.k3x3's loop finished for beta = 1); the ragged last vector overlaps too,
 *    and keeps the lanes the panel before it already updated (blend, u6x1). S may be packed once
 *    for several calls (pack, updatesPacked: SoftmaxOutput splits the update into a dozen parts).
 * The gain is modest (see MAX_ROWS: 4-13% single-threaded at n = 10-30) and turns into a loss past
 * n ~ 36, where the general path's packed Dec chunk pays for itself.
 *
 * Layout of the packed S, from index pad = ArrayAlignment.padFloats(): panels of 3L columns at 0,
 * 3L, ..., then panels of L columns, then (h not a multiple of L) one panel of the last L columns
 * [h-L, h); panel j's element (t, c) at ps[pad + panelStart_j + t*width_j + c]. No vector value
 * leaves these methods (see VectorMath).
 */
package org.rnnlm4j.math;

import static org.rnnlm4j.math.GemmMicroKernels.L;
import static org.rnnlm4j.math.GemmMicroKernels.W3;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

final class OutputChunkKernels {
    private OutputChunkKernels() {
    }

    private static final VectorSpecies<Float> S = GemmMicroKernels.S;

    /** Per thread: the packed S. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    /**
     * Rows (n) up to which this form runs; past it the two general products are faster. Measured
     * single-threaded, vocabulary 4585, h = 100, min of 30 alternating samples, us per 36 chunks,
     * general / this: n = 10 462-474 / 410-425, 18 632-662 / 584-623, 30 926-939 / 882-915,
     * 36 1059-1074 / 1083, 48 1330-1395 / 1474 (reading Dec in place costs more than packing it once
     * when n / 6 row tiles pass over it).
     */
    static final int MAX_ROWS = 30;

    /** Whether this form runs for n rows and hidden size h. */
    static boolean serves(int n, int h) {
        return h >= L && n >= 1 && n <= MAX_ROWS;
    }

    /** See Kernels.outputChunksInput; serves(n, h). */
    static void inputs(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl, float[] dec, int decOff, int ldd,
                       float[] parts) {
        for (int c = c0; c < c1; c++) {
            int v0 = c * chunk;
            int vc = Math.min(vocab, v0 + chunk) - v0;
            dsPart(n, h, vc, dl, v0, vocab, dec, decOff + v0 * ldd, ldd, parts, c * n * h);
        }
    }

    /** See Kernels.outputChunksUpdate; serves(n, h). */
    static void updates(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl, float[] s, int sOff,
                        float alpha, float[] sink, int sinkOff, int lds) {
        float[][] scratch = SCRATCH.get();
        int pad = ArrayAlignment.padFloats();
        if (scratch[0].length < packedLength(n, h)) {
            scratch[0] = new float[packedLength(n, h)];
        }
        packRows(n, h, s, sOff, scratch[0], pad);
        updatesPacked(n, h, vocab, chunk, c0, c1, dl, scratch[0], alpha, sink, sinkOff, lds);
    }

    /** Floats of S (n,h) packed by pack() (from index ArrayAlignment.padFloats()). */
    static int packedLength(int n, int h) {
        return ArrayAlignment.padFloats() + n * (h + L);
    }

    /** S (n,h) into ps in the layout of the header, for updatesPacked; ps.length >= packedLength(n, h). */
    static void pack(int n, int h, float[] s, int sOff, float[] ps) {
        packRows(n, h, s, sOff, ps, ArrayAlignment.padFloats());
    }

    /** updates() with S packed beforehand (pack): for splits into many calls, which then do not each pack it. */
    static void updatesPacked(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl, float[] ps,
                              float alpha, float[] sink, int sinkOff, int lds) {
        int pad = ArrayAlignment.padFloats();
        for (int c = c0; c < c1; c++) {
            int v0 = c * chunk;
            int vc = Math.min(vocab, v0 + chunk) - v0;
            update(n, h, vc, dl, v0, vocab, ps, pad, alpha, sink, sinkOff + v0 * lds, lds);
        }
    }

    /** S (n,h) into the panels described in the header, from ps[pad]. */
    private static void packRows(int n, int h, float[] s, int sOff, float[] ps, int pad) {
        int o = pad;
        int h0 = 0;
        for (; h0 + W3 <= h; h0 += W3) {
            for (int t = 0; t < n; t++, o += W3) {
                System.arraycopy(s, sOff + t * h + h0, ps, o, W3);
            }
        }
        for (; h0 < h; h0 += L) {
            int hh = Math.min(h0, h - L);
            for (int t = 0; t < n; t++, o += L) {
                System.arraycopy(s, sOff + t * h + hh, ps, o, L);
            }
        }
    }

    /**
     * part (n,h) = dL (n, vc) at dl[dlOff + t*ldl + p] times Dec rows (vc,h) at dec[decOff + p*ldd + j]:
     * 6-row tiles, and a last tile of 3 or 4 rows where 6 would repeat (waste) 2 or more (restTile).
     * Each element is the same FMA chain whatever its tile.
     */
    private static void dsPart(int n, int h, int vc, float[] dl, int dlOff, int ldl, float[] dec, int decOff, int ldd,
                               float[] part, int pOff) {
        int rest = restTileRows(n);
        int sixes = n - rest;
        for (int t0 = 0; t0 < sixes; t0 += 6) {
            int rows = Math.min(6, sixes - t0);
            int last = rows - 1;
            int x0 = dlOff + t0 * ldl;
            int x1 = x0 + Math.min(1, last) * ldl;
            int x2 = x0 + Math.min(2, last) * ldl;
            int x3 = x0 + Math.min(3, last) * ldl;
            int x4 = x0 + Math.min(4, last) * ldl;
            int x5 = x0 + last * ldl;
            int ci = pOff + t0 * h;
            int h0 = 0;
            for (; h0 + 2 * L <= h; h0 += 2 * L) {
                ds6x2(vc, dl, x0, x1, x2, x3, x4, x5, dec, decOff + h0, ldd, part, ci + h0, h, rows);
            }
            for (; h0 < h; h0 += L) {
                int hh = Math.min(h0, h - L);   // the ragged end overlaps: same values written twice
                ds6x1(vc, dl, x0, x1, x2, x3, x4, x5, dec, decOff + hh, ldd, part, ci + hh, h, rows);
            }
        }
        if (rest > 0) {
            dsRest(sixes, rest, h, vc, dl, dlOff, ldl, dec, decOff, ldd, part, pOff);
        }
    }

    /**
     * Rows dsPart leaves to 3 and 4-row tiles at the end: by n % 6, 1 -> 7 (4 + 3), 2 -> 8 (4 + 4),
     * 3 -> 3, 4 -> 4, else none (6-row tiles only; 5 repeats one row in its last one). One thread,
     * 36 chunks of the tutorial's decoder, a 6-row tile costs ~87 us, 4 rows ~60, 3 rows ~56: fewer
     * repeated rows pay for the smaller tiles' lower rate except at n % 6 == 5. Fewer than 6 rows:
     * 1-3 -> one 3-row tile, 4 -> one 4-row tile, 5 -> one 6-row tile.
     */
    static int restTileRows(int n) {
        int r = n % 6;
        if (n < 6) {
            return r == 5 ? 0 : r;
        }
        return r == 1 ? 7 : r == 2 ? 8 : r == 3 || r == 4 ? r : 0;
    }

    /** dsPart's last `rest` rows from row t0 (restTileRows): 4-row tiles while 4 or more are left, then a 3-row tile. */
    private static void dsRest(int t0, int rest, int h, int vc, float[] dl, int dlOff, int ldl, float[] dec, int decOff,
                               int ldd, float[] part, int pOff) {
        for (int end = t0 + rest; t0 < end; ) {
            int tile = end - t0 >= 4 ? 4 : 3;
            int rows = Math.min(tile, end - t0);
            int last = rows - 1;
            int x0 = dlOff + t0 * ldl;
            int x1 = x0 + Math.min(1, last) * ldl;
            int x2 = x0 + Math.min(2, last) * ldl;
            int x3 = x0 + last * ldl;
            int ci = pOff + t0 * h;
            int h0 = 0;
            for (; h0 + 2 * L <= h; h0 += 2 * L) {
                if (tile == 4) {
                    ds4x2(vc, dl, x0, x1, x2, x3, dec, decOff + h0, ldd, part, ci + h0, h, rows);
                } else {
                    ds3x2(vc, dl, x0, x1, x2, dec, decOff + h0, ldd, part, ci + h0, h, rows);
                }
            }
            for (; h0 < h; h0 += L) {
                int hh = Math.min(h0, h - L);
                ds6x1(vc, dl, x0, x1, x2, x3, x3, x3, dec, decOff + hh, ldd, part, ci + hh, h, rows);
            }
            t0 += rows;
        }
    }

    /** ds6x2 with 4 rows. */
    private static void ds4x2(int kc, float[] x, int x0, int x1, int x2, int x3,
                              float[] y, int yp, int ldy, float[] c, int ci, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int yi = yp + p * ldy;
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
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        if (rows > 1) {
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
        }
        if (rows > 2) {
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
        }
        if (rows > 3) {
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
        }
    }

    /** ds6x2 with 3 rows. */
    private static void ds3x2(int kc, float[] x, int x0, int x1, int x2,
                              float[] y, int yp, int ldy, float[] c, int ci, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        for (int p = 0; p < kc; p++) {
            int yi = yp + p * ldy;
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
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        if (rows > 1) {
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
        }
        if (rows > 2) {
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
        }
    }

    /** The first `rows` rows of C (row stride ldc, at ci) = X (6, kc) @ Y (kc, 2L) with Y rows ldy apart. */
    private static void ds6x2(int kc, float[] x, int x0, int x1, int x2, int x3, int x4, int x5,
                              float[] y, int yp, int ldy, float[] c, int ci, int ldc, int rows) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        // a running Dec index instead of yp + p * ldy (an imul per iteration in a loop that is
        // about as bound by instruction count as by FMAs): one thread, the tutorial's dS at T = 18,
        // 257-270 -> 243-259 us. The same in ds4x2, ds3x2 and ds6x1 measured slower (T = 14, 20).
        for (int p = 0, yi = yp; p < kc; p++, yi += ldy) {
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
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        if (rows > 1) {
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
        }
        if (rows > 2) {
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
        }
        if (rows > 3) {
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
        }
        if (rows > 4) {
            c40.intoArray(c, ci + 4 * ldc);
            c41.intoArray(c, ci + 4 * ldc + L);
        }
        if (rows > 5) {
            c50.intoArray(c, ci + 5 * ldc);
            c51.intoArray(c, ci + 5 * ldc + L);
        }
    }

    /** ds6x2 for one vector of columns. */
    private static void ds6x1(int kc, float[] x, int x0, int x1, int x2, int x3, int x4, int x5,
                              float[] y, int yp, int ldy, float[] c, int ci, int ldc, int rows) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        for (int p = 0; p < kc; p++) {
            FloatVector b = FloatVector.fromArray(S, y, yp + p * ldy);
            c0 = FloatVector.broadcast(S, x[x0 + p]).fma(b, c0);
            c1 = FloatVector.broadcast(S, x[x1 + p]).fma(b, c1);
            c2 = FloatVector.broadcast(S, x[x2 + p]).fma(b, c2);
            c3 = FloatVector.broadcast(S, x[x3 + p]).fma(b, c3);
            c4 = FloatVector.broadcast(S, x[x4 + p]).fma(b, c4);
            c5 = FloatVector.broadcast(S, x[x5 + p]).fma(b, c5);
        }
        c0.intoArray(c, ci);
        if (rows > 1) {
            c1.intoArray(c, ci + ldc);
        }
        if (rows > 2) {
            c2.intoArray(c, ci + 2 * ldc);
        }
        if (rows > 3) {
            c3.intoArray(c, ci + 3 * ldc);
        }
        if (rows > 4) {
            c4.intoArray(c, ci + 4 * ldc);
        }
        if (rows > 5) {
            c5.intoArray(c, ci + 5 * ldc);
        }
    }

    /**
     * sink rows (vc,h) at sink[off + i*lds + j] += alpha * dL[:, v0 : v0+vc)^T (vc,n) @ S (n,h), S's packed
     * panels at ps[pad]: dL read in place (column v0+i, element t at dl[t*ldl + v0 + i]), the last 1-2
     * rows of the 3-row tiles too (u2x3). Transposing every chunk first (8 x 8 register blocks) took 32
     * of the 293 us the tutorial's update took on one thread (n = 18, 36 chunks); in place it takes 273 us
     * (n = 15: 251 -> 239, n = 5: 163 -> 136). The last rows through a transposed copy, k3x3 and
     * VectorGemm.storeTile instead of u2x3: one thread, 36 chunks, n = 18 251-252 -> 246-250 us, n = 19
     * 264-269 -> 256-261.
     */
    private static void update(int n, int h, int vc, float[] dl, int v0, int ldl, float[] ps, int pad,
                               float alpha, float[] sink, int off, int lds) {
        int o = pad;
        int h0 = 0;
        int full3 = vc / 3 * 3;
        int full6 = vc / 6 * 6;
        for (; h0 + W3 <= h; h0 += W3, o += n * W3) {
            u3x3(n, dl, v0, ldl, vc / 3, ps, o, sink, off + h0, lds, alpha);
            if (full3 < vc) {
                u2x3(n, dl, v0 + full3, ldl, vc - full3, ps, o, sink, off + full3 * lds + h0, lds, alpha);
            }
        }
        for (; h0 < h; h0 += L, o += n * L) {
            int hh = Math.min(h0, h - L);
            int keep = h0 - hh;
            u6x1(n, dl, v0, ldl, vc / 6, ps, o, sink, off + hh, lds, alpha, keep, 6);
            if (full6 < vc) {
                u6x1(n, dl, v0 + full6, ldl, 1, ps, o, sink, off + full6 * lds + hh, lds, alpha, keep, vc - full6);
            }
        }
    }

    /**
     * `tiles` tiles of 3 rows x 3L columns: C rows += alpha * X @ Yp (kc, 3L), as fma(acc, alpha, C); X's
     * rows are consecutive columns of dL read in place, tile tt's at x[xb + 3tt + {0,1,2} + p*ldx]. The
     * loop is GemmMicroKernels.k3x3's; the finish leaves out k3x3's C * beta for beta = 1 (the same
     * values, one multiply fewer per vector), which at kc = n ~ 18 is a tenth of a tile's work: the
     * tutorial's median step 0.576 -> 0.563 ms. The same branch inside k3x3 slowed the word step by
     * ~5% (C2 compiles the larger method worse), hence this copy for the update alone.
     */
    private static void u3x3(int kc, float[] x, int xb, int ldx, int tiles, float[] y, int yp, float[] c, int ci, int ldc,
                              float alpha) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int tt = 0; tt < tiles; tt++, xb += 3, ci += 3 * ldc) {
            FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
            FloatVector c10 = c00, c11 = c00, c12 = c00;
            FloatVector c20 = c00, c21 = c00, c22 = c00;
            for (int p = 0, xi = xb; p < kc; p++, xi += ldx) {
                int yi = yp + p * W3;
                FloatVector b0 = FloatVector.fromArray(S, y, yi);
                FloatVector b1 = FloatVector.fromArray(S, y, yi + L);
                FloatVector b2 = FloatVector.fromArray(S, y, yi + 2 * L);
                FloatVector a = FloatVector.broadcast(S, x[xi]);
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
            }
            int r1 = ci + ldc;
            int r2 = r1 + ldc;
            c00.fma(va, FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
            c01.fma(va, FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
            c02.fma(va, FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
            c10.fma(va, FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c11.fma(va, FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
            c12.fma(va, FloatVector.fromArray(S, c, r1 + 2 * L)).intoArray(c, r1 + 2 * L);
            c20.fma(va, FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
            c21.fma(va, FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
            c22.fma(va, FloatVector.fromArray(S, c, r2 + 2 * L)).intoArray(c, r2 + 2 * L);
        }
    }

    /**
     * The last 1 or 2 rows (`rows`) of a chunk's 3L panel: u3x3's tile with 2 rows, X read in place
     * (x[xb + {0,1} + p*ldx]; one row repeats when rows = 1), only the first `rows` rows stored. The
     * same FMA chains and finish as u3x3 (and as k3x3 + storeTile with beta = 1, which they replace).
     */
    private static void u2x3(int kc, float[] x, int xb, int ldx, int rows, float[] y, int yp, float[] c, int ci, int ldc,
                             float alpha) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int d1 = rows > 1 ? 1 : 0;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        for (int p = 0, xi = xb; p < kc; p++, xi += ldx) {
            int yi = yp + p * W3;
            FloatVector b0 = FloatVector.fromArray(S, y, yi);
            FloatVector b1 = FloatVector.fromArray(S, y, yi + L);
            FloatVector b2 = FloatVector.fromArray(S, y, yi + 2 * L);
            FloatVector a = FloatVector.broadcast(S, x[xi]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(S, x[xi + d1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
        }
        c00.fma(va, FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.fma(va, FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c02.fma(va, FloatVector.fromArray(S, c, ci + 2 * L)).intoArray(c, ci + 2 * L);
        if (rows > 1) {
            int r1 = ci + ldc;
            c10.fma(va, FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
            c11.fma(va, FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
            c12.fma(va, FloatVector.fromArray(S, c, r1 + 2 * L)).intoArray(c, r1 + 2 * L);
        }
    }

    /**
     * `tiles` tiles of 6 rows x L columns (X's rows consecutive columns of dL, as in u3x3): C rows +=
     * alpha * X @ Yp (kc, L), keeping C's first `keep` lanes as they are (an overlapping last vector).
     * Only the first `rows` rows are stored; missing rows repeat the last one.
     */
    private static void u6x1(int kc, float[] x, int xb, int ldx, int tiles, float[] y, int yp,
                              float[] c, int ci, int ldc, float alpha, int keep, int rows) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        VectorMask<Float> fresh = VectorMask.fromLong(S, -1L << keep);
        int last = Math.min(rows, 6) - 1;
        int d1 = Math.min(1, last);
        int d2 = Math.min(2, last);
        int d3 = Math.min(3, last);
        int d4 = Math.min(4, last);
        int d5 = last;
        for (int tt = 0; tt < tiles; tt++, xb += 6, ci += 6 * ldc) {
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
            for (int p = 0, xi = xb; p < kc; p++, xi += ldx) {
                FloatVector b = FloatVector.fromArray(S, y, yp + p * L);
                c0 = FloatVector.broadcast(S, x[xi]).fma(b, c0);
                c1 = FloatVector.broadcast(S, x[xi + d1]).fma(b, c1);
                c2 = FloatVector.broadcast(S, x[xi + d2]).fma(b, c2);
                c3 = FloatVector.broadcast(S, x[xi + d3]).fma(b, c3);
                c4 = FloatVector.broadcast(S, x[xi + d4]).fma(b, c4);
                c5 = FloatVector.broadcast(S, x[xi + d5]).fma(b, c5);
            }
            int r = ci;
            FloatVector old = FloatVector.fromArray(S, c, r);
            old.blend(c0.fma(va, old), fresh).intoArray(c, r);
            if (rows > 1) {
                r += ldc;
                old = FloatVector.fromArray(S, c, r);
                old.blend(c1.fma(va, old), fresh).intoArray(c, r);
            }
            if (rows > 2) {
                r += ldc;
                old = FloatVector.fromArray(S, c, r);
                old.blend(c2.fma(va, old), fresh).intoArray(c, r);
            }
            if (rows > 3) {
                r += ldc;
                old = FloatVector.fromArray(S, c, r);
                old.blend(c3.fma(va, old), fresh).intoArray(c, r);
            }
            if (rows > 4) {
                r += ldc;
                old = FloatVector.fromArray(S, c, r);
                old.blend(c4.fma(va, old), fresh).intoArray(c, r);
            }
            if (rows > 5) {
                r += ldc;
                old = FloatVector.fromArray(S, c, r);
                old.blend(c5.fma(va, old), fresh).intoArray(c, r);
            }
        }
    }
}
