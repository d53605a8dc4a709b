/*
 * Parallel: a fixed pool of daemon worker threads for splitting one kernel call into parts.
 *
 * Contract: run(parts, task) calls task.run(q) exactly once for each q in [0, parts) and returns
 * when all have finished; part 0 runs on the calling thread, which then helps with any part not yet
 * picked up, so a call never waits for a sleeping worker to wake. Which thread runs a part is not
 * fixed, so a task must give each part its own output (determinism is the caller's partitioning,
 * not this class's). The first exception thrown by a part is rethrown to the caller after all parts
 * end. Calls made from inside a worker run serially (no nested parallelism, no deadlock).
 *
 * threads() is the number of threads a kernel may use, the caller included: system property
 * rnnlm4j.threads, else Runtime.availableProcessors(); setThreads overrides it at run time.
 * Workers are started lazily (threads() - 1 of them), poll briefly after a job (so back-to-back
 * GEMMs do not pay a wake-up each) and then block; the polling loops call Thread.yield(), not
 * onSpinWait(), so on an oversubscribed machine they hand the core to a runnable thread (maybe
 * our own caller) instead of burning it. Not a general executor.
 */
package org.rnnlm4j.math;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

public final class Parallel {
    private Parallel() {
    }

    /** System property naming the thread count. */
    public static final String PROPERTY = "rnnlm4j.threads";

    /** How long an idle worker (or a waiting caller) polls before blocking. */
    private static final long SPIN_NANOS = 50_000L;

    /** One part of a split computation. */
    @FunctionalInterface
    public interface Task {
        void run(int part);
    }

    private static volatile int threads = initialThreads();
    private static final LinkedBlockingQueue<Job> QUEUE = new LinkedBlockingQueue<>();
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

    /** Runs task.run(q) for q in [0, parts); see the class comment. */
    public static void run(int parts, Task task) {
        if (parts <= 1 || IS_WORKER.get()) {
            for (int q = 0; q < parts; q++) {
                task.run(q);
            }
            return;
        }
        ensureWorkers(parts - 1);
        Batch batch = new Batch(task, parts - 1, Thread.currentThread());
        for (int q = 1; q < parts; q++) {
            QUEUE.add(new Job(batch, q));
        }
        try {
            task.run(0);
        } catch (Throwable t) {
            batch.fail(t);
        }
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (batch.remaining.get() > 0) {
            Job j = QUEUE.poll();
            if (j != null) {
                j.execute();
            } else if (System.nanoTime() < spinUntil) {
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
            Thread t = new Thread(Parallel::workerLoop, "rnnlm4j-kernel-" + WORKERS.size());
            t.setDaemon(true);
            WORKERS.add(t);
            t.start();
        }
    }

    private static void workerLoop() {
        IS_WORKER.set(Boolean.TRUE);
        for (;;) {
            Job j = QUEUE.poll();
            if (j == null) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while ((j = QUEUE.poll()) == null && System.nanoTime() < spinUntil) {
                    Thread.yield();
                }
            }
            try {
                if (j == null) {
                    j = QUEUE.poll(1, TimeUnit.DAYS);
                    if (j == null) {
                        continue;
                    }
                }
            } catch (InterruptedException e) {
                continue; // a daemon worker is never meant to stop
            }
            j.execute();
        }
    }

    private static final class Batch {
        final Task task;
        final AtomicInteger remaining;
        final Thread owner;
        volatile Throwable error;

        Batch(Task task, int jobs, Thread owner) {
            this.task = task;
            this.remaining = new AtomicInteger(jobs);
            this.owner = owner;
        }

        synchronized void fail(Throwable t) {
            if (error == null) {
                error = t;
            }
        }
    }

    private static final class Job {
        final Batch batch;
        final int part;

        Job(Batch batch, int part) {
            this.batch = batch;
            this.part = part;
        }

        void execute() {
            try {
                batch.task.run(part);
            } catch (Throwable t) {
                batch.fail(t);
            } finally {
                if (batch.remaining.decrementAndGet() == 0) {
                    LockSupport.unpark(batch.owner);
                }
            }
        }
    }
}
