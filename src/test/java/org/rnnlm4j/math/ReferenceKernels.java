/*
 * ReferenceKernels: the oracle of ScalarKernels in the kernel tests — the same operations computed
 * in float64 and rounded to float once at the end, so the error of a result is one rounding, far
 * inside Tolerance. (ScalarKernels is in turn the oracle of the vector kernels; see Oracles.)
 * Written for plainness, not speed; test code only.
 */
package org.rnnlm4j.math;

final class ReferenceKernels implements Kernels {

    @Override
    public String name() {
        return "float64 reference";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    acc += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = (float) (alpha * acc + (beta == 0f ? 0 : (double) beta * c[ci]));
            }
        }
    }

    @Override
    public void gemv(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff, float beta, float[] y, int yOff) {
        gemm(false, false, m, 1, n, 1f, a, aOff, lda, x, xOff, 1, beta, y, yOff, 1);
    }

    @Override
    public void gemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff, float beta, float[] y, int yOff) {
        gemm(true, false, n, 1, m, 1f, a, aOff, lda, x, xOff, 1, beta, y, yOff, 1);
    }

    @Override
    public void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] a, int aOff, int lda) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[aOff + i * lda + j] = (float) (a[aOff + i * lda + j] + (double) alpha * x[xOff + i] * y[yOff + j]);
            }
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        ger(1, n, alpha, new float[] {1f}, 0, x, xOff, y, yOff, n);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        float[] out = new float[1];
        gemm(false, false, 1, 1, n, 1f, x, xOff, n, y, yOff, 1, 0f, out, 0, 1);
        return out[0];
    }

    @Override
    public float softmaxInPlace(float[] x, int off, int n) {
        double lse = lse(x, off, n);
        for (int i = 0; i < n; i++) {
            x[off + i] = (float) Math.exp(x[off + i] - lse);
        }
        return (float) lse;
    }

    @Override
    public float logSumExp(float[] x, int off, int n) {
        return (float) lse(x, off, n);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    private static double lse(float[] x, int off, int n) {
        if (n == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x[off + i] - max);
        }
        return max + Math.log(sum);
    }
}
