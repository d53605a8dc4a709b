/*
 * PipelinedStackTest: StackedRecurrent's pipelined layer pairs (two threads, chunks of time steps)
 * give bitwise the results of the layer-by-layer order on one thread: outputs, dX, dLoss/dh0 and
 * every weight gradient, for every cell, 2 and 3 layers (a pair plus a lone layer), both
 * directions, B = 1 (gemv path) and B > 1, T of one chunk and of many, both kernel families.
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.nn.RecurrentCase.Spec;
import org.rnnlm4j.testutil.KernelsUnderTest;

class PipelinedStackTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @ParameterizedTest(name = "{0} L={1} reverse={2} T={3} B={4} {5}")
    @CsvSource({
        "lstm,2,false,40,3,vector", "lstm,2,true,40,3,scalar", "lstm,3,false,17,1,vector", "lstm,2,false,1,4,scalar",
        "gru,2,false,33,2,vector", "gru,3,true,9,3,scalar", "gru,2,false,40,1,scalar",
        "rnn_tanh,2,false,40,3,vector", "rnn_relu,4,true,21,2,scalar"})
    void pipelinedPairsGiveTheSerialBits(String cell, int L, boolean reverse, int T, int B, String kernels) {
        Kernels k = KernelsUnderTest.named(kernels);
        Spec s = new Spec(cell, 7, 64, L, false, reverse, true);
        Parallel.setThreads(1);
        float[][] serial = run(s, k, T, B, false);
        Parallel.setThreads(2);
        float[][] pipelined = run(s, k, T, B, true);
        assertEquals(serial.length, pipelined.length);
        for (int i = 0; i < serial.length; i++) {
            assertArrayEquals(serial[i], pipelined[i], cell + " part " + i);
        }
    }

    /**
     * From inside a kernel worker no second worker can take the pair's other half: the pair runs its
     * layers one after the other on that thread (the fallback), with the same bits.
     */
    @org.junit.jupiter.api.Test
    void insideAWorkerThePairRunsOnOneThreadWithTheSameBits() {
        Kernels k = KernelsUnderTest.named("scalar");
        Spec s = new Spec("lstm", 7, 64, 2, false, false, true);
        Parallel.setThreads(1);
        float[][] serial = run(s, k, 20, 3, false);
        Parallel.setThreads(2);
        float[][][] inWorker = new float[1][][];
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Parallel.Pending pending = Parallel.background(() -> {
            started.countDown();
            Map<String, Param> p = RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, 11, 0.5));
            StackedRecurrent st = RecurrentParams.stack(p, "", Cell.of(s.cell()), s.L(), s.reverse(), 0f, null, k);
            inWorker[0] = RecurrentLayerTest.run(s, st, p, 20, 3, 30);
        });
        try {   // let the worker take the task (join would run it here if it had not started)
            org.junit.jupiter.api.Assertions.assertTrue(started.await(30, java.util.concurrent.TimeUnit.SECONDS), "worker started");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        pending.join();
        for (int i = 0; i < serial.length; i++) {
            assertArrayEquals(serial[i], inWorker[0][i], "part " + i);
        }
    }

    private static float[][] run(Spec s, Kernels k, int T, int B, boolean expectPipelined) {
        Map<String, Param> p = RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, 11, 0.5));
        StackedRecurrent st = RecurrentParams.stack(p, "", Cell.of(s.cell()), s.L(), s.reverse(), 0f, null, k);
        float[][] r = RecurrentLayerTest.run(s, st, p, T, B, 30);
        assertEquals(expectPipelined, st.lastForwardPipelined(), "pipelined");
        return r;
    }
}
