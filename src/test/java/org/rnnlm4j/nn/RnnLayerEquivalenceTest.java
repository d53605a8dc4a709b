/*
 * RecurrentLayer + RnnCell is the existing vanilla RnnLayer (full BPTT) in other clothes, so RnnLayer
 * can be retired: same outputs, final state, dX, dLoss/dh0 and parameter gradients — bit for bit
 * without biases (the very same float operations), to float rounding with them (the biases are added
 * in another order) — for tanh and relu, B = 1 (the GEMV paths) and B > 1, both kernel sets.
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.testutil.KernelsUnderTest;

class RnnLayerEquivalenceTest {

    static Param param(String name, long seed, int... shape) {
        return new Param(name, RecurrentLayerTest.random(Param.size(shape), seed), shape);
    }

    static Param copy(Param p) {
        return p == null ? null : new Param(p.name, p.w.clone(), p.shape);
    }

    @ParameterizedTest(name = "{0} bias={1} B={2} {3}")
    @CsvSource({"tanh,false,3,scalar", "tanh,false,1,scalar", "relu,false,3,vector", "relu,false,1,vector",
        "tanh,true,3,scalar", "relu,true,1,scalar", "tanh,true,3,vector", "relu,true,4,vector"})
    void sameOutputsAndGradients(String act, boolean bias, int B, String kernels) {
        int T = 7, E = 5, H = 6;
        Kernels k = KernelsUnderTest.named(kernels);
        Param wIh = param("w_ih", 1, H, E);
        Param wHh = param("w_hh", 2, H, H);
        Param bIh = bias ? param("b_ih", 3, H) : null;
        Param bHh = bias ? param("b_hh", 4, H) : null;
        Activation a = Activation.parse(act);
        RnnLayer old = new RnnLayer(wIh, wHh, bIh, bHh, a, k);
        Param wIh2 = copy(wIh), wHh2 = copy(wHh), bIh2 = copy(bIh), bHh2 = copy(bHh);
        RecurrentLayer neu = new RecurrentLayer(new RnnCell(a), wIh2, wHh2, bIh2, bHh2, false, k);
        float[] x = RecurrentLayerTest.random(T * B * E, 5);
        float[] h0 = RecurrentLayerTest.random(B * H, 6);
        float[] dOut = RecurrentLayerTest.random(T * B * H, 7);
        float[] dhLast = RecurrentLayerTest.random(B * H, 8);

        float[] o1 = old.forward(x, 0, T, B, h0);
        float[] o2 = neu.forward(x, 0, T, B, h0, null);
        float[] out1 = Arrays.copyOfRange(o1, old.outputOffset(), old.outputOffset() + T * B * H);
        float[] out2 = Arrays.copyOfRange(o2, neu.outputOffset(), neu.outputOffset() + T * B * H);
        float[] hN1 = new float[B * H];
        float[] hN2 = new float[B * H];
        old.finalState(hN1, 0);
        neu.finalState(hN2, null);
        float[] dx1 = Arrays.copyOf(old.backward(dOut, dhLast, 0), T * B * E);
        float[] dx2 = Arrays.copyOf(neu.backward(dOut, dhLast, null), T * B * E);
        float[] dh01 = Arrays.copyOf(old.initialStateGrad(), B * H);
        float[] dh02 = Arrays.copyOf(neu.initialStateGrad(), B * H);
        String what = act + " bias=" + bias + " B=" + B + " " + kernels;
        if (!bias) {
            assertArrayEquals(out1, out2, what + " outputs");
            assertArrayEquals(hN1, hN2, what + " h_n");
            assertArrayEquals(dx1, dx2, what + " dx");
            assertArrayEquals(dh01, dh02, what + " dh0");
            assertArrayEquals(wIh.grad(), wIh2.grad(), what + " dW_ih");
            assertArrayEquals(wHh.grad(), wHh2.grad(), what + " dW_hh");
        } else {
            Compare.close(what + " outputs", out1, out2, 1e-5, 1e-6);
            Compare.close(what + " h_n", hN1, hN2, 1e-5, 1e-6);
            Compare.close(what + " dx", dx1, dx2, 1e-5, 1e-6);
            Compare.close(what + " dh0", dh01, dh02, 1e-5, 1e-6);
            Compare.close(what + " dW_ih", wIh.grad(), wIh2.grad(), 1e-5, 1e-6);
            Compare.close(what + " dW_hh", wHh.grad(), wHh2.grad(), 1e-5, 1e-6);
            Compare.close(what + " db_ih", bIh.grad(), bIh2.grad(), 1e-5, 1e-6);
            Compare.close(what + " db_hh", bHh.grad(), bHh2.grad(), 1e-5, 1e-6);
        }
    }
}
