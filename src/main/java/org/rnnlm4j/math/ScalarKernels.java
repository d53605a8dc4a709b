/*
 * ScalarKernels: the plain-loop reference implementation of Kernels, and the oracle of the tests.
 *
 * Contract: obviously correct rather than fast. Every sum is accumulated in float, in index order,
 * with separate multiply and add (no FMA), exactly as the naive loop reads; transcendental
 * functions go through Math (double) and round once to float. Also the production path where the
 * Vector API is missing or slow (see KernelSelector). No threads, no allocation, no state.
 */
package org.rnnlm4j.math;

public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        // C (m,n) = alpha op(A) (m,k) @ op(B) (k,n) + beta C
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

    @Override
    public void gemv(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff,
                     float beta, float[] y, int yOff) {
        // y (m) = A (m,n) x (n) + beta y
        for (int i = 0; i < m; i++) {
            float acc = 0f;
            for (int j = 0; j < n; j++) {
                acc += a[aOff + i * lda + j] * x[xOff + j];
            }
            y[yOff + i] = beta == 0f ? acc : acc + beta * y[yOff + i];
        }
    }

    @Override
    public void gemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff,
                      float beta, float[] y, int yOff) {
        // y (n) = A^T (n,m) x (m) + beta y, A stored (m,n)
        for (int j = 0; j < n; j++) {
            float acc = 0f;
            for (int i = 0; i < m; i++) {
                acc += a[aOff + i * lda + j] * x[xOff + i];
            }
            y[yOff + j] = beta == 0f ? acc : acc + beta * y[yOff + j];
        }
    }

    @Override
    public void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
                    float[] a, int aOff, int lda) {
        // A (m,n) += alpha x (m) outer y (n)
        for (int i = 0; i < m; i++) {
            float ax = alpha * x[xOff + i];
            for (int j = 0; j < n; j++) {
                a[aOff + i * lda + j] += ax * y[yOff + j];
            }
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        float acc = 0f;
        for (int i = 0; i < n; i++) {
            acc += x[xOff + i] * y[yOff + i];
        }
        return acc;
    }

    @Override
    public float softmaxInPlace(float[] x, int off, int n) {
        if (n == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        float max = max(x, off, n);
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        for (int i = 0; i < n; i++) {
            x[off + i] /= sum;
        }
        return max + (float) Math.log(sum);
    }

    @Override
    public float logSumExp(float[] x, int off, int n) {
        if (n == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        float max = max(x, off, n);
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += (float) Math.exp(x[off + i] - max);
        }
        return max + (float) Math.log(sum);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    private static float max(float[] x, int off, int n) {
        float max = x[off];
        for (int i = 1; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        return max;
    }
}
