/*
 * GemmBenchmark: times Kernels.gemm (and the tutorial's whole output-layer step) and prints one JSON
 * line per shape; the engine of `rnnlm4j bench gemm` (BenchGemm).
 *
 * Contract: gflops(...) = 2mnk / t, t the median over 5 timed samples taken after a warm-up of
 * max(minSeconds, 1 s) and then until the JIT is idle (warmUp), each sample >= minSeconds / 5; the
 * thread count is set through Parallel.setThreads for the duration of the call and restored after.
 * Inputs are uniform in [-1, 1) from a fixed seed. Not a rigorous harness (no forking, no
 * blackholes): on a shared machine run it twice and read the numbers as +-10%.
 *
 * main arguments (all optional): --kernels=auto|scalar|vector  --threads=1,2
 *   --min-seconds=0.5  --shapes=all|square|lstm|word|tutorial
 */
package org.rnnlm4j.math;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

public final class GemmBenchmark {
    private GemmBenchmark() {
    }

    /** Tutorial RNN LM sizes: vocabulary and hidden width. */
    public static final int VOCAB = 4585;
    public static final int HIDDEN = 100;

    private static final int SAMPLES = 5;
    private static final double WARMUP_SECONDS = 1.0;

    /** GFLOP/s of C (m,n) = op(A) op(B) (beta = 0) on threads threads; see the class comment. */
    public static double gflops(Kernels k, int m, int n, int kk, boolean transA, boolean transB,
                                int threads, double minSeconds) {
        return gflops(k, m, n, kk, transA, transB, 0f, threads, minSeconds);
    }

    /** As above with an explicit beta (1 for the accumulate-gradient pattern). */
    public static double gflops(Kernels k, int m, int n, int kk, boolean transA, boolean transB,
                                float beta, int threads, double minSeconds) {
        float[] a = random(m * kk, 1);
        float[] b = random(kk * n, 2);
        float[] c = random(m * n, 3);
        int lda = transA ? m : kk;
        int ldb = transB ? kk : n;
        Runnable op = () -> k.gemm(transA, transB, m, n, kk, 1f, a, 0, lda, b, 0, ldb, beta, c, 0, n);
        double seconds = medianSeconds(op, threads, minSeconds);
        return 2.0 * m * n * kk / seconds / 1e9;
    }

    /**
     * Milliseconds for one tutorial output-layer step on a sentence of t tokens: logits = S Vmat^T,
     * row softmax, dS = dO Vmat, dVmat += dO^T S.
     */
    public static double tutorialStepMillis(Kernels k, int t, int threads, double minSeconds) {
        float[] s = random(t * HIDDEN, 4);
        float[] vmat = random(VOCAB * HIDDEN, 5);
        float[] logits = new float[t * VOCAB];
        float[] ds = new float[t * HIDDEN];
        float[] dv = new float[VOCAB * HIDDEN];
        Runnable op = () -> {
            k.gemm(false, true, t, VOCAB, HIDDEN, 1f, s, 0, HIDDEN, vmat, 0, HIDDEN, 0f, logits, 0, VOCAB);
            k.softmaxRows(t, VOCAB, logits, 0, VOCAB, null, 0);
            k.gemm(false, false, t, HIDDEN, VOCAB, 1f, logits, 0, VOCAB, vmat, 0, HIDDEN, 0f, ds, 0, HIDDEN);
            k.gemm(true, false, VOCAB, HIDDEN, t, 1e-3f, logits, 0, VOCAB, s, 0, HIDDEN, 1f, dv, 0, HIDDEN);
        };
        return medianSeconds(op, threads, minSeconds) * 1e3;
    }

    /**
     * Runs op for at least minWarmSeconds (and 5 calls), then on in windows of WARMUP_WINDOW_SECONDS
     * until the JIT compilers were idle through a whole window (at most WARMUP_MAX_SECONDS; without
     * compilation-time monitoring, the minimum alone). A fixed warm-up was not always long enough for
     * C2 to compile a shape's kernels: the first shape of `bench gemm --shapes square` (256^3, one
     * thread) sometimes printed 1.5-11 GFLOP/s instead of about 125, and always 24-32 with the JVM on
     * one CPU (taskset -c 0), where the compiler threads share that CPU with the benchmark.
     */
    static void warmUp(Runnable op, double minWarmSeconds) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        LongSupplier compiling = jit != null && jit.isCompilationTimeMonitoringSupported()
                ? jit::getTotalCompilationTime : null;
        warmUp(op, minWarmSeconds, compiling, WARMUP_WINDOW_SECONDS, WARMUP_MAX_SECONDS);
    }

    /**
     * warmUp with its parts given: compiling (the JIT's total compilation time so far, or null: the
     * minimum alone), the window and the cap in seconds. Returns the number of windows run after the
     * minimum.
     */
    static int warmUp(Runnable op, double minWarmSeconds, LongSupplier compiling, double windowSeconds,
                      double maxSeconds) {
        long start = System.nanoTime();
        long minEnd = start + (long) (minWarmSeconds * 1e9);
        long maxEnd = start + (long) (maxSeconds * 1e9);
        int calls = 0;
        while (calls < 5 || System.nanoTime() < minEnd) {
            op.run();
            calls++;
        }
        int windows = 0;
        while (compiling != null && System.nanoTime() < maxEnd) {
            long before = compiling.getAsLong();
            long windowEnd = System.nanoTime() + (long) (windowSeconds * 1e9);
            do {
                op.run();
            } while (System.nanoTime() < windowEnd);
            windows++;
            if (compiling.getAsLong() == before) {
                break;
            }
        }
        return windows;
    }

    private static final double WARMUP_WINDOW_SECONDS = 0.25;
    private static final double WARMUP_MAX_SECONDS = 20;

    private static double medianSeconds(Runnable op, int threads, double minSeconds) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            warmUp(op, Math.max(minSeconds, WARMUP_SECONDS));
            long c0 = System.nanoTime();
            op.run();
            op.run();
            double perCall = Math.max(1e-9, (System.nanoTime() - c0) / 2e9);
            int reps = (int) Math.max(1, Math.ceil(minSeconds / SAMPLES / perCall));
            double[] samples = new double[SAMPLES];
            for (int i = 0; i < samples.length; i++) {
                long s0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    op.run();
                }
                samples[i] = (System.nanoTime() - s0) / 1e9 / reps;
            }
            Arrays.sort(samples);
            return samples[samples.length / 2];
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** One benchmark shape: C (m,n) = op(A) op(B) + beta C. */
    record Shape(String name, int m, int n, int k, boolean transA, boolean transB, float beta) {
    }

    static List<Shape> shapes(String which) {
        List<Shape> out = new ArrayList<>();
        boolean all = which.equals("all");
        if (all || which.equals("square")) {
            for (int s : new int[] {256, 512, 1024, 2048}) {
                out.add(new Shape("square", s, s, s, false, false, 0f));
            }
        }
        if (all || which.equals("lstm")) {
            out.add(new Shape("lstm", 32, 1024, 256, false, false, 0f));
        }
        if (all || which.equals("word")) {
            // the word bench's output layer: 20 x 35 positions, vocabulary 7596, hidden 200
            out.add(new Shape("word-logits-NT", 700, 7596, 200, false, true, 0f));
            out.add(new Shape("word-dS-NN", 700, 200, 7596, false, false, 0f));
            out.add(new Shape("word-dV-TN", 7596, 200, 700, true, false, 1f));
        }
        if (all || which.equals("tutorial")) {
            for (int t : new int[] {20, 56}) {
                out.add(new Shape("tutorial-logits-NT", t, VOCAB, HIDDEN, false, true, 0f));
                out.add(new Shape("tutorial-dS-NN", t, HIDDEN, VOCAB, false, false, 0f));
                out.add(new Shape("tutorial-dV-TN", VOCAB, HIDDEN, t, true, false, 1f));
            }
        }
        return out;
    }

    public static void main(String[] args) {
        String mode = System.getProperty(KernelSelector.PROPERTY, "auto");
        int[] threads = {Parallel.threads()};
        double minSeconds = 0.5;
        String which = "all";
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            String v = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "--kernels" -> mode = v;
                case "--threads" -> threads = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--min-seconds" -> minSeconds = Double.parseDouble(v);
                case "--shapes" -> which = v;
                default -> throw new IllegalArgumentException("unknown argument " + arg
                        + " (use --kernels= --threads= --min-seconds= --shapes=)");
            }
        }
        run(KernelSelector.create(mode), which, threads, minSeconds, r -> System.out.println(org.rnnlm4j.io.Json.write(r)));
    }

    /**
     * One result (an ordered map, a JSON object) per (shape, thread count) of the set `which`, timed
     * for at least minSeconds each, handed to out as soon as it is measured: bench "gemm" with
     * shape, op, m, n, k, beta, threads, gflops, ms (one call); "tutorial-step" with T, vocab,
     * hidden, threads, ms.
     */
    public static void run(Kernels k, String which, int[] threads, double minSeconds, Consumer<Map<String, Object>> out) {
        if (shapes(which).isEmpty()) {
            throw new org.rnnlm4j.RnnlmException("unknown shape set '" + which + "': use all, square, lstm, word or tutorial");
        }
        for (Shape s : shapes(which)) {
            for (int t : threads) {
                double g = gflops(k, s.m(), s.n(), s.k(), s.transA(), s.transB(), s.beta(), t, minSeconds);
                Map<String, Object> r = header("gemm", k);
                r.put("shape", s.name());
                r.put("op", (s.transA() ? "T" : "N") + (s.transB() ? "T" : "N"));
                r.put("m", s.m());
                r.put("n", s.n());
                r.put("k", s.k());
                r.put("beta", (int) s.beta());
                r.put("threads", t);
                r.put("gflops", Math.round(g * 10) / 10.0);
                r.put("ms", Math.round(2.0 * s.m() * s.n() * s.k() / g / 1e6 * 1e4) / 1e4);
                out.accept(r);
            }
        }
        if (which.equals("all") || which.equals("tutorial")) {
            for (int tt : new int[] {20, 56}) {
                for (int t : threads) {
                    Map<String, Object> r = header("tutorial-step", k);
                    r.put("T", tt);
                    r.put("vocab", VOCAB);
                    r.put("hidden", HIDDEN);
                    r.put("threads", t);
                    r.put("ms", Math.round(tutorialStepMillis(k, tt, t, minSeconds) * 1e4) / 1e4);
                    out.accept(r);
                }
            }
        }
    }

    private static Map<String, Object> header(String bench, Kernels k) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bench", bench);
        r.put("kernels", k.name());
        r.put("jdk", Runtime.version().toString());
        return r;
    }
}
