/*
 * KernelSelectorTest: the rnnlm4j.kernels / rnnlm4j.threads properties, caching, the version floor,
 * and the promise that a JVM started WITHOUT --add-modules jdk.incubator.vector still runs (scalar)
 * while forcing vector there fails with one clear line. The latter is checked in child JVMs (this
 * JDK, this classpath, no module flag) running SelectorProbe, and in this JVM when surefire runs it
 * without the module (execution "scalar-only" in pom.xml; the vector cases skip themselves there).
 * pom.xml tells each execution's JVM whether it should have the module (TEST_MODULE_PROPERTY), so a
 * misconfigured execution fails here instead of silently testing the other path.
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.testutil.KernelsUnderTest;

class KernelSelectorTest {
    /** Set by pom.xml's surefire executions: true when the JVM is given the vector module. */
    static final String TEST_MODULE_PROPERTY = "rnnlm4j.test.vectorModule";

    @AfterEach
    void restore() {
        System.clearProperty(KernelSelector.PROPERTY);
        KernelSelector.reset();
    }

    @Test
    void thisJvmHasTheModuleItsExecutionPromises() {
        String promised = System.getProperty(TEST_MODULE_PROPERTY);
        assumeTrue(promised != null, TEST_MODULE_PROPERTY + " not set: not run by pom.xml's surefire executions");
        assertEquals(Boolean.parseBoolean(promised), KernelSelector.vectorModulePresent(),
                "surefire execution misconfigured: " + TEST_MODULE_PROPERTY + "=" + promised);
    }

    @Test
    void explicitModes() {
        assertInstanceOf(ScalarKernels.class, KernelSelector.create("scalar"));
        assertInstanceOf(ScalarKernels.class, KernelSelector.create(" SCALAR "));
        KernelsUnderTest.assumeVector();
        Kernels v = KernelSelector.create("vector");
        assertEquals("org.rnnlm4j.math.VectorKernels", v.getClass().getName());
        assertTrue(v.name().startsWith("vector("), v.name());
    }

    @Test
    void vectorModeWithoutTheModuleIsOneClearLine() {
        assumeFalse(KernelSelector.vectorModulePresent(), "this JVM has the vector module");
        RnnlmException e = assertThrows(RnnlmException.class, () -> KernelSelector.create("vector"));
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        System.setProperty(KernelSelector.PROPERTY, "vector");
        KernelSelector.reset();
        assertThrows(RnnlmException.class, KernelSelector::get);
    }

    @Test
    void autoFollowsModuleAndVersion() {
        boolean fast = KernelSelector.vectorModulePresent()
                && Runtime.version().feature() >= KernelSelector.MIN_FAST_FEATURE;
        assertEquals(fast, KernelSelector.autoPicksVector());
        Kernels k = KernelSelector.create("auto");
        assertEquals(fast, k.name().startsWith("vector("), k.name());
        assertEquals(k.getClass(), KernelSelector.create(null).getClass());
        assertEquals(k.getClass(), KernelSelector.create("").getClass());
    }

    @Test
    void badModeIsOneClearLine() {
        RnnlmException e = assertThrows(RnnlmException.class, () -> KernelSelector.create("fast"));
        assertTrue(e.getMessage().contains("scalar, vector or auto"), e.getMessage());
        assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void getReadsPropertyOnceAndCaches() {
        System.setProperty(KernelSelector.PROPERTY, "scalar");
        KernelSelector.reset();
        Kernels first = KernelSelector.get();
        assertInstanceOf(ScalarKernels.class, first);
        System.setProperty(KernelSelector.PROPERTY, "nonsense");
        assertSame(first, KernelSelector.get(), "cached until reset");
        KernelSelector.reset();
        assertThrows(RnnlmException.class, KernelSelector::get);
        System.setProperty(KernelSelector.PROPERTY, "auto");
        KernelSelector.reset();
        assertEquals(KernelSelector.create("auto").name(), KernelSelector.get().name());
    }

    @Test
    void threadsSetting() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(3);
            assertEquals(3, Parallel.threads());
            assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
            assertEquals(3, Parallel.threads());
        } finally {
            Parallel.setThreads(saved);
        }
        System.setProperty(Parallel.PROPERTY, "5");
        try {
            assertEquals(5, Parallel.initialThreads());
            System.setProperty(Parallel.PROPERTY, "zero");
            assertThrows(IllegalArgumentException.class, Parallel::initialThreads);
            System.clearProperty(Parallel.PROPERTY);
            assertEquals(Runtime.getRuntime().availableProcessors(), Parallel.initialThreads());
        } finally {
            System.clearProperty(Parallel.PROPERTY);
        }
    }

    @Test
    void parallelRunsEveryPartOnceAndPropagatesErrors() {
        int[] hits = new int[7];
        Parallel.run(7, q -> {
            synchronized (hits) {
                hits[q]++;
            }
        });
        for (int h : hits) {
            assertEquals(1, h);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run(3, q -> {
            if (q == 2) {
                throw new IllegalStateException("part 2 failed");
            }
        }));
        assertEquals("part 2 failed", e.getMessage());
    }

    @Test
    void jvmWithoutVectorModuleRunsScalarAndRefusesVector() throws Exception {
        ProbeResult auto = probe(null);
        assertEquals(0, auto.exit, auto.output);
        assertTrue(auto.output.contains("kernels=scalar"), auto.output);
        assertTrue(auto.output.contains("module=false"), auto.output);
        assertTrue(auto.output.contains("dot=32.0"), auto.output);

        ProbeResult forced = probe("vector");
        assertEquals(2, forced.exit, forced.output);
        assertTrue(forced.output.contains("--add-modules jdk.incubator.vector"), forced.output);
        assertEquals(1, forced.output.strip().lines().count(), forced.output);
    }

    private record ProbeResult(int exit, String output) {
    }

    private static ProbeResult probe(String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (mode != null) {
            cmd.add("-D" + KernelSelector.PROPERTY + "=" + mode);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SelectorProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe JVM timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProbeResult(p.exitValue(), out);
    }
}
