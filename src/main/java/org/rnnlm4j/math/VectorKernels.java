/*
 * VectorKernels: Kernels on jdk.incubator.vector (FloatVector.SPECIES_PREFERRED), the fast path.
 *
 * Contract: same results as ScalarKernels up to float rounding (FMA, different summation order:
 * several partial sums, lanes reduced at the end); deterministic for a fixed thread count, and
 * GEMM results do not even depend on the thread count. GEMM lives in VectorGemm (packing,
 * blocking, threads via Parallel); exp/tanh/sigmoid in VectorMath. Loop tails are scalar.
 *
 * Linking this class needs the jdk.incubator.vector module (java --add-modules
 * jdk.incubator.vector): only KernelSelector should create it, reflectively, after checking.
 */
package org.rnnlm4j.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final int threads;
    private volatile VectorKernels serial;
    private final int coldLimit;   // COLD_CALLS, or what the package-private constructor was given
    private int coldCalls;   // small calls so far that ran ColdTwins (racy on purpose: both paths give the same bits)

    /**
     * How many small calls of gemv, gemvPair, dot, axpy, tanh, sigmoid and lstmForwardRow run their ColdTwins
     * before the vector code takes over: the 1 x 64 char LSTM's first 100 or so tokens (about four
     * calls each). Generating one character after a six-character prime took 0.32-0.34 s from the
     * JVM's start with the vector code from the first call (its classes loading, its operations
     * interpreted), about 0.1 s less with the twins. The results do not change: see ColdTwins.
     * System property rnnlm4j.kernels.coldCalls overrides it (the test suite sets 0, so that its
     * vector-kernel tests run the vector code; ColdTwinsTest compares the twins with it).
     */
    static final int COLD_CALLS = Integer.getInteger("rnnlm4j.kernels.coldCalls", 512);
    /**
     * Largest call (matrix elements, or vector length) that counts as small: up to a 2 x 256 char
     * LSTM's gates (1024 x 512). Time to the first character (`generate --prime "ROMEO:" --length 1`,
     * medians of 7): the 2 x 128 char LSTM 340 ms with a bound of 32,768 elements (its gates on the
     * vector code) and 254 ms with this one; the 1 x 64 LSTM and GRU 193-218 ms either way.
     */
    static final int COLD_MAX_ELEMENTS = 1 << 19;

    /** Whether this call (of `elements` elements) runs its ColdTwins twin; counts it if so. */
    private boolean cold(long elements) {
        if (coldCalls >= coldLimit || elements > COLD_MAX_ELEMENTS) {
            return false;
        }
        coldCalls++;
        return true;
    }

    /** Uses Parallel.threads() threads for large GEMMs, read at each call. */
    public VectorKernels() {
        this(0);
    }

    /** Uses exactly this many threads for large GEMMs (0 = Parallel.threads() at each call). */
    public VectorKernels(int threads) {
        this(threads, COLD_CALLS);
    }

    /** As VectorKernels(threads), with the first coldLimit small calls on ColdTwins (tests). */
    VectorKernels(int threads, int coldLimit) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.threads = threads;
        this.coldLimit = coldLimit;
    }

    @Override
    public Kernels serial() {
        if (threads == 1) {
            return this;
        }
        VectorKernels one = serial;
        if (one == null) {
            one = new VectorKernels(1, coldLimit);
            serial = one;
        }
        return one;
    }

    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + "-bit)";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative gemm size " + m + "x" + n + "x" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            // C = beta C (A and B are not read)
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
                }
            }
            return;
        }
        int t = threads > 0 ? threads : Parallel.threads();
        VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, t);
    }

    @Override
    public PreparedB prepare(boolean transB, int k, int n, float[] b, int bOff, int ldb, PreparedB reuse) {
        return VectorGemm.prepare(transB, k, n, b, bOff, ldb, reuse, threads > 0 ? threads : Parallel.threads());
    }

    @Override
    public void gemmPrepared(int m, float alpha, float[] a, int aOff, int lda, PreparedB b,
                             float beta, float[] c, int cOff, int ldc) {
        if (b.packed == null || m == 0 || alpha == 0f) {
            Kernels.super.gemmPrepared(m, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
            return;
        }
        int t = threads > 0 ? threads : Parallel.threads();
        VectorGemm.gemmPrepared(m, alpha, a, aOff, lda, b, beta, c, cOff, ldc, t);
    }

    /**
     * On this thread whatever `threads` says (the caller splits the chunks). OutputChunkKernels for
     * the tutorial's few rows; h < L or more rows than OutputChunkKernels.MAX_ROWS take the default.
     */
    @Override
    public void outputChunksInput(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl, float[] dec,
                                  int decOff, int ldd, float[] parts) {
        if (!OutputChunkKernels.serves(n, h) || c0 >= c1) {
            ((VectorKernels) serial()).outputChunksInputByProducts(n, h, vocab, chunk, c0, c1, dl, dec, decOff, ldd, parts);
            return;
        }
        OutputChunkKernels.inputs(n, h, vocab, chunk, c0, c1, dl, dec, decOff, ldd, parts);
    }

    /** As outputChunksInput. */
    @Override
    public void outputChunksUpdate(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl,
                                   float[] s, int sOff, float alpha, float[] sink, int sinkOff, int lds) {
        if (!OutputChunkKernels.serves(n, h) || c0 >= c1 || alpha == 0f) {
            ((VectorKernels) serial()).outputChunksUpdateByProducts(n, h, vocab, chunk, c0, c1, dl, s, sOff, alpha,
                    sink, sinkOff, lds);
            return;
        }
        OutputChunkKernels.updates(n, h, vocab, chunk, c0, c1, dl, s, sOff, alpha, sink, sinkOff, lds);
    }

    /** OutputChunkKernels' panels where it serves (n, h), else the default's plain copy. */
    @Override
    public int outputChunkSLength(int n, int h) {
        return OutputChunkKernels.serves(n, h) ? OutputChunkKernels.packedLength(n, h) : n * h;
    }

    @Override
    public void packOutputChunkS(int n, int h, float[] s, int sOff, float[] dst) {
        if (OutputChunkKernels.serves(n, h)) {
            OutputChunkKernels.pack(n, h, s, sOff, dst);
        } else {
            System.arraycopy(s, sOff, dst, 0, n * h);
        }
    }

    /** As outputChunksUpdate, with S from packOutputChunkS. */
    @Override
    public void outputChunksUpdatePacked(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl,
                                         float[] sPacked, float alpha, float[] sink, int sinkOff, int lds) {
        if (!OutputChunkKernels.serves(n, h)) {
            ((VectorKernels) serial()).outputChunksUpdateByProducts(n, h, vocab, chunk, c0, c1, dl, sPacked, 0, alpha,
                    sink, sinkOff, lds);
        } else if (c0 < c1 && alpha != 0f) {   // alpha == 0: the sink stays as it is, as the products leave it
            OutputChunkKernels.updatesPacked(n, h, vocab, chunk, c0, c1, dl, sPacked, alpha, sink, sinkOff, lds);
        }
    }

    /** The Kernels default of outputChunksInput (one product per chunk), for tests and fallbacks. */
    void outputChunksInputByProducts(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl, float[] dec,
                                     int decOff, int ldd, float[] parts) {
        Kernels.super.outputChunksInput(n, h, vocab, chunk, c0, c1, dl, dec, decOff, ldd, parts);
    }

    /** The Kernels default of outputChunksUpdate, for tests and fallbacks. */
    void outputChunksUpdateByProducts(int n, int h, int vocab, int chunk, int c0, int c1, float[] dl,
                                      float[] s, int sOff, float alpha, float[] sink, int sinkOff, int lds) {
        Kernels.super.outputChunksUpdate(n, h, vocab, chunk, c0, c1, dl, s, sOff, alpha, sink, sinkOff, lds);
    }

    @Override
    public void gemv(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff,
                     float beta, float[] y, int yOff) {
        // y (m) = A (m,n) x (n) + beta y; large ones split by rows (see gemvPartStart: the bits do not
        // depend on the split)
        if (cold((long) m * n)) {
            ColdTwins.gemvRows(L, 0, m, n, a, aOff, lda, x, xOff, beta, y, yOff);
            return;
        }
        int t = gemvParts(m, n);
        Parallel.run(t, q -> gemvRows(gemvPartStart(m, t, q), gemvPartStart(m, t, q + 1), n, a, aOff, lda, x, xOff, beta, y, yOff));
    }

    @Override
    public void gemvPair(int m, int n1, float[] a1, int a1Off, float[] x1, int x1Off, float beta1, float[] y1,
                         int n2, float[] a2, int a2Off, float[] x2, int x2Off, float beta2, float[] y2) {
        if (cold((long) m * (n1 + n2))) {
            ColdTwins.gemvRows(L, 0, m, n1, a1, a1Off, n1, x1, x1Off, beta1, y1, 0);
            ColdTwins.gemvRows(L, 0, m, n2, a2, a2Off, n2, x2, x2Off, beta2, y2, 0);
            return;
        }
        int t = gemvParts(m, n1 + n2);
        Parallel.run(t, q -> {
            int r0 = gemvPartStart(m, t, q);
            int r1 = gemvPartStart(m, t, q + 1);
            gemvRows(r0, r1, n1, a1, a1Off, n1, x1, x1Off, beta1, y1, 0);
            gemvRows(r0, r1, n2, a2, a2Off, n2, x2, x2Off, beta2, y2, 0);
        });
    }

    /** Parts for a gemv of m rows over n columns in all: the threads when large enough, else 1. */
    private int gemvParts(int m, int n) {
        int t = threads > 0 ? threads : Parallel.threads();
        return t > 1 && (long) m * n >= PARALLEL_MIN_GEMV && m >= 8 * t ? t : 1;
    }

    /**
     * First row of part q of t (q == t: m). Parts start at multiples of 4, so every row goes through
     * the same code path (four-row groups, then the remainder rows) as on one thread.
     */
    private static int gemvPartStart(int m, int t, int q) {
        return q == 0 ? 0 : q == t ? m : (m / 4) * q / t * 4;
    }

    /**
     * Below this many matrix elements (m*n) a gemv stays on the calling thread. Measured on 2 cores
     * for generation, where each step is a handful of gemvs over weights that stream from L3: the
     * char LSTM's 1024 x 256 matrices (262,144 elements) gain from a second core; the split costs a
     * few microseconds, more than a 65 x 256 output layer takes.
     */
    static final long PARALLEL_MIN_GEMV = 131_072;

    /** gemv for rows [i0, i1) (i0 a multiple of 4): four rows share each load of x. */
    private void gemvRows(int i0, int m, int n, float[] a, int aOff, int lda, float[] x, int xOff,
                                 float beta, float[] y, int yOff) {
        int i = i0;
        for (; i <= m - 4; i += 4) {
            int r0 = aOff + i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            int j = 0;
            for (; j <= n - L; j += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xOff + j);
                s0 = FloatVector.fromArray(S, a, r0 + j).fma(xv, s0);
                s1 = FloatVector.fromArray(S, a, r1 + j).fma(xv, s1);
                s2 = FloatVector.fromArray(S, a, r2 + j).fma(xv, s2);
                s3 = FloatVector.fromArray(S, a, r3 + j).fma(xv, s3);
            }
            float t0 = treeSum(s0);   // lane sums in a fixed order (see laneSum): repeatable results
            float t1 = treeSum(s1);
            float t2 = treeSum(s2);
            float t3 = treeSum(s3);
            for (; j < n; j++) {
                float xj = x[xOff + j];
                t0 = Math.fma(a[r0 + j], xj, t0);
                t1 = Math.fma(a[r1 + j], xj, t1);
                t2 = Math.fma(a[r2 + j], xj, t2);
                t3 = Math.fma(a[r3 + j], xj, t3);
            }
            y[yOff + i] = beta == 0f ? t0 : t0 + beta * y[yOff + i];
            y[yOff + i + 1] = beta == 0f ? t1 : t1 + beta * y[yOff + i + 1];
            y[yOff + i + 2] = beta == 0f ? t2 : t2 + beta * y[yOff + i + 2];
            y[yOff + i + 3] = beta == 0f ? t3 : t3 + beta * y[yOff + i + 3];
        }
        for (; i < m; i++) {
            float t0 = dot(n, a, aOff + i * lda, x, xOff);
            y[yOff + i] = beta == 0f ? t0 : t0 + beta * y[yOff + i];
        }
    }

    @Override
    public void gemvT(int m, int n, float[] a, int aOff, int lda, float[] x, int xOff,
                      float beta, float[] y, int yOff) {
        // y (n) = A^T x + beta y, A (m,n): y scaled first, then each element one FMA chain over the
        // rows i in order. Up to 8 vectors of y stay in registers while all m rows stream past
        // (gemvT8); a ragged end is one vector overlapping the one before it, stored with the lanes
        // already done kept (the same bits as any other split of the columns).
        if (beta == 0f) {
            java.util.Arrays.fill(y, yOff, yOff + n, 0f);
        } else if (beta != 1f) {
            scale(n, beta, y, yOff);
        }
        if (n < L) {
            for (int i = 0; i < m; i++) {
                axpy(n, x[xOff + i], a, aOff + i * lda, y, yOff);
            }
            return;
        }
        int full = n / L;
        int keep = n % L == 0 ? 0 : L - n % L;   // lanes of the overlapping last vector done before it
        int vectors = full + (keep > 0 ? 1 : 0);
        for (int v0 = 0; v0 < vectors; v0 += 8) {
            int nv = Math.min(8, vectors - v0);
            int o0 = start(v0, full, n);
            gemvT8(m, a, aOff, lda, x, xOff, y, yOff, o0,
                    nv > 1 ? start(v0 + 1, full, n) : o0, nv > 2 ? start(v0 + 2, full, n) : o0,
                    nv > 3 ? start(v0 + 3, full, n) : o0, nv > 4 ? start(v0 + 4, full, n) : o0,
                    nv > 5 ? start(v0 + 5, full, n) : o0, nv > 6 ? start(v0 + 6, full, n) : o0,
                    nv > 7 ? start(v0 + 7, full, n) : o0, nv, v0 + nv == vectors ? keep : 0);
        }
    }

    /** Column where gemvT's vector v starts: v*L, or n - L for the overlapping last one. */
    private static int start(int v, int full, int n) {
        return v < full ? v * L : n - L;
    }

    /**
     * y[o_k .. o_k+L) += sum over rows i of A[i, o_k ..) x_i for the first nv of the eight column
     * offsets o_k (the others repeat o0 and are not stored); the nv-th keeps its first keepLast lanes.
     */
    private static void gemvT8(int m, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff,
                               int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7, int nv, int keepLast) {
        FloatVector c0 = FloatVector.fromArray(S, y, yOff + o0);
        FloatVector c1 = FloatVector.fromArray(S, y, yOff + o1);
        FloatVector c2 = FloatVector.fromArray(S, y, yOff + o2);
        FloatVector c3 = FloatVector.fromArray(S, y, yOff + o3);
        FloatVector c4 = FloatVector.fromArray(S, y, yOff + o4);
        FloatVector c5 = FloatVector.fromArray(S, y, yOff + o5);
        FloatVector c6 = FloatVector.fromArray(S, y, yOff + o6);
        FloatVector c7 = FloatVector.fromArray(S, y, yOff + o7);
        for (int i = 0, r = aOff; i < m; i++, r += lda) {
            FloatVector xi = FloatVector.broadcast(S, x[xOff + i]);
            c0 = FloatVector.fromArray(S, a, r + o0).fma(xi, c0);
            c1 = FloatVector.fromArray(S, a, r + o1).fma(xi, c1);
            c2 = FloatVector.fromArray(S, a, r + o2).fma(xi, c2);
            c3 = FloatVector.fromArray(S, a, r + o3).fma(xi, c3);
            c4 = FloatVector.fromArray(S, a, r + o4).fma(xi, c4);
            c5 = FloatVector.fromArray(S, a, r + o5).fma(xi, c5);
            c6 = FloatVector.fromArray(S, a, r + o6).fma(xi, c6);
            c7 = FloatVector.fromArray(S, a, r + o7).fma(xi, c7);
        }
        // slots before the last of the nv are stored whole; the last keeps its first keepLast lanes
        VectorMask<Float> fresh = VectorMask.fromLong(S, -1L << keepLast);
        if (nv > 1) {
            c0.intoArray(y, yOff + o0);
        } else if (nv == 1) {
            FloatVector.fromArray(S, y, yOff + o0).blend(c0, fresh).intoArray(y, yOff + o0);
        }
        if (nv > 2) {
            c1.intoArray(y, yOff + o1);
        } else if (nv == 2) {
            FloatVector.fromArray(S, y, yOff + o1).blend(c1, fresh).intoArray(y, yOff + o1);
        }
        if (nv > 3) {
            c2.intoArray(y, yOff + o2);
        } else if (nv == 3) {
            FloatVector.fromArray(S, y, yOff + o2).blend(c2, fresh).intoArray(y, yOff + o2);
        }
        if (nv > 4) {
            c3.intoArray(y, yOff + o3);
        } else if (nv == 4) {
            FloatVector.fromArray(S, y, yOff + o3).blend(c3, fresh).intoArray(y, yOff + o3);
        }
        if (nv > 5) {
            c4.intoArray(y, yOff + o4);
        } else if (nv == 5) {
            FloatVector.fromArray(S, y, yOff + o4).blend(c4, fresh).intoArray(y, yOff + o4);
        }
        if (nv > 6) {
            c5.intoArray(y, yOff + o5);
        } else if (nv == 6) {
            FloatVector.fromArray(S, y, yOff + o5).blend(c5, fresh).intoArray(y, yOff + o5);
        }
        if (nv > 7) {
            c6.intoArray(y, yOff + o6);
        } else if (nv == 7) {
            FloatVector.fromArray(S, y, yOff + o6).blend(c6, fresh).intoArray(y, yOff + o6);
        }
        if (nv > 8) {
            c7.intoArray(y, yOff + o7);
        } else if (nv == 8) {
            FloatVector.fromArray(S, y, yOff + o7).blend(c7, fresh).intoArray(y, yOff + o7);
        }
    }

    @Override
    public void ger(int m, int n, float alpha, float[] x, int xOff, float[] y, int yOff,
                    float[] a, int aOff, int lda) {
        // A (m,n) += alpha x (m) outer y (n), one axpy per row
        for (int i = 0; i < m; i++) {
            axpy(n, alpha * x[xOff + i], y, yOff, a, aOff + i * lda);
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        if (cold(n)) {
            ColdTwins.axpy(n, alpha, x, xOff, y, yOff);
            return;
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], alpha, y[yOff + i]);
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        if (cold(n)) {
            return ColdTwins.dot(L, n, x, xOff, y, yOff);
        }
        // four partial sums hide the FMA latency
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
            s1 = FloatVector.fromArray(S, x, xOff + i + L).fma(FloatVector.fromArray(S, y, yOff + i + L), s1);
            s2 = FloatVector.fromArray(S, x, xOff + i + 2 * L)
                    .fma(FloatVector.fromArray(S, y, yOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(S, x, xOff + i + 3 * L)
                    .fma(FloatVector.fromArray(S, y, yOff + i + 3 * L), s3);
        }
        for (; i <= n - L; i += L) {
            s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
        }
        float sum = treeSum(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            sum = Math.fma(x[xOff + i], y[yOff + i], sum);
        }
        return sum;
    }

    @Override
    public float softmaxInPlace(float[] x, int off, int n) {
        if (n == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        long mm = maxMin(x, off, n);
        float max = maxOf(mm);
        float sum = VectorMath.expShiftSum(x, off, n, max, true, mayUnderflow(max, minOf(mm)));
        scale(n, 1f / sum, x, off);
        return max + (float) Math.log(sum);
    }

    /**
     * Kernels.softmaxGradientRow in three passes instead of five: bias added while the max and min
     * are taken (both exact, so their order does not matter), the exponentials (expShiftSum, as
     * softmaxInPlace, without its underflow blend when min - max says none can underflow), then
     * x * (1/sum) * scale in one pass with x[y] redone as ((e_y / sum) - 1) * scale.
     * Every element sees the default's float operations in the default's order: the same bits.
     */
    @Override
    public float softmaxGradientRow(float[] x, int off, int n, float[] bias, int y, float scale) {
        if (n < L) {
            return Kernels.super.softmaxGradientRow(x, off, n, bias, y, scale);
        }
        float max;
        float min;
        if (bias != null) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector mv = FloatVector.fromArray(S, bias, 0).fma(one, FloatVector.fromArray(S, x, off));
            mv.intoArray(x, off);
            FloatVector nv = mv;
            int i = L;
            for (; i <= n - L; i += L) {
                FloatVector v = FloatVector.fromArray(S, bias, i).fma(one, FloatVector.fromArray(S, x, off + i));
                v.intoArray(x, off + i);
                mv = mv.max(v);
                nv = nv.min(v);
            }
            max = mv.reduceLanes(VectorOperators.MAX);
            min = nv.reduceLanes(VectorOperators.MIN);
            for (; i < n; i++) {
                x[off + i] = Math.fma(bias[i], 1f, x[off + i]);
                max = Math.max(max, x[off + i]);
                min = Math.min(min, x[off + i]);
            }
        } else {
            long mm = maxMin(x, off, n);
            max = maxOf(mm);
            min = minOf(mm);
        }
        float sum = VectorMath.expShiftSum(x, off, n, max, true, mayUnderflow(max, min));
        float inv = 1f / sum;
        float ey = x[off + y];
        if (scale == 1f) {
            scale(n, inv, x, off);
        } else {
            int i = 0;
            for (; i <= n - L; i += L) {
                FloatVector.fromArray(S, x, off + i).mul(inv).mul(scale).intoArray(x, off + i);
            }
            for (; i < n; i++) {
                x[off + i] = x[off + i] * inv * scale;
            }
        }
        x[off + y] = scale == 1f ? ey * inv - 1f : (ey * inv - 1f) * scale;
        return max + (float) Math.log(sum);
    }

    private static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;

    /**
     * Kernels.sumOfSquares with its four accumulators as the lanes of one double vector: lane j adds
     * the same exact products in the same order as s_j, so the same bits. One thread, 2.25 million
     * elements in blocks of 8,192 (the word model's gradients): 0.55-0.63 ms against 0.91-0.95 for the
     * scalar loop. Needs 256-bit vectors (four doubles); below that, the default.
     */
    @Override
    public double sumOfSquares(float[] g, int from, int to) {
        if (S.vectorBitSize() < 256) {
            return Kernels.super.sumOfSquares(g, from, to);
        }
        DoubleVector s = DoubleVector.zero(D4);
        int i = from;
        for (; i <= to - 4; i += 4) {
            DoubleVector d = (DoubleVector) FloatVector.fromArray(F4, g, i).convertShape(VectorOperators.F2D, D4, 0);
            s = s.add(d.mul(d));
        }
        double s0 = s.lane(0);
        for (; i < to; i++) {
            s0 += (double) g[i] * g[i];
        }
        return (s0 + s.lane(1)) + (s.lane(2) + s.lane(3));
    }

    /** Below this many elements a row softmax batch stays on the calling thread. */
    static final int PARALLEL_MIN_SOFTMAX = 16_384;

    @Override
    public void softmaxRows(int rows, int n, float[] x, int off, int ld, float[] lse, int lseOff) {
        int t = threads > 0 ? threads : Parallel.threads();
        int parts = (long) rows * n < PARALLEL_MIN_SOFTMAX || t <= 1 ? 1
                : Math.min(t * VectorGemm.PARTS_PER_THREAD, rows);
        if (parts <= 1) {
            softmaxRowRange(0, rows, n, x, off, ld, lse, lseOff);
            return;
        }
        Parallel.run(parts, q -> softmaxRowRange((int) ((long) q * rows / parts),
                (int) ((long) (q + 1) * rows / parts), n, x, off, ld, lse, lseOff));
    }

    private void softmaxRowRange(int r0, int r1, int n, float[] x, int off, int ld, float[] lse, int lseOff) {
        for (int r = r0; r < r1; r++) {
            float v = softmaxInPlace(x, off + r * ld, n);
            if (lse != null) {
                lse[lseOff + r] = v;
            }
        }
    }

    @Override
    public float logSumExp(float[] x, int off, int n) {
        if (n == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        long mm = maxMin(x, off, n);
        float max = maxOf(mm);
        return max + (float) Math.log(VectorMath.expShiftSum(x, off, n, max, false, mayUnderflow(max, minOf(mm))));
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        if (cold(n)) {
            ColdTwins.tanh(n, x, xOff, out, outOff);
            return;
        }
        VectorMath.tanh(n, x, xOff, out, outOff);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        if (cold(n)) {
            ColdTwins.sigmoid(n, x, xOff, out, outOff);
            return;
        }
        VectorMath.sigmoid(n, x, xOff, out, outOff);
    }

    /**
     * Kernels.lstmForwardRow with the gate sums fused into the activations and the state updates in
     * vectors: the same operations on every element, so the same bits. H not a multiple of the lane
     * count: the default.
     */
    @Override
    public void lstmForwardRow(int H, float[] ih, int gi, float[] hh, int gh, float[] cPrev, int cp,
                               float[] cache, int p, float[] c, int co, float[] h, int ho) {
        if (cold(4L * H)) {
            ColdTwins.lstmForwardRow(H, ih, gi, hh, gh, cPrev, cp, cache, p, c, co, h, ho);
            return;
        }
        if (H % L != 0) {
            Kernels.super.lstmForwardRow(H, ih, gi, hh, gh, cPrev, cp, cache, p, c, co, h, ho);
            return;
        }
        VectorMath.sigmoid(2 * H, ih, gi, hh, gh, cache, p);                    // i | f
        VectorMath.tanh(H, ih, gi + 2 * H, hh, gh + 2 * H, cache, p + 2 * H);     // g
        VectorMath.sigmoid(H, ih, gi + 3 * H, hh, gh + 3 * H, cache, p + 3 * H);  // o
        for (int j = 0; j < H; j += L) {
            FloatVector f = FloatVector.fromArray(S, cache, p + H + j);
            FloatVector ig = FloatVector.fromArray(S, cache, p + j).mul(FloatVector.fromArray(S, cache, p + 2 * H + j));
            f.mul(FloatVector.fromArray(S, cPrev, cp + j)).add(ig).intoArray(c, co + j);
        }
        VectorMath.tanh(H, c, co, cache, p + 4 * H);
        for (int j = 0; j < H; j += L) {
            FloatVector.fromArray(S, cache, p + 3 * H + j).mul(FloatVector.fromArray(S, cache, p + 4 * H + j))
                    .intoArray(h, ho + j);
        }
    }

    /** Kernels.lstmBackwardRow in vectors, the same operations in the same order (same bits); H not a multiple of the lane count: the default. */
    @Override
    public void lstmBackwardRow(int H, float[] cache, int p, float[] dh, int d0, float[] dc, int c0,
                                float[] cPrev, int cp, float[] dIh, int q, float[] dcPrev, int o0) {
        if (H % L != 0) {
            Kernels.super.lstmBackwardRow(H, cache, p, dh, d0, dc, c0, cPrev, cp, dIh, q, dcPrev, o0);
            return;
        }
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < H; j += L) {
            FloatVector i = FloatVector.fromArray(S, cache, p + j);
            FloatVector f = FloatVector.fromArray(S, cache, p + H + j);
            FloatVector g = FloatVector.fromArray(S, cache, p + 2 * H + j);
            FloatVector o = FloatVector.fromArray(S, cache, p + 3 * H + j);
            FloatVector tc = FloatVector.fromArray(S, cache, p + 4 * H + j);
            FloatVector d = FloatVector.fromArray(S, dh, d0 + j);
            FloatVector dct = FloatVector.fromArray(S, dc, c0 + j).add(d.mul(o).mul(one.sub(tc.mul(tc))));
            dct.mul(g).mul(i).mul(one.sub(i)).intoArray(dIh, q + j);
            dct.mul(FloatVector.fromArray(S, cPrev, cp + j)).mul(f).mul(one.sub(f)).intoArray(dIh, q + H + j);
            dct.mul(i).mul(one.sub(g.mul(g))).intoArray(dIh, q + 2 * H + j);
            d.mul(tc).mul(o).mul(one.sub(o)).intoArray(dIh, q + 3 * H + j);
            dct.mul(f).intoArray(dcPrev, o0 + j);   // last: dcPrev may alias dc
        }
    }

    /** x[off..off+n) *= s. */
    /**
     * Sum of a vector's lanes (stored in lanes, overwritten) in a fixed order, a halving tree: lane k
     * += lane k + w for w = L/2, L/4, ..., 1, then lane 0. reduceLanes(ADD) leaves the order to the
     * JIT, so the same inputs can round differently from one compilation to the next and a training
     * run stops being repeatable (measured: two identical runs in one JVM diverged). treeSum is the
     * same order in vector registers. (Until session 20 the order was lane 0, 1, ..., L-1: one
     * dependent chain of L adds per row of a gemv, about 10 of the 45 us of a sampled character.)
     */
    static float laneSum(float[] lanes) {   // ColdTwins sums its lanes here too
        for (int w = lanes.length / 2; w >= 1; w /= 2) {
            for (int k = 0; k < w; k++) {
                lanes[k] += lanes[k + w];
            }
        }
        return lanes[0];
    }

    /** treeSum's stages: lane k takes lane k ^ w (for k < w, lane k + w); null where w >= L. */
    private static final VectorShuffle<Float> XOR8 = L > 8 ? VectorShuffle.fromOp(S, k -> k ^ 8) : null;
    private static final VectorShuffle<Float> XOR4 = L > 4 ? VectorShuffle.fromOp(S, k -> k ^ 4) : null;
    private static final VectorShuffle<Float> XOR2 = L > 2 ? VectorShuffle.fromOp(S, k -> k ^ 2) : null;
    private static final VectorShuffle<Float> XOR1 = L > 1 ? VectorShuffle.fromOp(S, k -> k ^ 1) : null;

    /**
     * laneSum of v's lanes without leaving the registers: log2(L) shuffles and adds (the adds are
     * commutative, so lane k + (k ^ w) has the bits of laneSum's lanes[k] + lanes[k + w]). Lane
     * counts other than 2 to 16 go through an array.
     */
    static float treeSum(FloatVector v) {
        if (L > 16 || L < 2) {
            float[] lanes = new float[L];
            v.intoArray(lanes, 0);
            return laneSum(lanes);
        }
        if (L == 16) {
            v = v.add(v.rearrange(XOR8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(XOR4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(XOR2));
        }
        return v.add(v.rearrange(XOR1)).lane(0);
    }

    private static void scale(int n, float s, float[] x, int off) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(s).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= s;
        }
    }

    /**
     * max and min over n >= 1 elements in one pass, as maxOf / minOf take them apart; NaN if any is
     * NaN (Math.max / Math.min semantics). Two accumulators of each, so the pass is not one chain
     * of dependent max (3 cycles each): the tutorial's 18 x 4,585 logits 10.3 -> ~7 us on one
     * thread. max and min are exact: the order does not change them.
     */
    private static long maxMin(float[] x, int off, int n) {
        float m = x[off];
        float mn = m;
        int i = 0;
        if (n >= L) {
            FloatVector a0 = FloatVector.fromArray(S, x, off);
            FloatVector a1 = a0;
            FloatVector b0 = a0;
            FloatVector b1 = a0;
            for (i = L; i <= n - 2 * L; i += 2 * L) {
                FloatVector v0 = FloatVector.fromArray(S, x, off + i);
                FloatVector v1 = FloatVector.fromArray(S, x, off + i + L);
                a0 = a0.max(v0);
                b0 = b0.min(v0);
                a1 = a1.max(v1);
                b1 = b1.min(v1);
            }
            for (; i <= n - L; i += L) {
                FloatVector v0 = FloatVector.fromArray(S, x, off + i);
                a0 = a0.max(v0);
                b0 = b0.min(v0);
            }
            m = a0.max(a1).reduceLanes(VectorOperators.MAX);
            mn = b0.min(b1).reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) {
            m = Math.max(m, x[off + i]);
            mn = Math.min(mn, x[off + i]);
        }
        return (long) Float.floatToRawIntBits(m) << 32 | (Float.floatToRawIntBits(mn) & 0xffffffffL);
    }

    private static float maxOf(long maxMin) {
        return Float.intBitsToFloat((int) (maxMin >>> 32));
    }

    private static float minOf(long maxMin) {
        return Float.intBitsToFloat((int) maxMin);
    }

    /**
     * Whether exp(x - max) may fall below VectorMath.EXP_LO for some x >= min: false only when
     * min - max (rounded) >= EXP_LO, and then every x - max (rounded) is too (rounding is
     * monotonic). NaN or infinities give true: expShiftSum then keeps its blend.
     */
    private static boolean mayUnderflow(float max, float min) {
        return !(min - max >= VectorMath.EXP_LO);
    }
}
