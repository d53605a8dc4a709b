/*
 * TailChunksTest: the owner of a part claims its tail's chunks from the front and other threads from
 * the back, every chunk exactly once; another thread gets nothing from a part not started or
 * finished, and waits while the owner is before the tail.
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class TailChunksTest {

    @Test
    void theOwnerTakesTheFrontAndOthersTheBack() {
        TailChunks tc = new TailChunks();
        tc.reset(2);
        tc.setChunks(0, 5);
        tc.setChunks(1, 3);
        assertEquals(-1, tc.claimBack(1), "part 1 has not started: its owner will run all of it");
        tc.start(0);
        tc.reachTail(0);
        assertEquals(0, tc.claimFront(0));
        assertEquals(4, tc.claimBack(0));
        assertEquals(1, tc.claimFront(0));
        assertEquals(3, tc.claimBack(0));
        assertEquals(2, tc.claimFront(0));
        assertEquals(-1, tc.claimFront(0));
        assertEquals(-1, tc.claimBack(0));
        tc.finish(0);
        assertEquals(-1, tc.claimBack(0));
        // a reset starts over, with more parts than before
        tc.reset(3);
        tc.setChunks(2, 1);
        tc.start(2);
        tc.reachTail(2);
        assertEquals(0, tc.claimBack(2));
        assertEquals(-1, tc.claimFront(2));
    }

    @Test
    void anotherThreadWaitsWhileTheOwnerIsBeforeTheTail() throws Exception {
        TailChunks tc = new TailChunks();
        tc.reset(2);
        tc.setChunks(0, 2);
        tc.start(0);
        CompletableFuture<Integer> thief = CompletableFuture.supplyAsync(() -> tc.claimBack(0));
        Thread.sleep(50);
        assertFalse(thief.isDone(), "took a chunk before its owner reached the tail");
        tc.reachTail(0);
        assertEquals(1, thief.get(20, TimeUnit.SECONDS));

        tc.reset(1);
        tc.setChunks(0, 2);
        tc.start(0);
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> tc.claimBack(0));
        Thread.sleep(20);
        tc.finish(0);   // the owner failed before its tail: the waiting thread gives up
        assertEquals(-1, waiting.get(20, TimeUnit.SECONDS));
    }

    @Test
    void everyChunkIsClaimedOnceUnderContention() throws Exception {
        int chunks = 20_000;
        for (int rep = 0; rep < 5; rep++) {
            TailChunks tc = new TailChunks();
            tc.reset(1);
            tc.setChunks(0, chunks);
            tc.start(0);
            AtomicIntegerArray taken = new AtomicIntegerArray(chunks);
            CompletableFuture<Integer> thief = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                for (int t; (t = tc.claimBack(0)) >= 0; n++) {
                    taken.incrementAndGet(t);
                }
                return n;
            });
            tc.reachTail(0);
            int own = 0;
            for (int t; (t = tc.claimFront(0)) >= 0; own++) {
                taken.incrementAndGet(t);
            }
            tc.finish(0);
            int stolen = thief.get(20, TimeUnit.SECONDS);
            assertEquals(chunks, own + stolen);
            for (int t = 0; t < chunks; t++) {
                assertEquals(1, taken.get(t), "chunk " + t);
            }
        }
    }
}
