/*
 * GemmBenchmark.warmUp: the minimum (time and 5 calls) always, then windows while the JIT compiles,
 * stopping at the first window without compilation or at the cap. The compilation clock is faked.
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GemmBenchmarkWarmUpTest {

    @Test
    void runsTheMinimumAndNoWindowsWithoutACompilationClock() {
        AtomicInteger calls = new AtomicInteger();
        long t0 = System.nanoTime();
        int windows = GemmBenchmark.warmUp(calls::incrementAndGet, 0.05, null, 0.01, 5);
        assertEquals(0, windows);
        assertTrue(System.nanoTime() - t0 >= 50_000_000L);
        assertTrue(calls.get() >= 5);
    }

    @Test
    void goesOnWhileTheCompilersWorkAndStopsAtTheFirstIdleWindow() {
        // the fake JIT compiles during the first 120 calls after the minimum's
        AtomicInteger calls = new AtomicInteger();
        AtomicLong compileMillis = new AtomicLong();
        Runnable op = () -> {
            int c = calls.incrementAndGet();
            if (c > 5 && c <= 125) {
                compileMillis.incrementAndGet();
            }
            sleepMillis(1);
        };
        int windows = GemmBenchmark.warmUp(op, 0, compileMillis::get, 0.02, 60);
        assertTrue(windows >= 2, "windows " + windows);
        assertTrue(calls.get() > 125, "calls " + calls.get());
        // it stopped soon after the compiling did: within two more windows of about 20 calls each
        assertTrue(calls.get() < 125 + 3 * 25, "calls " + calls.get());
    }

    @Test
    void stopsAtTheCapWhenTheCompilersNeverRest() {
        AtomicLong compileMillis = new AtomicLong();
        long t0 = System.nanoTime();
        GemmBenchmark.warmUp(compileMillis::incrementAndGet, 0, compileMillis::get, 0.01, 0.1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds >= 0.1 && seconds < 10, "seconds " + seconds);
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
