/*
 * Dropout between recurrent layers: the mask is 0 or 1/(1-p) at about the rate p, reproducible from
 * the seed, and backward multiplies by the same mask. Wired into StackedRecurrent it equals the same
 * layers and masks composed by hand, bit for bit; in eval mode both networks equal their dropout-free
 * selves; BidirectionalRecurrent's gradients with dropout pass a directional finite-difference check
 * (fixed masks: the RNG reseeded for every evaluation).
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.nn.RecurrentCase.Spec;

class DropoutTest {
    final Kernels k = new ScalarKernels();

    @Test
    void maskIsZeroOrScaledAtRateP() {
        int n = 20000;
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        Dropout d = new Dropout(0.3f, new NumpyRandom(1));
        float[] y = d.forward(ones, 0, n).clone();
        int zeros = 0;
        for (float v : y) {
            assertTrue(v == 0f || v == 1f / 0.7f, "value " + v);
            zeros += v == 0f ? 1 : 0;
        }
        assertTrue(Math.abs(zeros / (double) n - 0.3) < 0.015, "dropped " + zeros);
        assertArrayEquals(y, new Dropout(0.3f, new NumpyRandom(1)).forward(ones, 0, n), "reproducible from the seed");
        float[] g = new float[n];
        Arrays.fill(g, 2f);
        d.backward(g, 0, n);
        for (int i = 0; i < n; i++) {
            assertTrue(g[i] == 2f * y[i]);
        }
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1f, new NumpyRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1f, new NumpyRandom(1)));
        assertThrows(IllegalStateException.class, () -> d.backward(g, 0, n - 1));
    }

    static Map<String, Param> params(Spec s) {
        return RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, 41, 0.5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm"})
    void stackedDropoutEqualsHandComposition(String cell) {
        Spec s = new Spec(cell, 4, 5, 3, false, false, true);
        int T = 5, B = 2, n = T * B * s.H();
        float[] x = RecurrentLayerTest.random(T * B * s.E(), 1);
        float[] dOut = RecurrentLayerTest.random(n, 2);
        Map<String, Param> p1 = params(s);
        StackedRecurrent st = RecurrentParams.stack(p1, "", Cell.of(cell), 3, false, 0.4f, new NumpyRandom(7), k);
        float[] o = st.forward(x, 0, T, B, null, null);
        float[] out1 = Arrays.copyOfRange(o, st.outputOffset(), st.outputOffset() + n);
        float[] dx1 = st.backward(dOut, 0, null, null).clone();

        Map<String, Param> p2 = params(s);
        NumpyRandom rng = new NumpyRandom(7);
        RecurrentLayer[] l = new RecurrentLayer[3];
        Dropout[] d = {new Dropout(0.4f, rng), new Dropout(0.4f, rng)};
        float[] in = x;
        int inOff = 0;
        for (int i = 0; i < 3; i++) {
            l[i] = RecurrentParams.layer(p2, "", Cell.of(cell), i, false, k);
            float[] y = l[i].forward(in, inOff, T, B, null, null);
            if (i < 2) {
                in = d[i].forward(y, l[i].outputOffset(), n);
                inOff = 0;
            } else {
                assertArrayEquals(Arrays.copyOfRange(y, l[i].outputOffset(), l[i].outputOffset() + n), out1, "outputs");
            }
        }
        float[] g = dOut;
        for (int i = 2; i >= 0; i--) {
            g = l[i].backward(g, null, null);
            if (i > 0) {
                d[i - 1].backward(g, 0, n);
            }
        }
        assertArrayEquals(Arrays.copyOf(g, x.length), Arrays.copyOf(dx1, x.length), "dx");
        for (String name : p1.keySet()) {
            assertArrayEquals(p2.get(name).grad(), p1.get(name).grad(), name);
        }
        long dropped = 0;
        for (float m : Arrays.copyOf(st.dropout(0).mask(), n)) {
            dropped += m == 0f ? 1 : 0;
        }
        assertTrue(dropped > 0 && dropped < n, "the mask drops some but not all");
    }

    @Test
    void evalModeIsTheDropoutFreeNetwork() {
        Spec s = new Spec("lstm", 4, 5, 2, true, false, true);
        int T = 4, B = 3, n = T * B * 2 * s.H();
        float[] x = RecurrentLayerTest.random(T * B * s.E(), 3);
        BidirectionalRecurrent plain = RecurrentParams.bidirectional(params(s), "", new LstmCell(), 2, 0f, null, k);
        BidirectionalRecurrent dropping = RecurrentParams.bidirectional(params(s), "", new LstmCell(), 2, 0.5f, new NumpyRandom(3), k);
        float[] want = Arrays.copyOf(plain.forward(x, 0, T, B, null, null), n);
        float[] train = Arrays.copyOf(dropping.forward(x, 0, T, B, null, null), n);
        assertFalse(Arrays.equals(want, train), "training mode drops");
        dropping.train(false);
        assertArrayEquals(want, Arrays.copyOf(dropping.forward(x, 0, T, B, null, null), n));

        Spec u = new Spec("gru", 4, 5, 3, false, true, true);
        int m = T * B * u.H();
        StackedRecurrent a = RecurrentParams.stack(params(u), "", new GruCell(), 3, true, 0f, null, k);
        StackedRecurrent b = RecurrentParams.stack(params(u), "", new GruCell(), 3, true, 0.5f, new NumpyRandom(3), k);
        b.train(false);
        assertArrayEquals(Arrays.copyOfRange(a.forward(x, 0, T, B, null, null), a.outputOffset(), a.outputOffset() + m),
                Arrays.copyOfRange(b.forward(x, 0, T, B, null, null), b.outputOffset(), b.outputOffset() + m));
    }

    /** loss = sum(out * R) + sum(h_n * RH) of a bidirectional GRU with dropout 0.3, masks from seed 5. */
    static double loss(Spec s, Map<String, Param> p, float[] x, int T, int B, float[] R, float[] RH, Kernels k) {
        BidirectionalRecurrent bi = RecurrentParams.bidirectional(p, "", new GruCell(), s.L(), 0.3f, new NumpyRandom(5), k);
        float[] out = bi.forward(x, 0, T, B, null, null);
        float[] hN = new float[RH.length];
        bi.finalState(hN, null);
        double l = 0;
        for (int i = 0; i < R.length; i++) {
            l += (double) out[i] * R[i];
        }
        for (int i = 0; i < RH.length; i++) {
            l += (double) hN[i] * RH[i];
        }
        return l;
    }

    @Test
    void bidirectionalDropoutGradientsPassADirectionalCheck() {
        Spec s = new Spec("gru", 4, 5, 3, true, false, true);
        int T = 5, B = 2;
        Map<String, Param> p = params(s);
        float[] x = RecurrentLayerTest.random(T * B * s.E(), 1);
        float[] R = RecurrentLayerTest.random(T * B * 2 * s.H(), 2);
        float[] RH = RecurrentLayerTest.random(s.states() * B * s.H(), 3);
        BidirectionalRecurrent bi = RecurrentParams.bidirectional(p, "", new GruCell(), s.L(), 0.3f, new NumpyRandom(5), k);
        bi.forward(x, 0, T, B, null, null);
        float[] dx = bi.backward(R, 0, RH, null).clone();
        // a random direction v over every weight and x; analytic slope = grad . v
        NumpyRandom r = new NumpyRandom(9);
        List<float[]> targets = new java.util.ArrayList<>();
        List<float[]> grads = new java.util.ArrayList<>();
        for (Param q : p.values()) {
            targets.add(q.w);
            grads.add(q.grad());
        }
        targets.add(x);
        grads.add(dx);
        float[][] v = new float[targets.size()][];
        double slope = 0;
        for (int t = 0; t < v.length; t++) {
            v[t] = new float[targets.get(t).length];
            for (int i = 0; i < v[t].length; i++) {
                v[t][i] = (float) r.uniform(-1, 1);
                slope += (double) v[t][i] * grads.get(t)[i];
            }
        }
        float h = 1e-2f;
        double[] l = new double[2];
        for (int side = 0; side < 2; side++) {
            float sign = side == 0 ? 1f : -1f;
            float[][] keep = new float[v.length][];
            for (int t = 0; t < v.length; t++) {
                float[] a = targets.get(t);
                keep[t] = a.clone();
                for (int i = 0; i < a.length; i++) {
                    a[i] += sign * h * v[t][i];
                }
            }
            l[side] = loss(s, p, x, T, B, R, RH, k);
            for (int t = 0; t < v.length; t++) {
                System.arraycopy(keep[t], 0, targets.get(t), 0, keep[t].length);
            }
        }
        double numeric = (l[0] - l[1]) / (2 * h);
        assertTrue(Math.abs(slope) > 0.1, "a direction with a real slope: " + slope);
        assertTrue(Math.abs(numeric - slope) <= 1e-2 * Math.abs(slope), "numeric " + numeric + " vs analytic " + slope);
    }
}
