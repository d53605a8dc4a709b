/*
 * KernelSelector: the one place that decides which Kernels implementation runs.
 *
 * Contract: get() returns one cached instance, chosen from system property rnnlm4j.kernels:
 *   scalar  ScalarKernels, always available;
 *   vector  VectorKernels; if the JVM lacks the jdk.incubator.vector module this is an
 *           RnnlmException with a one-line message saying how to fix it;
 *   auto    (default) vector when the module is in the boot layer AND the runtime is at least
 *           MIN_FAST_FEATURE, else scalar.
 * VectorKernels is loaded by name only after the module check, so a JVM started without
 * --add-modules jdk.incubator.vector never links it and runs the scalar path. Not a registry:
 * there is no way to plug in other implementations.
 *
 * Version floor: MIN_FAST_FEATURE = 17, i.e. none beyond the module check. It was suspected that
 * the Vector API collapses to ~3 GFLOP/s on JDK 17 after the first shape; measured here with
 * GemmBenchmark and a mixed-shape stress loop (2-core Zen 3, 17.0.15 vs Temurin 25.0.3) it does
 * not for these kernels: 1024^3 on two threads ~130 (17) vs ~125-160 (25) GFLOP/s, tutorial
 * shapes within ~20% of each other, scalar 2-3 GFLOP/s on both (the scalar GEMM was rewritten since: ~25 GFLOP/s on one thread, JDK 17 and 25). The collapse is real for code
 * that passes vectors across method calls C2 does not inline (vectors get boxed; we reproduced a
 * 20x drop on 25 too); VectorMath and GemmMicroKernels keep every vector inside one method for
 * that reason. JDK 18-24 were not measured. Raise the floor if a JDK shows the collapse.
 */
package org.rnnlm4j.math;

import org.rnnlm4j.RnnlmException;

public final class KernelSelector {
    private KernelSelector() {
    }

    /** System property: scalar | vector | auto. */
    public static final String PROPERTY = "rnnlm4j.kernels";
    /** Module that VectorKernels needs. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** Oldest Java feature release on which auto picks vector. */
    public static final int MIN_FAST_FEATURE = 17;

    private static final String VECTOR_CLASS = "org.rnnlm4j.math.VectorKernels";

    private static volatile Kernels cached;

    /** The implementation for this JVM, chosen once from the system property. */
    public static Kernels get() {
        Kernels k = cached;
        if (k == null) {
            synchronized (KernelSelector.class) {
                k = cached;
                if (k == null) {
                    k = create(System.getProperty(PROPERTY, "auto"));
                    cached = k;
                }
            }
        }
        return k;
    }

    /** A new instance for mode scalar | vector | auto (case-insensitive); not cached. */
    public static Kernels create(String mode) {
        String m = mode == null ? "auto" : mode.trim().toLowerCase(java.util.Locale.ROOT);
        switch (m) {
            case "scalar":
                return new ScalarKernels();
            case "vector":
                if (!vectorModulePresent()) {
                    throw new RnnlmException(PROPERTY + "=vector needs the Vector API: start java with"
                            + " --add-modules " + VECTOR_MODULE + " (or use " + PROPERTY + "=scalar)");
                }
                return loadVector();
            case "auto":
            case "":
                return autoPicksVector() ? loadVector() : new ScalarKernels();
            default:
                throw new RnnlmException(PROPERTY + " must be scalar, vector or auto, got '" + mode + "'");
        }
    }

    /** True when auto mode would choose VectorKernels on this JVM. */
    public static boolean autoPicksVector() {
        return vectorModulePresent() && Runtime.version().feature() >= MIN_FAST_FEATURE;
    }

    /** True when jdk.incubator.vector is resolved in the boot layer (--add-modules given). */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** Forgets the cached instance so the next get() re-reads the property (for tests). */
    static void reset() {
        synchronized (KernelSelector.class) {
            cached = null;
        }
    }

    private static Kernels loadVector() {
        try {
            Class<?> cls = Class.forName(VECTOR_CLASS);
            return (Kernels) cls.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new RnnlmException("cannot load the Vector API kernels (" + e + "); use "
                    + PROPERTY + "=scalar", e);
        }
    }
}
