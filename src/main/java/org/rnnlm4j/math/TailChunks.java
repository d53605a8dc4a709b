/*
 * TailChunks: who runs which chunk of the tail of a split computation, when each part has a
 * tail that other threads may take over once its owner has reached it.
 *
 * Contract: a call has `parts` parts (reset); part q's tail has setChunks(q) chunks. The owner of
 * part q calls start(q) when it begins the part, reachTail(q) when everything before its tail is
 * done, then claims its chunks from the
 * front (claimFront) until none is left, then finish(q) (also after a failure). Any other thread
 * may call claimBack(q), which waits while part q's owner is still before its tail and returns a
 * chunk from the back, or -1 when the part has not started (its owner will do it all), is finished,
 * or has no chunk left. Every chunk is claimed exactly once. Which thread runs a chunk is not
 * fixed, so a chunk's result must not depend on its thread. Reused from call to call (reset) by
 * the thread that starts the call: no allocation per call once grown.
 */
package org.rnnlm4j.math;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

final class TailChunks {
    private static final int NOT_STARTED = 0;
    private static final int BEFORE_TAIL = 1;
    private static final int IN_TAIL = 2;
    private static final int FINISHED = 3;

    private AtomicIntegerArray state = new AtomicIntegerArray(0);
    /** Per part: chunks claimed from the front (low 32 bits) and from the back (high 32 bits). */
    private AtomicLongArray claimed = new AtomicLongArray(0);
    private int[] chunks = new int[0];

    /** Starts a call of `parts` parts; set every part's chunk count with setChunks before running. */
    void reset(int parts) {
        if (chunks.length < parts) {
            state = new AtomicIntegerArray(parts);
            claimed = new AtomicLongArray(parts);
            chunks = new int[parts];
        }
        for (int q = 0; q < parts; q++) {
            state.set(q, NOT_STARTED);
            claimed.set(q, 0L);
        }
    }

    void setChunks(int q, int count) {
        chunks[q] = count;
    }

    /** The owner has started part q (before its tail). */
    void start(int q) {
        state.set(q, BEFORE_TAIL);
    }

    /** The owner of part q has finished everything before the tail: its chunks may be taken. */
    void reachTail(int q) {
        state.set(q, IN_TAIL);
    }

    /** The owner of part q claims no more chunks (all claimed, or it failed). */
    void finish(int q) {
        state.set(q, FINISHED);
    }

    /** The owner's next chunk of part q, from the front; -1 when all are claimed. */
    int claimFront(int q) {
        return claim(q, false);
    }

    /**
     * A chunk of part q for another thread, from the back: waits (spinning) while the owner is
     * before the tail; -1 when the part has not started, is finished, or has no chunk left.
     */
    int claimBack(int q) {
        for (;;) {
            int st = state.get(q);
            if (st == IN_TAIL) {
                return claim(q, true);
            }
            if (st != BEFORE_TAIL) {
                return -1;
            }
            Thread.onSpinWait();
        }
    }

    private int claim(int q, boolean fromBack) {
        int count = chunks[q];
        for (;;) {
            long c = claimed.get(q);
            int front = (int) c;
            int back = (int) (c >>> 32);
            if (front + back >= count) {
                return -1;
            }
            if (claimed.compareAndSet(q, c, fromBack ? c + (1L << 32) : c + 1)) {
                return fromBack ? count - 1 - back : front;
            }
        }
    }
}
