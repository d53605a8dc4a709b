/*
 * Oracles: which kernels a parameterized kernel test runs ("scalar" or "vector") and what it checks
 * them against. The vector kernels are checked against ScalarKernels (the project's oracle), and
 * ScalarKernels against ReferenceKernels (float64), so both paths are tested against something
 * else in every JVM. In a JVM without the vector module, asking for "vector" skips the test
 * (KernelsUnderTest.SKIP_VECTOR) and the scalar checks still run.
 */
package org.rnnlm4j.math;

import org.rnnlm4j.testutil.KernelsUnderTest;

final class Oracles {
    private Oracles() {
    }

    /** The implementation under test; threads applies to the vector kernels (0 = Parallel.threads()). */
    static Kernels under(String name, int threads) {
        if (name.equals("vector")) {
            KernelsUnderTest.assumeVector();
            return new VectorKernels(threads);
        }
        return KernelsUnderTest.named(name);
    }

    /** What the results of under(name, ...) are compared with. */
    static Kernels oracle(String name) {
        return name.equals("vector") ? new ScalarKernels() : new ReferenceKernels();
    }
}
