/*
 * ParallelTest: every part runs exactly once (the caller's from the front, the worker's from the
 * back), a part's failure reaches the caller, a background task
 * runs beside the caller's own parallel calls (which never run it nested inside themselves), and
 * join() waits for it and rethrows its failure; a split background task's parts each run once, join()
 * helping with those left.
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private int saved;

    @BeforeEach
    void twoThreads() {
        saved = Parallel.threads();
        Parallel.setThreads(2);
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    @Test
    void everyPartRunsOnce() {
        for (int parts : new int[] {1, 2, 3, 4, 17}) {
            AtomicIntegerArray count = new AtomicIntegerArray(parts);
            for (int rep = 0; rep < 200; rep++) {
                Parallel.run(parts, q -> count.incrementAndGet(q));
            }
            for (int q = 0; q < parts; q++) {
                assertEquals(200, count.get(q), "part " + q + " of " + parts);
            }
        }
    }

    /**
     * The caller claims parts from the front and the worker from the back: the caller's parts are a
     * prefix of the range and the worker's the rest, so consecutive splits of the same range give
     * each thread the same end. Parts take ~20 us, so the worker (which may wake late) gets some.
     */
    @Test
    void theCallerTakesTheFrontAndTheWorkerTheBack() {
        int parts = 40;
        Thread caller = Thread.currentThread();
        int workerRan = 0;
        for (int rep = 0; rep < 20; rep++) {
            AtomicIntegerArray byCaller = new AtomicIntegerArray(parts);
            Parallel.run(parts, q -> {
                byCaller.set(q, Thread.currentThread() == caller ? 1 : 0);
                long end = System.nanoTime() + 20_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            });
            int front = 0;
            while (front < parts && byCaller.get(front) == 1) {
                front++;
            }
            for (int q = front; q < parts; q++) {
                assertEquals(0, byCaller.get(q), "rep " + rep + ": part " + q + " ran on the caller after the worker's part " + front);
            }
            workerRan += parts - front;
        }
        assertTrue(workerRan > 0, "the worker took no part in 20 splits");
        assertTrue(workerRan < 20 * parts, "the caller took no part");
    }

    /** After long work a worker (or a waiting caller) polls for an eighth of it, between 50 us and 2 ms. */
    @Test
    void thePollAfterWorkGrowsWithTheWork() {
        assertEquals(50_000L, Parallel.spinBudget(0));
        assertEquals(50_000L, Parallel.spinBudget(100_000L));
        assertEquals(750_000L, Parallel.spinBudget(6_000_000L));
        assertEquals(2_000_000L, Parallel.spinBudget(1_000_000_000L));
    }

    @Test
    void aFailingPartReachesTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run(4, q -> {
            if (q == 3) {
                throw new IllegalStateException("part 3");
            }
        }));
        assertEquals("part 3", e.getMessage());
        Parallel.run(4, q -> { });   // and the pool still works
    }

    @Test
    void backgroundRunsBesideTheCallersParallelCalls() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        AtomicBoolean firstOnCaller = new AtomicBoolean();
        AtomicBoolean insideRun = new AtomicBoolean();
        AtomicBoolean secondNested = new AtomicBoolean();
        // the first task keeps the only worker busy until the caller's parallel call is over
        Parallel.Pending first = Parallel.background(() -> {
            firstOnCaller.set(Thread.currentThread() == caller);
            started.countDown();
            try {
                assertTrue(release.await(20, TimeUnit.SECONDS), "the caller's parallel call never finished");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(started.await(20, TimeUnit.SECONDS), "no worker took the background task");
        // the second waits in the queue: the caller's run() must not take it up inside itself
        Parallel.Pending second = Parallel.background(() -> secondNested.set(insideRun.get() && Thread.currentThread() == caller));
        AtomicIntegerArray count = new AtomicIntegerArray(8);
        insideRun.set(true);
        Parallel.run(8, q -> count.incrementAndGet(q));
        insideRun.set(false);
        for (int q = 0; q < 8; q++) {
            assertEquals(1, count.get(q));
        }
        release.countDown();
        first.join();
        second.join();
        assertFalse(firstOnCaller.get(), "the background task ran on the caller");
        assertFalse(secondNested.get(), "a background task ran nested inside the caller's parallel call");
    }

    /**
     * backgroundParts: a worker starts on the parts while the caller does something else; join()
     * runs the parts nobody took yet and returns when every part ran exactly once. With one thread
     * all parts run before backgroundParts returns.
     */
    @Test
    void backgroundPartsRunOnceEachAndJoinHelps() throws Exception {
        for (int parts : new int[] {1, 2, 4, 9}) {
            AtomicIntegerArray count = new AtomicIntegerArray(parts);
            for (int rep = 0; rep < 100; rep++) {
                CountDownLatch firstStarted = new CountDownLatch(1);
                Parallel.Pending p = Parallel.backgroundParts(parts, q -> {
                    firstStarted.countDown();
                    count.incrementAndGet(q);
                });
                Parallel.run(3, q -> { });   // the caller's own work meanwhile
                p.join();
                assertTrue(firstStarted.await(0, TimeUnit.SECONDS), "join returned before any part ran");
            }
            for (int q = 0; q < parts; q++) {
                assertEquals(100, count.get(q), "part " + q + " of " + parts);
            }
        }
        Parallel.setThreads(1);
        AtomicIntegerArray inline = new AtomicIntegerArray(3);
        Parallel.backgroundParts(3, inline::incrementAndGet);
        for (int q = 0; q < 3; q++) {
            assertEquals(1, inline.get(q), "with one thread part " + q + " runs before backgroundParts returns");
        }
    }

    @Test
    void joinRethrowsAndOneThreadRunsInline() {
        Parallel.Pending p = Parallel.background(() -> {
            throw new IllegalArgumentException("bg");
        });
        assertEquals("bg", assertThrows(IllegalArgumentException.class, p::join).getMessage());
        Parallel.setThreads(1);
        AtomicBoolean ran = new AtomicBoolean();
        Parallel.background(() -> ran.set(true));
        assertTrue(ran.get(), "with one thread the task runs before background returns");
    }
}
