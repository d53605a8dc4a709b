/*
 * `rnnlm4j bench`: benchmark workloads defined in ../shared/bench/README.md (the same definitions the
 * PyTorch peer script runs) — tutorial, char, word, and their inference parts on their own: sample
 * (generation one token at a time) and score (batched scoring) — the kernels' GEMM (gemm), and
 * `bench serve`, a load test of the HTTP server (BenchServe); each prints a human summary and, with
 * --json, one JSON line per workload carrying the keys of BenchReport.
 */
package org.rnnlm4j.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: speed on fixed workloads, comparable with the PyTorch peer script; the HTTP server under load.",
        subcommands = {BenchTutorial.class, BenchStreams.Char.class, BenchStreams.Word.class, BenchSample.class, BenchScore.class,
                BenchGemm.class, BenchServe.class},
        footer = {"", "Examples:", "  rnnlm4j bench tutorial", "  rnnlm4j bench char --json", "  rnnlm4j bench word", "  rnnlm4j bench sample --json",
                "  rnnlm4j bench score --json", "  rnnlm4j bench gemm --shapes square",
                "  rnnlm4j bench serve --model demo.model"})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
