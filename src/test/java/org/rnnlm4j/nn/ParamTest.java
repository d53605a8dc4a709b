/*
 * ParamTest: the gradient buffer is allocated once, also when two threads ask for it first at the
 * same moment (the parts of a parallel backward each calling sink()). Before the fix each thread
 * could allocate its own array and one part's gradient was lost: SoftmaxOutputBackwardTest failed
 * once in CI with a decoder gradient of zeros.
 */
package org.rnnlm4j.nn;

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
}
