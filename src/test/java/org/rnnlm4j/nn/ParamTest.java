/*
 * ParamTest: the gradient buffer is allocated once, also when two threads ask for it first at the
 * same moment (the parts of a parallel backward each calling sink()). Before the fix each thread
 * could allocate its own array and one part's gradient was lost: SoftmaxOutputBackwardTest failed
 * once in CI with a decoder gradient of zeros.
 *
 * Lazy zeroing: after zeroGrad() readers see zeros, and claimZeroSink() grants an overwrite once,
 * only while no one has been handed the sink, and never when the sink is the weights (fused SGD).
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ParamTest {
    @Test
    void twoThreadsAskingFirstGetTheSameGradientBuffer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            for (int rep = 0; rep < 2_000; rep++) {
                Param p = new Param("w", 64, 64);
                Future<float[]> a = pool.submit(() -> {
                    start.await();
                    return p.sink();
                });
                Future<float[]> b = pool.submit(() -> {
                    start.await();
                    return p.grad();
                });
                float[] ga = a.get();
                float[] gb = b.get();
                assertTrue(ga == gb, "repetition " + rep + ": two gradient buffers");
                assertTrue(ga == p.grad(), "repetition " + rep + ": the buffer changed afterwards");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void zeroGradLeavesZerosForWhoeverReadsNext() {
        Param p = new Param("w", 3, 4);
        java.util.Arrays.fill(p.grad(), 2f);
        p.zeroGrad();
        assertArrayEquals(new float[12], p.grad());
        java.util.Arrays.fill(p.sink(), 3f);
        p.zeroGrad();
        assertArrayEquals(new float[12], p.sink());
    }

    @Test
    void anOverwriteIsGrantedOnceAndOnlyBeforeTheSinkIsHandedOut() {
        Param p = new Param("w", 3, 4);
        assertTrue(p.claimZeroSink(), "a gradient not yet allocated is zeros");
        assertFalse(p.claimZeroSink(), "granted twice");
        java.util.Arrays.fill(p.sink(), 2f);
        p.zeroGrad();
        assertTrue(p.claimZeroSink());
        assertFalse(p.claimZeroSink());
        p.zeroGrad();
        p.sink();
        assertFalse(p.claimZeroSink(), "granted after someone was handed the sink");
        p.zeroGrad();
        p.grad();
        assertFalse(p.claimZeroSink(), "granted after someone was handed the gradient");
        p.sinkIntoWeights(0.1f);
        p.zeroGrad();
        assertFalse(p.claimZeroSink(), "granted an overwrite of the weights (fused SGD)");
    }

    /** version() moves for every writer of w (writable(), a fused-SGD sink, changed()) and for no reader. */
    @Test
    void theVersionMovesWhenTheWeightsMayChangeAndOnlyThen() {
        Param p = new Param("w", 3, 4);
        int v = p.version();
        p.grad();
        p.sink();
        p.zeroGrad();
        assertTrue(p.version() == v, "reading the gradient or its sink moved the version");
        p.writable()[0] = 1f;
        assertTrue(p.version() != v, "writable() did not move it");
        v = p.version();
        p.sinkIntoWeights(0.1f);
        p.sink();
        assertTrue(p.version() != v, "a sink that is the weights did not move it");
        v = p.version();
        p.changed();
        assertTrue(p.version() != v, "changed() did not move it");
    }
}
