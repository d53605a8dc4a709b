/*
 * `rnnlm4j bench`: benchmark workloads defined in ../shared/bench/README.md (the same definitions the
 * PyTorch peer script runs), and `bench serve`, a load test of the HTTP server (BenchServe); each
 * prints a human summary and, with --json, one JSON line.
 */
package org.rnnlm4j.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: speed on fixed workloads, comparable with the PyTorch peer script; the HTTP server under load.",
        subcommands = {BenchTutorial.class, BenchStreams.Char.class, BenchStreams.Word.class, BenchGemm.class, BenchServe.class},
        footer = {"", "Examples:", "  rnnlm4j bench tutorial", "  rnnlm4j bench char --json", "  rnnlm4j bench word", "  rnnlm4j bench gemm --shapes square",
                "  rnnlm4j bench serve --model demo.model"})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
