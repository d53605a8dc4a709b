/*
 * ScalarKernels: the plain-loop reference implementation of Kernels, and the oracle of the tests.
 *
 * Contract: the result of the naive loops, bit for bit. Every sum is accumulated in float, from
 * 0f, in index order, with a separate float multiply and float add per term (Java never contracts
 * them to an FMA); transcendental functions go through Math (double) and round once to float.
 * For gemm that means, for every element of C:
 *
 *     float acc = 0f;
 *     for (int p = 0; p < k; p++) acc += op(A)(i,p) * op(B)(p,j);
 *     C(i,j) = beta == 0f ? alpha * acc : alpha * acc + beta * C(i,j);   // acc = 0f when alpha == 0f: A, B unread
 *
 * THE SUMMATION ORDER IS THE CONTRACT; speed may only come from doing several such sums at once.
 * ScalarGemmTest keeps that naive loop and checks gemm against it bitwise. gemm computes ROWS rows
 * of C together over a block of columns, each element's running sum in its own array slot (C2
 * turns the loop across columns into SIMD instructions, lane by lane the same float operations),
 * and may split C's rows over threads (Parallel): an element is computed by one thread the same
 * way whatever the split, so the thread count never changes a result. gemv and gemvT run ROWS
 * independent sums at once for instruction-level parallelism. Also the production path where the
 * Vector API is missing or slow (see KernelSelector). No state beyond per-thread scratch buffers,
 * which grow on first use.
 */
package org.rnnlm4j.math;

import java.util.Arrays;

public final class ScalarKernels implements Kernels {

    /** Rows of C computed together (they share each load of op(B)). */
    private static final int ROWS = 4;
    /** Columns of C per block: ROWS accumulator rows of NB floats (4 KB) stay in L1. */
    static final int NB = 256;
    /** Below this many flops (2mnk) a gemm runs on the calling thread only. */
    static final long PARALLEL_MIN_FLOPS = 1_000_000L;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** True: never split over threads (serial()'s instance). */
    private final boolean callingThreadOnly;
    private volatile ScalarKernels serial;

    /** Splits large GEMMs over Parallel.threads() threads. */
    public ScalarKernels() {
        this(false);
    }

    private ScalarKernels(boolean callingThreadOnly) {
        this.callingThreadOnly = callingThreadOnly;
    }

    @Override
    public Kernels serial() {
        if (callingThreadOnly) {
            return this;
        }
        ScalarKernels one = serial;
        if (one == null) {
            one = new ScalarKernels(true);
            serial = one;
        }
        return one;
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        // C (m,n) = alpha op(A) (m,k) @ op(B) (k,n) + beta C; see the class comment for the order
        if (m <= 0 || n <= 0) {
            return;
        }
        if (alpha == 0f || k <= 0) {
            // every acc stays 0f; A and B are not read
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int ci = cOff + i * ldc + j;
                    c[ci] = beta == 0f ? alpha * 0f : alpha * 0f + beta * c[ci];
                }
            }
            return;
        }
        int groups = (m + ROWS - 1) / ROWS;
        int parts = callingThreadOnly || 2L * m * n * k < PARALLEL_MIN_FLOPS ? 1 : Math.min(Parallel.threads(), groups);
        if (parts <= 1) {
            gemmRows(0, m, transA, transB, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        // each part owns whole rows of C, so the thread count cannot change a result
        Parallel.run(parts, q -> gemmRows(Math.min(m, ROWS * (int) ((long) q * groups / parts)),
                Math.min(m, ROWS * (int) ((long) (q + 1) * groups / parts)),
                transA, transB, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
    }

    /**
     * Rows [i0, i1) of the gemm, in column blocks of at most NB columns. op(B)'s column block is
     * first copied into the rows of a panel, panel[p][jj] = op(B)(p, j0 + jj) (a copy: no
     * arithmetic). Then for each row i, acc[jj] is C(i, j0 + jj)'s running sum: zero, then one
     * product added per p, in order. ROWS rows at a time when that many are left (they share each
     * load of op(B)), else one. The innermost loops index acc and the panel row alike (acc[jj],
     * panel[p][jj]), the form C2 compiles to SIMD instructions; each lane still does one float
     * multiply and one float add per p, so results are those of the scalar loop.
     */
    private static void gemmRows(int i0, int i1, boolean transA, boolean transB, int n, int k,
                                 float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        float[][] panel = s.panel(k);
        float[] acc0 = s.acc[0], acc1 = s.acc[1], acc2 = s.acc[2], acc3 = s.acc[3];
        int ai = transA ? 1 : lda;   // op(A)(i,p) = a[aOff + i*ai + p*ap]
        int ap = transA ? lda : 1;
        for (int j0 = 0; j0 < n; j0 += NB) {
            int w = Math.min(NB, n - j0);
            if (transB) {
                for (int jj = 0; jj < w; jj++) {
                    int bj = bOff + (j0 + jj) * ldb;
                    for (int p = 0; p < k; p++) {
                        panel[p][jj] = b[bj + p];
                    }
                }
            } else {
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, bOff + p * ldb + j0, panel[p], 0, w);
                }
            }
            int i = i0;
            for (; i + ROWS <= i1; i += ROWS) {
                int r0 = aOff + i * ai, r1 = r0 + ai, r2 = r1 + ai, r3 = r2 + ai;
                Arrays.fill(acc0, 0, w, 0f);
                Arrays.fill(acc1, 0, w, 0f);
                Arrays.fill(acc2, 0, w, 0f);
                Arrays.fill(acc3, 0, w, 0f);
                for (int p = 0; p < k; p++) {
                    float[] bp = panel[p];
                    addProducts(w, bp, a[r0 + p * ap], acc0, a[r1 + p * ap], acc1,
                            a[r2 + p * ap], acc2, a[r3 + p * ap], acc3);
                }
                for (int r = 0; r < ROWS; r++) {
                    store(s.acc[r], w, alpha, beta, c, cOff + (i + r) * ldc + j0);
                }
            }
            for (; i < i1; i++) {
                int r0 = aOff + i * ai;
                Arrays.fill(acc0, 0, w, 0f);
                for (int p = 0; p < k; p++) {
                    float[] bp = panel[p];
                    addProducts(w, bp, a[r0 + p * ap], acc0);
                }
                store(acc0, w, alpha, beta, c, cOff + i * ldc + j0);
            }
        }
    }

    /** acc0[jj] += a0 * bp[jj] (and likewise for acc1..acc3) for jj in [0, w). */
    private static void addProducts(int w, float[] bp, float a0, float[] acc0, float a1, float[] acc1,
                                    float a2, float[] acc2, float a3, float[] acc3) {
        for (int jj = 0; jj < w; jj++) {
            float bv = bp[jj];
            acc0[jj] += a0 * bv;
            acc1[jj] += a1 * bv;
            acc2[jj] += a2 * bv;
            acc3[jj] += a3 * bv;
        }
    }

    /** acc0[jj] += a0 * bp[jj] for jj in [0, w). */
    private static void addProducts(int w, float[] bp, float a0, float[] acc0) {
        for (int jj = 0; jj < w; jj++) {
            acc0[jj] += a0 * bp[jj];
        }
    }

    /** C's row piece c[ci .. ci+w) := alpha acc (+ beta c), the naive loop's last line. */
    private static void store(float[] acc, int w, float alpha, float beta, float[] c, int ci) {
        for (int jj = 0; jj < w; jj++) {
            c[ci + jj] = beta == 0f ? alpha * acc[jj] : alpha * acc[jj] + beta * c[ci + jj];
        }
    }

    /** Per-thread accumulator rows and op(B) panel of gemmRows; the panel grows on first use. */
    private static final class Scratch {
        final float[][] acc = new float[ROWS][NB];
        float[][] panel = new float[0][];

        float[][] panel(int k) {
            if (panel.length < k) {
                float[][] grown = Arrays.copyOf(panel, k);
                for (int p = panel.length; p < k; p++) {
                    grown[p] = new float[NB];
                }
                panel = grown;
            }
            return panel;
        }
    }

    @Override
    public void gemv(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff,
                     float beta, float[] y, int yOff) {
        // y (m) = A (m,n) x (n) + beta y; ROWS rows at a time: independent sums, each in j order
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            int r0 = aOff + i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
            float acc0 = 0f, acc1 = 0f, acc2 = 0f, acc3 = 0f;
            for (int j = 0; j < n; j++) {
                float xv = x[xOff + j];
                acc0 += a[r0 + j] * xv;
                acc1 += a[r1 + j] * xv;
                acc2 += a[r2 + j] * xv;
                acc3 += a[r3 + j] * xv;
            }
            y[yOff + i] = beta == 0f ? acc0 : acc0 + beta * y[yOff + i];
            y[yOff + i + 1] = beta == 0f ? acc1 : acc1 + beta * y[yOff + i + 1];
            y[yOff + i + 2] = beta == 0f ? acc2 : acc2 + beta * y[yOff + i + 2];
            y[yOff + i + 3] = beta == 0f ? acc3 : acc3 + beta * y[yOff + i + 3];
        }
        for (; i < m; i++) {
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
        // y (n) = A^T (n,m) x (m) + beta y, A stored (m,n); ROWS columns of A at a time, each in i order
        int j = 0;
        for (; j + ROWS <= n; j += ROWS) {
            float acc0 = 0f, acc1 = 0f, acc2 = 0f, acc3 = 0f;
            for (int i = 0; i < m; i++) {
                int aij = aOff + i * lda + j;
                float xv = x[xOff + i];
                acc0 += a[aij] * xv;
                acc1 += a[aij + 1] * xv;
                acc2 += a[aij + 2] * xv;
                acc3 += a[aij + 3] * xv;
            }
            y[yOff + j] = beta == 0f ? acc0 : acc0 + beta * y[yOff + j];
            y[yOff + j + 1] = beta == 0f ? acc1 : acc1 + beta * y[yOff + j + 1];
            y[yOff + j + 2] = beta == 0f ? acc2 : acc2 + beta * y[yOff + j + 2];
            y[yOff + j + 3] = beta == 0f ? acc3 : acc3 + beta * y[yOff + j + 3];
        }
        for (; j < n; j++) {
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
