/*
 * GemmBench: Kernels.gemm, C = op(A) op(B) + beta C, at n = 1024 in the three transpose cases the
 * layers use (NN, NT, TN) and at the workload shapes of `rnnlm4j bench gemm` (GemmBenchmark.shapes:
 * the char LSTM step (32,256)x(256,1024), and the word model's output layer: logits NT, dS NN,
 * dV += TN with beta 1). Time per call; GFLOP/s = 2 m n k / time.
 */
package org.rnnlm4j.math;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

public class GemmBench extends KernelBench {
    /** 1024-XY: square n = 1024 with op(A) = X, op(B) = Y; otherwise a GemmBenchmark shape name. */
    @Param({"1024-NN", "1024-NT", "1024-TN", "lstm", "word-logits-NT", "word-dS-NN", "word-dV-TN"})
    public String shape;
    /** GEMM threads; 0 = Parallel's default (all processors). */
    @Param({"0"})
    public int threads;

    private Kernels k;
    private GemmBenchmark.Shape s;
    private float[] a, b, c;

    @Setup
    public void setUp() {
        k = kernels(threads);
        s = shape(shape);
        a = uniform(s.m() * s.k(), 1, -1, 1);
        b = uniform(s.k() * s.n(), 2, -1, 1);
        c = uniform(s.m() * s.n(), 3, -1, 1);
    }

    static GemmBenchmark.Shape shape(String name) {
        if (name.startsWith("1024-")) {
            return new GemmBenchmark.Shape(name, 1024, 1024, 1024, name.charAt(5) == 'T', name.charAt(6) == 'T', 0f);
        }
        return GemmBenchmark.shapes("all").stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown shape " + name));
    }

    @Benchmark
    public float[] gemm() {
        int lda = s.transA() ? s.m() : s.k();
        int ldb = s.transB() ? s.k() : s.n();
        k.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, s.beta(), c, 0, s.n());
        return c;
    }
}
