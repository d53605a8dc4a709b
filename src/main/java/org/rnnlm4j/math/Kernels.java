/*
 * Kernels: the float32 arithmetic every layer goes through.
 *
 * Contract: plain functions over flat row-major float[] with explicit offsets, leading dimensions
 * and sizes. No allocation inside a call (except a parallel GEMM's task objects); no state. Two
 * implementations with identical results up to float rounding: ScalarKernels (the reference, the
 * oracle in tests) and VectorKernels (jdk.incubator.vector). Which one runs is decided in one place,
 * KernelSelector. Matrices: A (m,k) row-major at a[aOff + i*lda + j].
 */
package org.rnnlm4j.math;

public interface Kernels {

    /** Short name for logs and benchmark output, e.g. "scalar" or "vector(256-bit)". */
    String name();

    /**
     * The same kernels confined to the calling thread (bitwise the same results: no result depends
     * on the thread count), for code that runs two computations side by side on the cores itself
     * (StackedRecurrent's pipelined layers). The default: this, for kernels that never split.
     */
    default Kernels serial() {
        return this;
    }

    /**
     * C (m,n) = alpha * op(A) (m,k) * op(B) (k,n) + beta * C.
     * op(A) = A (m,k) stored with lda, or A^T where A is stored (k,m) with lda when transA.
     * op(B) = B (k,n) stored with ldb, or B^T where B is stored (n,k) with ldb when transB.
     * beta == 0 overwrites C (NaNs in C are not propagated).
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * op(B) (k,n) prepared for many gemmPrepared calls while B's values stay the same (the recurrent
     * matrix over a window's time steps). reuse (nullable): a former result whose buffer may be reused.
     * The default only records B; the vector kernels pack it once here instead of in every product.
     */
    default PreparedB prepare(boolean transB, int k, int n, float[] b, int bOff, int ldb, PreparedB reuse) {
        return PreparedB.reference(transB, k, n, b, bOff, ldb, reuse);
    }

    /**
     * C (m,n) = alpha * A (m,k) * op(B) + beta * C with op(B) prepared: the same result as
     * gemm(false, b.transB, m, n, k, alpha, a, aOff, lda, B, ..., beta, c, cOff, ldc).
     */
    default void gemmPrepared(int m, float alpha, float[] a, int aOff, int lda, PreparedB b,
                              float beta, float[] c, int cOff, int ldc) {
        gemm(false, b.transB, m, b.n, b.k, alpha, a, aOff, lda, b.b, b.bOff, b.ldb, beta, c, cOff, ldc);
    }

    /**
     * The output layer's backward over vocabulary chunks of `chunk` rows, first half: for each chunk
     * c0 <= c < c1, covering vocabulary rows [v0, v1) = [c*chunk, min(vocab, (c+1)*chunk)),
     *   part_c (n,h) = dL[:, v0:v1) Dec[v0:v1)            written (not added) at parts[c*n*h ..)
     * with dL (n, vocab) row-major and Dec (vocab, h) at dec[decOff + v*ldd + j] (ldd >= h: rows may
     * be padded). On the calling thread. The default is one product per chunk; VectorKernels has a
     * faster form with the same bits.
     */
    default void outputChunksInput(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl, float[] dec,
                                   int decOff, int ldd, float[] parts) {
        for (int c = c0; c < c1; c++) {
            int v0 = c * chunk;
            int vc = Math.min(vocab, v0 + chunk) - v0;
            gemm(false, false, n, h, vc, 1f, dl, v0, vocab, dec, decOff + v0 * ldd, ldd, 0f, parts, c * n * h, h);
        }
    }

    /**
     * Second half (after every chunk's outputChunksInput when the sink is Dec itself, fused SGD): for
     * each chunk, sink[v0:v1) (v1-v0, h) += alpha * dL[:, v0:v1)^T S, S (n,h) at s[sOff..), the sink's
     * row v at sink[sinkOff + v*lds] (lds >= h; padding columns untouched). On the calling thread; the
     * default is one product per chunk, VectorKernels the same bits faster.
     */
    default void outputChunksUpdate(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl,
                                    float[] s, int sOff, float alpha, float[] sink, int sinkOff, int lds) {
        for (int c = c0; c < c1; c++) {
            int v0 = c * chunk;
            int vc = Math.min(vocab, v0 + chunk) - v0;
            gemm(true, false, vc, h, n, alpha, dl, v0, vocab, s, sOff, h, 1f, sink, sinkOff + v0 * lds, lds);
        }
    }

    /** Floats that packOutputChunkS writes for S (n,h). */
    default int outputChunkSLength(int n, int h) {
        return n * h;
    }

    /**
     * S (n,h) at s[sOff..) into dst[0, outputChunkSLength(n, h)) in the form outputChunksUpdatePacked
     * reads: packed once for the many calls a split update makes. The default is a plain copy.
     */
    default void packOutputChunkS(int n, int h, float[] s, int sOff, float[] dst) {
        System.arraycopy(s, sOff, dst, 0, n * h);
    }

    /** outputChunksUpdate with S as packOutputChunkS(n, h, ...) left it in sPacked: the same bits. */
    default void outputChunksUpdatePacked(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl,
                                          float[] sPacked, float alpha, float[] sink, int sinkOff, int lds) {
        outputChunksUpdate(n, h, vocab, chunk, c0, c1, dl, sPacked, 0, alpha, sink, sinkOff, lds);
    }

    /** y (m) = A (m,n) x (n) + beta * y. beta == 0 overwrites y. */
    void gemv(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff,
              float beta, float[] y, int yOff);

    /**
     * Two gemvs with the same row count at once: y1 (m) = A1 (m,n1) x1 + beta1 y1 and
     * y2 (m) = A2 (m,n2) x2 + beta2 y2, A1 and A2 row-major from a1Off and a2Off, each exactly as
     * gemv computes it (a recurrent layer's generation step: input and recurrent products, one
     * split over threads instead of two).
     */
    default void gemvPair(int m, int n1, float[] a1, int a1Off, float[] x1, int x1Off, float beta1, float[] y1,
                          int n2, float[] a2, int a2Off, float[] x2, int x2Off, float beta2, float[] y2) {
        gemv(m, n1, a1, a1Off, n1, x1, x1Off, beta1, y1, 0);
        gemv(m, n2, a2, a2Off, n2, x2, x2Off, beta2, y2, 0);
    }

    /** y (n) = A^T x where A is (m,n), x (m); y = A^T x + beta * y. beta == 0 overwrites y. */
    void gemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff,
               float beta, float[] y, int yOff);

    /** A (m,n) += alpha * x (m) outer y (n). */
    void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
             float[] a, int aOff, int lda);

    /** y (n) += alpha * x (n). */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** sum_i x[i] * y[i] over n elements. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * In place: x[off..off+n) := softmax(x[off..off+n)). Returns log(sum(exp(x))) of the input
     * (the log-sum-exp, computed stably with the max subtracted), so a caller can get
     * log p(i) = x_in[i] - returned value without a second pass.
     */
    float softmaxInPlace(float[] x, int off, int n);

    /**
     * softmaxInPlace on each of rows rows of n elements, row r at x[off + r*ld ..); when lse != null
     * lse[lseOff + r] receives row r's log-sum-exp. Same results as the per-row calls; an
     * implementation may spread rows over threads (the tutorial's T x 4585 logits).
     */
    default void softmaxRows(int rows, int n, float[] x, int off, int ld, float[] lse, int lseOff) {
        for (int r = 0; r < rows; r++) {
            float v = softmaxInPlace(x, off + r * ld, n);
            if (lse != null) {
                lse[lseOff + r] = v;
            }
        }
    }

    /**
     * One row of the output layer's loss gradient, in place, as these steps in this order:
     * x += bias[0..n) (axpy with alpha 1; skipped when bias is null); lse = softmaxInPlace(x);
     * x[off + y] -= 1; x *= scale (each element, skipped when scale is 1). Returns lse. An
     * implementation may fuse the passes but must give the same bits (this default is the oracle).
     */
    default float softmaxGradientRow(float[] x, int off, int n, float[] bias, int y, float scale) {
        if (bias != null) {
            axpy(n, 1f, bias, 0, x, off);
        }
        float lse = softmaxInPlace(x, off, n);
        x[off + y] -= 1f;
        if (scale != 1f) {
            for (int i = off; i < off + n; i++) {
                x[i] *= scale;
            }
        }
        return lse;
    }

    /**
     * The sum of g[i]^2 over [from, to) in double, as four interleaved accumulators: element
     * from + 4m + j goes to s_j while four elements remain, the last (to - from) % 4 to s0, each
     * (double) g * g (exact) added in order; returns (s0 + s1) + (s2 + s3). GradientClipping's
     * global norm. An implementation must give these bits (VectorKernels: s0..s3 as one vector's lanes).
     */
    default double sumOfSquares(float[] g, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i <= to - 4; i += 4) {
            s0 += (double) g[i] * g[i];
            s1 += (double) g[i + 1] * g[i + 1];
            s2 += (double) g[i + 2] * g[i + 2];
            s3 += (double) g[i + 3] * g[i + 3];
        }
        for (; i < to; i++) {
            s0 += (double) g[i] * g[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** log(sum_i exp(x[off+i])) over n elements, stable; does not modify x. */
    float logSumExp(float[] x, int off, int n);

    /** out[outOff+i] = tanh(x[xOff+i]) for i in [0,n); out may alias x. */
    void tanh(int n, float[] x, int xOff, float[] out, int outOff);

    /**
     * out[outOff+i] = 1 / (1 + exp(-x[xOff+i])) for i in [0,n); out may alias x. For LSTM/GRU gates.
     * The default is the plain reference loop (ScalarKernels uses it); VectorKernels overrides it.
     */
    default void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
        }
    }

    /**
     * One row of the LSTM step (LstmCell's formulas; gate blocks i, f, g, o of H each):
     * cache[p, 5H) := i | f | g | o | tanh(c) with a = ih[gi, 4H) + hh[gh, 4H),
     * c[co, H) := f * cPrev + i * g and h[ho, H) := o * tanh(c), each product and sum rounded as
     * written. The default is these steps through sigmoid and tanh; VectorKernels fuses the sum into
     * the activations and vectorizes the rest, with the same bits.
     */
    default void lstmForwardRow(int H, float[] ih, int gi, float[] hh, int gh, float[] cPrev, int cp,
                                float[] cache, int p, float[] c, int co, float[] h, int ho) {
        for (int j = 0; j < 4 * H; j++) {
            cache[p + j] = ih[gi + j] + hh[gh + j];
        }
        sigmoid(2 * H, cache, p, cache, p);
        tanh(H, cache, p + 2 * H, cache, p + 2 * H);
        sigmoid(H, cache, p + 3 * H, cache, p + 3 * H);
        for (int j = 0; j < H; j++) {
            c[co + j] = cache[p + H + j] * cPrev[cp + j] + cache[p + j] * cache[p + 2 * H + j];
        }
        tanh(H, c, co, cache, p + 4 * H);
        for (int j = 0; j < H; j++) {
            h[ho + j] = cache[p + 3 * H + j] * cache[p + 4 * H + j];
        }
    }

    /**
     * One row of the LSTM step's backward (LstmCell's formulas) from the forward's cache row
     * i | f | g | o | tanh(c) at p: dIh[q, 4H) := da and dcPrev[o0, H) := dc~ * f, with
     * dc~ = dc + dh * o * (1 - tanh(c)^2), products and sums rounded left to right as written.
     * dcPrev may be dc itself (each element is read before it is written). VectorKernels vectorizes it.
     */
    default void lstmBackwardRow(int H, float[] cache, int p, float[] dh, int d0, float[] dc, int c0,
                                 float[] cPrev, int cp, float[] dIh, int q, float[] dcPrev, int o0) {
        for (int j = 0; j < H; j++) {
            float i = cache[p + j];
            float f = cache[p + H + j];
            float g = cache[p + 2 * H + j];
            float o = cache[p + 3 * H + j];
            float tc = cache[p + 4 * H + j];
            float d = dh[d0 + j];
            float dct = dc[c0 + j] + d * o * (1f - tc * tc);
            dIh[q + j] = dct * g * i * (1f - i);
            dIh[q + H + j] = dct * cPrev[cp + j] * f * (1f - f);
            dIh[q + 2 * H + j] = dct * i * (1f - g * g);
            dIh[q + 3 * H + j] = d * tc * o * (1f - o);
            dcPrev[o0 + j] = dct * f;   // last: dcPrev may alias dc
        }
    }
}
