/*
 * EvalChunksTest: chunks of T over one stream cover ids 1..N-1 as targets exactly once, in order,
 * with the last chunk short and padded with -1 targets.
 */
package org.rnnlm4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class EvalChunksTest {

    @Test
    void chunksLikeTheBenchStreamEval() {
        // ids 10..17 (N=8): n=7 predictions; T=3 -> chunks x [10,11,12] [13,14,15] [16], y shifted by one
        EvalChunks c = new EvalChunks(TokenStream.ofIds(10, 11, 12, 13, 14, 15, 16, 17), 3);
        assertEquals(7, c.predictions());
        assertEquals(3, c.chunks());
        assertTrue(c.next());
        assertTrue(c.isFirst());
        assertArrayEquals(new int[] {10, 11, 12}, c.inputs());
        assertArrayEquals(new int[] {11, 12, 13}, c.targets());
        assertTrue(c.next());
        assertFalse(c.isFirst());
        assertArrayEquals(new int[] {14, 15, 16}, c.targets());
        assertTrue(c.next());
        assertEquals(1, c.length());
        assertArrayEquals(new int[] {16, 0, 0}, c.inputs());
        assertArrayEquals(new int[] {17, -1, -1}, c.targets());
        assertFalse(c.next());
        assertEquals(0, c.length());
        c.reset();
        assertTrue(c.next());
        assertArrayEquals(new int[] {11, 12, 13}, c.targets());
    }

    @Test
    void everyIdButTheFirstIsATargetOnceForAnyChunkLength() {
        int[] ids = new int[101];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        for (int t : new int[] {1, 7, 35, 100, 101, 1024}) {
            EvalChunks c = new EvalChunks(TokenStream.ofIds(ids), t);
            int expected = 1;
            int chunks = 0;
            while (c.next()) {
                chunks++;
                for (int i = 0; i < c.length(); i++) {
                    assertEquals(expected - 1, c.inputs()[i]);
                    assertEquals(expected++, c.targets()[i]);
                }
            }
            assertEquals(101, expected, "T=" + t);
            assertEquals(c.chunks(), chunks, "T=" + t);
        }
    }

    @Test
    void rejectsStreamsWithoutAPrediction() {
        assertThrows(RnnlmException.class, () -> new EvalChunks(TokenStream.ofIds(3), 5));
        assertThrows(RnnlmException.class, () -> new EvalChunks(TokenStream.ofIds(3, 4), 0));
    }
}
