/*
 * ColdTwins: scalar twins of VectorKernels' one-token kernels (gemv rows, dot, axpy, tanh, sigmoid,
 * the LSTM row),
 * the same float operations in the same order as the vector code, lane by lane: the same bits.
 *
 * Why: the Vector API is slow until C2 has compiled it (each interpreted vector operation boxes its
 * value, and its first uses load and link about a hundred classes). A small model's first tokens
 * (`rnnlm4j generate`, the time to the first character) are over before that: measured on the
 * 1 x 64 char LSTM, 0.32-0.34 s to the first character with the vector kernels from the start,
 * 0.21-0.26 s with scalar kernels. VectorKernels runs these twins for its first small calls
 * (VectorKernels.COLD_CALLS); because the bits are the same, when it switches cannot change a result.
 *
 * Lane l of a vector accumulator is acc[l] here; a vector FMA a.fma(b, c) is Math.fma(a, b, c) per
 * lane; vector add and mul round like the float operators. No vector type appears here.
 */
package org.rnnlm4j.math;

final class ColdTwins {
    private ColdTwins() {
    }

    /** VectorKernels.gemvRows for rows [i0, m): groups of four rows, then the remainder rows through dot. */
    static void gemvRows(int lanes, int i0, int m, int n, float[] a, int aOff, int lda, float[] x, int xOff,
                         float beta, float[] y, int yOff) {
        float[] acc = new float[lanes];
        int i = i0;
        int groupsEnd = i0 + (m - i0) / 4 * 4;
        for (; i < groupsEnd; i++) {
            int r = aOff + i * lda;
            java.util.Arrays.fill(acc, 0f);
            int j = 0;
            for (; j <= n - lanes; j += lanes) {
                for (int l = 0; l < lanes; l++) {
                    acc[l] = Math.fma(a[r + j + l], x[xOff + j + l], acc[l]);
                }
            }
            float t = VectorKernels.laneSum(acc);
            for (; j < n; j++) {
                t = Math.fma(a[r + j], x[xOff + j], t);
            }
            y[yOff + i] = beta == 0f ? t : t + beta * y[yOff + i];
        }
        for (; i < m; i++) {
            float t = dot(lanes, n, a, aOff + i * lda, x, xOff);
            y[yOff + i] = beta == 0f ? t : t + beta * y[yOff + i];
        }
    }

    /** VectorKernels.dot: four accumulators over blocks of four vectors, then one, lanes (s0 + s1) + (s2 + s3). */
    static float dot(int lanes, int n, float[] x, int xOff, float[] y, int yOff) {
        float[] s = new float[4 * lanes];
        int i = 0;
        for (; i <= n - 4 * lanes; i += 4 * lanes) {
            for (int v = 0; v < 4; v++) {
                for (int l = 0; l < lanes; l++) {
                    int e = i + v * lanes + l;
                    s[v * lanes + l] = Math.fma(x[xOff + e], y[yOff + e], s[v * lanes + l]);
                }
            }
        }
        for (; i <= n - lanes; i += lanes) {
            for (int l = 0; l < lanes; l++) {
                s[l] = Math.fma(x[xOff + i + l], y[yOff + i + l], s[l]);
            }
        }
        float[] sum = new float[lanes];
        for (int l = 0; l < lanes; l++) {
            sum[l] = (s[l] + s[lanes + l]) + (s[2 * lanes + l] + s[3 * lanes + l]);
        }
        float t = VectorKernels.laneSum(sum);
        for (; i < n; i++) {
            t = Math.fma(x[xOff + i], y[yOff + i], t);
        }
        return t;
    }

    /** VectorKernels.axpy: y = fma(x, alpha, y) per element. */
    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
        }
    }

    /** VectorKernels.lstmForwardRow (and, for any H, the default's steps over the vector activations). */
    static void lstmForwardRow(int H, float[] ih, int gi, float[] hh, int gh, float[] cPrev, int cp,
                               float[] cache, int p, float[] c, int co, float[] h, int ho) {
        for (int j = 0; j < 4 * H; j++) {   // i | f | g | o
            float a = ih[gi + j] + hh[gh + j];
            cache[p + j] = j >= 2 * H && j < 3 * H ? VectorMath.tanh(a) : VectorMath.sigmoid(a);
        }
        for (int j = 0; j < H; j++) {
            c[co + j] = cache[p + H + j] * cPrev[cp + j] + cache[p + j] * cache[p + 2 * H + j];
            cache[p + 4 * H + j] = VectorMath.tanh(c[co + j]);
            h[ho + j] = cache[p + 3 * H + j] * cache[p + 4 * H + j];
        }
    }

    /** VectorKernels.tanh: VectorMath's scalar twin per element (out may alias x). */
    static void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = VectorMath.tanh(x[xOff + i]);
        }
    }

    /** VectorKernels.sigmoid: VectorMath's scalar twin per element (out may alias x). */
    static void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = VectorMath.sigmoid(x[xOff + i]);
        }
    }
}
