/*
 * KernelBench: what the JMH benchmarks of this package share. The run settings (average time per
 * call, one fork given the Vector API module, 3 x 1 s warm-up, 5 x 1 s measurement; JMH's command
 * line overrides them), the kernels under test as parameter `kernels` ("vector" or "scalar",
 * through KernelSelector, so "vector" fails with the selector's one-line message in a JVM without
 * the module), and uniform random inputs from a fixed seed. Benchmark code only (src/jmh/java,
 * built by the jmh profile of pom.xml).
 */
package org.rnnlm4j.math;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class KernelBench {
    @Param({"vector", "scalar"})
    public String kernels;

    /** The kernels named by the parameter; threads > 0 sets Parallel's thread count (0 keeps all processors). */
    protected Kernels kernels(int threads) {
        if (threads > 0) {
            Parallel.setThreads(threads);
        }
        return KernelSelector.create(kernels);
    }

    /** n floats uniform in [lo, hi) from seed. */
    protected static float[] uniform(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return x;
    }
}
