/*
 * StreamBatcherTest: the B x L view and T-windows on a stream whose ids are their own positions,
 * wrapping between passes, buffer reuse, exact resume, and the error for a stream too short.
 */
package org.rnnlm4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class StreamBatcherTest {

    static TokenStream positions(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return TokenStream.ofIds(ids);
    }

    @Test
    void windowsOfTheViewTimeMajor() {
        // N=23, B=3 -> L=7, streams [0..6] [7..13] [14..20], ids 21 and 22 unused; T=3 -> W=(7-1)/3=2
        StreamBatcher s = new StreamBatcher(positions(23), 3, 3);
        assertEquals(7, s.streamLength());
        assertEquals(2, s.windowsPerPass());
        assertEquals(18, s.tokensPerPass());
        s.next();
        assertArrayEquals(new int[] {0, 7, 14, 1, 8, 15, 2, 9, 16}, s.inputs());
        assertArrayEquals(new int[] {1, 8, 15, 2, 9, 16, 3, 10, 17}, s.targets());
        assertTrue(s.startsNewPass());
        assertEquals(0, s.pass());
        int[] inputs = s.inputs();
        s.next();
        assertArrayEquals(new int[] {3, 10, 17, 4, 11, 18, 5, 12, 19}, s.inputs());
        assertArrayEquals(new int[] {4, 11, 18, 5, 12, 19, 6, 13, 20}, s.targets());
        assertFalse(s.startsNewPass());
        assertEquals(1, s.window());
        assertSame(inputs, s.inputs(), "buffers are reused");
        s.next(); // wraps: the remainder (none here beyond column 6) is dropped, window 0 again
        assertArrayEquals(new int[] {0, 7, 14, 1, 8, 15, 2, 9, 16}, s.inputs());
        assertTrue(s.startsNewPass());
        assertEquals(1, s.pass());
        assertEquals(3, s.position());
    }

    @Test
    void remainderColumnsAreDropped() {
        // N=20, B=2 -> L=10; T=4 -> W=(10-1)/4=2 windows use columns 0..8 as inputs, target column 8 at most
        StreamBatcher s = new StreamBatcher(positions(20), 2, 4);
        assertEquals(2, s.windowsPerPass());
        s.next();
        s.next();
        assertArrayEquals(new int[] {4, 14, 5, 15, 6, 16, 7, 17}, s.inputs());
        assertArrayEquals(new int[] {5, 15, 6, 16, 7, 17, 8, 18}, s.targets());
    }

    @Test
    void matchesTheViewDefinitionOnRandomShapes() {
        Random r = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            int b = 1 + r.nextInt(7);
            int t = 1 + r.nextInt(9);
            int n = b * (t + 1) + r.nextInt(200);
            int[] ids = r.ints(n, 0, 50).toArray();
            StreamBatcher s = new StreamBatcher(TokenStream.ofIds(ids), b, t);
            int l = n / b;
            int w = (l - 1) / t;
            assertEquals(w, s.windowsPerPass());
            for (int step = 0; step < 2 * w + 1; step++) {
                s.next();
                int j = step % w;
                for (int tt = 0; tt < t; tt++) {
                    for (int bb = 0; bb < b; bb++) {
                        assertEquals(ids[bb * l + j * t + tt], s.inputs()[tt * b + bb]);
                        assertEquals(ids[bb * l + j * t + tt + 1], s.targets()[tt * b + bb]);
                    }
                }
                assertEquals(j == 0, s.startsNewPass());
            }
        }
    }

    @Test
    void seekToASavedPositionContinuesExactly() {
        StreamBatcher a = new StreamBatcher(positions(1000), 4, 5); // L=250, W=49
        for (int i = 0; i < 60; i++) {
            a.next();
        }
        long saved = a.position();
        assertEquals(60, saved);
        List<int[]> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            a.next();
            expected.add(a.targets().clone());
        }
        StreamBatcher b = new StreamBatcher(positions(1000), 4, 5);
        b.seek(saved);
        assertThrows(IllegalStateException.class, b::startsNewPass);
        for (int[] e : expected) {
            b.next();
            assertArrayEquals(e, b.targets());
        }
        assertEquals(a.position(), b.position());
        assertEquals(1, b.pass());
        assertThrows(RnnlmException.class, () -> b.seek(-1));
    }

    @Test
    void aStreamTooShortForOneWindowIsAOneLineError() {
        RnnlmException e = assertThrows(RnnlmException.class, () -> new StreamBatcher(positions(10), 3, 3));
        assertEquals("a training stream of 10 tokens cut into B=3 streams gives 3 tokens per stream, fewer than T+1=4 "
                + "for one window: use a smaller batch size or sequence length, or more text", e.getMessage());
        assertEquals(1, new StreamBatcher(positions(12), 3, 3).windowsPerPass()); // L=4: exactly one window
        assertThrows(RnnlmException.class, () -> new StreamBatcher(positions(2), 3, 1)); // L=0
        assertThrows(RnnlmException.class, () -> new StreamBatcher(positions(20), 0, 3));
    }
}
