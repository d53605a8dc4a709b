/*
 * KernelsUnderTest: the kernel implementation a parameterized test names, "scalar" or "vector".
 *
 * Contract: "scalar" is always ScalarKernels. "vector" needs the jdk.incubator.vector module; in a
 * JVM started without --add-modules jdk.incubator.vector (the surefire execution "scalar-only" in
 * pom.xml) asking for it ABORTS the test through a JUnit assumption — reported as skipped, with
 * SKIP_VECTOR as the reason — instead of failing it, so the scalar twin of every check still runs.
 * Nothing here names a class of the vector module, so loading this class never needs it.
 */
package org.rnnlm4j.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.ScalarKernels;

public final class KernelsUnderTest {
    private KernelsUnderTest() {
    }

    /** The reason a vector-kernel test is skipped in a JVM without the module. */
    public static final String SKIP_VECTOR = "vector kernels not tested here: this JVM runs without"
            + " --add-modules " + KernelSelector.VECTOR_MODULE + " (the scalar path is under test)";

    /** ScalarKernels for "scalar"; the vector kernels for "vector", or the test is skipped. */
    public static Kernels named(String name) {
        if (name.equals("scalar")) {
            return new ScalarKernels();
        }
        if (!name.equals("vector")) {
            throw new IllegalArgumentException("kernels must be scalar or vector, got " + name);
        }
        assumeVector();
        return KernelSelector.create("vector");
    }

    /** Skips the calling test (with SKIP_VECTOR) unless the vector module is in this JVM. */
    public static void assumeVector() {
        assumeTrue(KernelSelector.vectorModulePresent(), SKIP_VECTOR);
    }
}
