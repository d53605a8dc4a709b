/*
 * StepProgress: how many time steps one thread of a pipelined layer pair has finished, for the other
 * thread to wait on.
 *
 * Contract: one writer calls advance(n) with growing n after writing everything those steps
 * produce; a reader's await(n) returns once advance(m >= n) has happened, and then sees all those
 * writes (a volatile write/read pair). abort() makes every present and future await throw, so a
 * failure on the writer's side never leaves the reader waiting. The reader spins briefly (each
 * thread of a pipeline owns a core; the waits are a few microseconds), then yields, then parks in
 * short naps, so a descheduled writer on a busy machine costs the reader little CPU.
 */
package org.rnnlm4j.nn;

import java.util.concurrent.locks.LockSupport;

final class StepProgress {
    private static final int SPINS = 2_000;
    private static final long YIELD_NANOS = 100_000L;
    private static final long NAP_NANOS = 20_000L;

    private volatile int done;
    private volatile boolean aborted;

    /** Steps [0, n) (in the pipeline's order) are finished and their results written. */
    void advance(int n) {
        done = n;
    }

    /** The writer failed: awaits throw from now on. */
    void abort() {
        aborted = true;
    }

    /** Returns once at least n steps are finished; throws if the writer aborted. */
    void await(int n) {
        if (done >= n) {
            return;
        }
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (done >= n) {
                return;
            }
        }
        long yieldUntil = System.nanoTime() + YIELD_NANOS;
        while (done < n) {
            if (aborted) {
                throw new IllegalStateException("the other thread of a pipelined layer pair failed");
            }
            if (System.nanoTime() < yieldUntil) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(NAP_NANOS);
            }
        }
    }
}
