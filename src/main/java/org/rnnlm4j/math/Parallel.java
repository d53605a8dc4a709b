/*
 * Parallel: a fixed pool of daemon worker threads for splitting one kernel call into parts.
 *
 * Contract: run(parts, task) calls task.run(q) exactly once for each q in [0, parts) and returns
 * when all have finished; the calling thread claims parts of its own call until none is left (it
 * never runs another call's parts, so a kernel is never re-entered on one thread), so a call never
 * waits for a sleeping worker to wake. The caller claims from the front (0, 1, ...), workers from
 * the back: a thread keeps the same end of a range from one split to the next, and the data it
 * wrote in one call is still in its cache for the next (the tutorial's logits, dS and decoder
 * update split the vocabulary in turn: median step 0.5244 -> 0.5194 ms over 12 alternating pairs). Which thread runs a part is not
 * fixed, so a task must give each part its own output (determinism is the caller's partitioning,
 * not this class's). The first exception thrown by a part is rethrown to the caller after all parts
 * end. Calls made from inside a worker run serially (no nested parallelism, no deadlock).
 *
 * threads() is the number of threads a kernel may use, the caller included: system property
 * rnnlm4j.threads, else Runtime.availableProcessors(); setThreads overrides it at run time.
 * Workers are started lazily (threads() - 1 of them), poll after a job (so back-to-back GEMMs do
 * not pay a wake-up each; for an eighth of the job's time, 50 us to 2 ms: spinBudget) and then
 * block. The first FAST_SPIN_NANOS of a poll (and of a
 * caller's wait) spin on onSpinWait(): a split one helper can take is then handed over through a
 * single slot (OFFER) that a spinning worker sees within a fraction of a microsecond, where the
 * queue and yields took 1-5 us (a sampled character is two such splits of about 10 us each). The
 * rest of the poll calls Thread.yield(), so on an oversubscribed machine it hands the core to a
 * runnable thread (maybe our own caller) instead of burning it. background(task) hands one task to a worker while the
 * caller goes on with other work (two different computations at once); join() waits;
 * backgroundParts(parts, task) does the same for a split task, whose leftover parts join() runs.
 * Not a general executor.
 */
package org.rnnlm4j.math;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

public final class Parallel {
    private Parallel() {
    }

    /** System property naming the thread count. */
    public static final String PROPERTY = "rnnlm4j.threads";

    /** How long an idle worker (or a waiting caller) polls before blocking, at least. */
    private static final long SPIN_NANOS = 50_000L;
    /** How long, at most: after long work, the poll lasts an eighth of that work (spinBudget). */
    private static final long MAX_SPIN_NANOS = 2_000_000L;
    /** The first part of a poll, which spins (onSpinWait) instead of yielding. */
    private static final long FAST_SPIN_NANOS = 10_000L;

    /** One part of a split computation. */
    @FunctionalInterface
    public interface Task {
        void run(int part);
    }

    private static volatile int threads = initialThreads();
    /** Calls with parts left to claim; a call is queued once per worker it may use. */
    private static final LinkedBlockingQueue<Batch> QUEUE = new LinkedBlockingQueue<>();
    /** A call offered to whichever spinning worker takes it first (calls that need one helper). */
    private static final AtomicReference<Batch> OFFER = new AtomicReference<>();
    /** Workers polling right now (they look at OFFER; a blocked one only wakes for the queue). */
    private static final AtomicInteger SPINNING = new AtomicInteger();
    private static final List<Thread> WORKERS = new ArrayList<>();
    private static final ThreadLocal<Boolean> IS_WORKER = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** Threads a kernel may use, the calling thread included; at least 1. */
    public static int threads() {
        return threads;
    }

    /** Sets threads(); n >= 1. Takes effect for calls that start afterwards. */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + n);
        }
        threads = n;
    }

    static int initialThreads() {
        String v = System.getProperty(PROPERTY);
        int procs = Math.max(1, Runtime.getRuntime().availableProcessors());
        if (v == null || v.isBlank()) {
            return procs;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(
                "system property " + PROPERTY + " must be a positive integer, got '" + v + "'");
    }

    /** Below this many elements of work a row-wise (memory-bound) loop stays on the calling thread. */
    public static final long MIN_ELEMENTWISE_WORK = 16_384;

    /**
     * Parts for splitting `units` independent units (rows, column blocks) holding `work` elements in
     * all: 1 when the work is small or there is one thread, else up to two per thread.
     */
    public static int partsFor(int units, long work) {
        int t = threads;
        if (t <= 1 || work < MIN_ELEMENTWISE_WORK || units <= 1) {
            return 1;
        }
        return Math.min(2 * t, units);
    }

    /** Runs task.run(q) for q in [0, parts); see the class comment. */
    public static void run(int parts, Task task) {
        if (parts <= 1 || IS_WORKER.get()) {
            for (int q = 0; q < parts; q++) {
                task.run(q);
            }
            return;
        }
        int helpers = Math.min(parts, threads) - 1;
        Batch batch = new Batch(task, parts, Thread.currentThread());
        boolean offered = false;
        if (helpers > 0) {
            ensureWorkers(helpers);
            offered = helpers == 1 && SPINNING.get() > 0 && OFFER.compareAndSet(null, batch);
            if (!offered) {
                for (int h = 0; h < helpers; h++) {
                    QUEUE.add(batch);
                }
            }
        }
        long start = System.nanoTime();
        batch.work();
        if (offered) {
            OFFER.compareAndSet(batch, null);   // not taken: every part ran here
        }
        await(batch, spinBudget(System.nanoTime() - start));
    }

    /**
     * How long to poll after work that took workNanos: an eighth of it, within [SPIN_NANOS,
     * MAX_SPIN_NANOS]. Between long calls back to back (a 1024^3 GEMM: ~6 ms, its two parts ending
     * 0.1-0.3 ms apart) a 50 us poll let the caller park before the worker's part ended and the
     * worker block before the next call came, and each wake-up cost tens of microseconds on both
     * sides; polling longer after longer work costs at most an eighth more CPU time, and the
     * yielding part of the poll gives the core away to any runnable thread.
     */
    static long spinBudget(long workNanos) {
        return Math.max(SPIN_NANOS, Math.min(MAX_SPIN_NANOS, workNanos / 8));
    }

    /** A task started by background(); join() on the starting thread waits for it. */
    public static final class Pending {
        private final Batch batch;   // null: already ran inline

        private Pending(Batch batch) {
            this.batch = batch;
        }

        /**
         * Returns when the task has finished, rethrowing what it threw; runs it here if no worker
         * has started it yet. Call from the thread that started it.
         */
        public void join() {
            if (batch != null) {
                batch.work();
                await(batch, SPIN_NANOS);
            }
        }

        /**
         * Runs here the parts no worker has started yet and returns without waiting for the ones
         * in progress (join() still has to follow). Call from the thread that started it.
         */
        public void help() {
            if (batch != null) {
                batch.work();
            }
        }
    }

    /**
     * Starts task on a worker and returns at once, so the caller can do other work meanwhile; with
     * one thread, or from inside a worker, the task runs here before this returns. Kernel calls
     * inside the task run on that worker alone; the caller's own parallel calls meanwhile find the
     * worker busy and run their parts themselves, so two threads work on two things at once. The
     * task and the caller must not write the same memory before join().
     */
    public static Pending background(Runnable task) {
        return backgroundParts(1, q -> task.run());
    }

    /**
     * As background, for a split computation: the workers start on task.run(q), q in [0, parts), and
     * the caller goes on with other work; join() then claims the parts not yet taken and waits for
     * the rest. With one thread, or from inside a worker, every part runs here before this returns.
     */
    public static Pending backgroundParts(int parts, Task task) {
        if (threads <= 1 || IS_WORKER.get()) {
            for (int q = 0; q < parts; q++) {
                task.run(q);
            }
            return new Pending(null);
        }
        int helpers = Math.max(1, Math.min(parts, threads - 1));
        ensureWorkers(helpers);
        Batch batch = new Batch(task, parts, Thread.currentThread());
        for (int h = 0; h < helpers; h++) {
            QUEUE.add(batch);
        }
        return new Pending(batch);
    }

    /**
     * As background(task), but never runs the task here: returns null instead when no worker can
     * take it (one thread, or called from inside a worker). For a task that waits on the caller's
     * progress, which would never come if it ran inline first.
     */
    public static Pending tryBackground(Runnable task) {
        if (threads <= 1 || IS_WORKER.get()) {
            return null;
        }
        return background(task);
    }

    /** Waits until every part of batch has finished, polling for up to spinNanos first; rethrows the first failure. */
    private static void await(Batch batch, long spinNanos) {
        long start = System.nanoTime();
        while (batch.done.get() < batch.parts) {
            long waited = System.nanoTime() - start;
            if (waited < FAST_SPIN_NANOS) {
                Thread.onSpinWait();
            } else if (waited < spinNanos) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(batch, 100_000L);
            }
        }
        Throwable err = batch.error;
        if (err instanceof RuntimeException re) {
            throw re;
        }
        if (err instanceof Error e) {
            throw e;
        }
        if (err != null) {
            throw new IllegalStateException(err);
        }
    }

    private static synchronized void ensureWorkers(int n) {
        while (WORKERS.size() < n) {
            int index = WORKERS.size();
            Thread t = new Thread(() -> workerLoop(index), "rnnlm4j-kernel-" + index);
            t.setDaemon(true);
            WORKERS.add(t);
            t.start();
        }
    }

    /**
     * Worker `index` takes calls while index < threads() - 1: never more workers than threads - 1
     * run, so a split into more parts than threads is shared out by taking turns, not by more
     * threads than cores (workers made surplus by setThreads idle in 10 ms sleeps).
     */
    private static void workerLoop(int index) {
        IS_WORKER.set(Boolean.TRUE);
        long lastWork = 0;   // how long the last batch took, 0 once a poll after it ran out
        for (;;) {
            if (index >= threads - 1) {
                LockSupport.parkNanos(10_000_000L);
                continue;
            }
            Batch b = QUEUE.poll();
            if (b == null) {
                b = poll(spinBudget(lastWork));
                lastWork = 0;
            }
            try {
                if (b == null) {
                    b = QUEUE.poll(10, TimeUnit.MILLISECONDS);
                    if (b == null) {
                        continue;
                    }
                }
            } catch (InterruptedException e) {
                continue; // a daemon worker is never meant to stop
            }
            long start = System.nanoTime();
            b.work();
            lastWork = System.nanoTime() - start;
        }
    }

    /** Polls OFFER and the queue for up to spinNanos, spinning first, then yielding; null if nothing came. */
    private static Batch poll(long spinNanos) {
        SPINNING.incrementAndGet();
        try {
            long start = System.nanoTime();
            for (;;) {
                Batch b = OFFER.get();
                if (b != null && OFFER.compareAndSet(b, null)) {
                    return b;
                }
                b = QUEUE.poll();
                if (b != null) {
                    return b;
                }
                long waited = System.nanoTime() - start;
                if (waited >= spinNanos) {
                    return null;
                }
                if (waited < FAST_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        } finally {
            SPINNING.decrementAndGet();
        }
    }

    /**
     * One call: the owner claims parts from the front (0, 1, ...), workers from the back (parts-1,
     * parts-2, ...), until they meet. A split over contiguous ranges (rows, columns, vocabulary
     * chunks) then gives each thread the same end of the range in consecutive calls, so data one
     * call wrote is mostly still in that thread's cache for the next; whoever finishes early takes
     * the other's remaining parts.
     */
    private static final class Batch {
        final Task task;
        final int parts;
        /** Parts claimed from the front (low 32 bits) and from the back (high 32 bits). */
        final AtomicLong claimed = new AtomicLong();
        final AtomicInteger done = new AtomicInteger();
        final Thread owner;
        volatile Throwable error;

        Batch(Task task, int parts, Thread owner) {
            this.task = task;
            this.parts = parts;
            this.owner = owner;
        }

        /** Claims and runs parts until none is left. */
        void work() {
            boolean fromBack = Thread.currentThread() != owner;
            int q;
            while ((q = claim(fromBack)) >= 0) {
                try {
                    task.run(q);
                } catch (Throwable t) {
                    fail(t);
                } finally {
                    if (done.incrementAndGet() == parts) {
                        LockSupport.unpark(owner);
                    }
                }
            }
        }

        /** The next unclaimed part from the front or the back, or -1 when every part is claimed. */
        int claim(boolean fromBack) {
            for (;;) {
                long c = claimed.get();
                int front = (int) c;
                int back = (int) (c >>> 32);
                if (front + back >= parts) {
                    return -1;
                }
                if (claimed.compareAndSet(c, fromBack ? c + (1L << 32) : c + 1)) {
                    return fromBack ? parts - 1 - back : front;
                }
            }
        }

        synchronized void fail(Throwable t) {
            if (error == null) {
                error = t;
            }
        }
    }
}
