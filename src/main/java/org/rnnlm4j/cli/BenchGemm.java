/*
 * `rnnlm4j bench gemm`: the matrix-product ceiling of the kernels in use (GemmBenchmark) — square
 * n = 256..2048, the char LSTM's per-step shape, the word workload's output layer and the tutorial's
 * skinny products — one JSON line per shape and thread count, GFLOP/s = 2mnk / median time.
 * The peer figure is `pytorch_bench.py --threads 2 gemm` (torch.mm). Each line also carries the keys
 * of every bench line (BenchReport): throughput = GFLOP/s, median step = one call.
 */
package org.rnnlm4j.cli;

import java.util.Map;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.GemmBenchmark;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "GEMM GFLOP/s of the kernels in use on fixed shapes (one JSON line each).",
        footer = {"", "Examples:", "  rnnlm4j bench gemm --shapes square", "  rnnlm4j bench gemm --shapes word --threads 1,2"})
final class BenchGemm implements Runnable {
    @Option(names = "--shapes", defaultValue = "square", paramLabel = "SET",
            description = "all, square, lstm, word or tutorial (default: ${DEFAULT-VALUE}).")
    String shapes;

    @Option(names = "--threads", split = ",", paramLabel = "N[,N...]", description = "Thread counts to run (default: all cores).")
    int[] threads;

    @Option(names = "--min-seconds", defaultValue = "0.5", description = "Time each shape at least this long (default: ${DEFAULT-VALUE}).")
    double minSeconds;

    @Override
    public void run() {
        int[] t = threads == null ? new int[] {Parallel.threads()} : threads;
        for (int n : t) {
            if (n < 1) {
                throw new org.rnnlm4j.RnnlmException("--threads must be at least 1 (got " + n + ")");
            }
        }
        GemmBenchmark.run(KernelSelector.get(), shapes, t, minSeconds, r -> System.out.println(Json.write(complete(r))));
    }

    /** GemmBenchmark's result with the keys every bench line carries (BenchReport). */
    static Map<String, Object> complete(Map<String, Object> r) {
        double ms = (Double) r.get("ms");
        if (r.get("bench").equals("gemm")) {
            return BenchReport.common(r, (Double) r.get("gflops"), "GFLOP/s", ms, "one GEMM call");
        }
        return BenchReport.common(r, 1000 / ms, "steps/s", ms, "one tutorial output-layer step (logits, softmax, gradients)");
    }
}
