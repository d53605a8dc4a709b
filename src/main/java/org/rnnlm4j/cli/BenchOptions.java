/*
 * BenchOptions: the options the workload benches share (a picocli mixin): --seed for the
 * initialization (and any draws) and --json for one JSON line instead of the human summary.
 */
package org.rnnlm4j.cli;

import picocli.CommandLine.Option;

final class BenchOptions {
    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Seed of the initialization and of any draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;
}
