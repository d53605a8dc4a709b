/*
 * Fused SGD (Param.sinkIntoWeights): one backward that adds -lr * gradient straight into the
 * weights leaves the same weights as accumulating the gradients and then updating (within 1e-6),
 * and the same dX and dLoss/dh0 — which holds only if every weight is read for the last time
 * before its update lands. For a single layer, a reverse stack and the bidirectional network, each
 * cell type, both kernel sets.
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.nn.RecurrentCase.Inputs;
import org.rnnlm4j.nn.RecurrentCase.Result;
import org.rnnlm4j.nn.RecurrentCase.Spec;
import org.rnnlm4j.testutil.KernelsUnderTest;

class FusedSgdTest {
    static final float LR = 0.1f;

    @ParameterizedTest(name = "{0} via {1} {2}")
    @CsvSource({"rnn_tanh,layer,scalar", "rnn_relu,stack,vector", "gru,layer,vector", "gru,stack,scalar",
        "gru,bi,vector", "lstm,layer,scalar", "lstm,stack,vector", "lstm,bi,scalar"})
    void fusedUpdateEqualsAccumulateThenUpdate(String cell, String via, String kernels) {
        Spec s = new Spec(cell, 5, 6, via.equals("layer") ? 1 : 2, via.equals("bi"), via.equals("stack"), true);
        Kernels k = KernelsUnderTest.named(kernels);
        Map<String, double[]> w = RecurrentCase.randomWeights(s, 31, 0.5);
        Inputs in = RecurrentCase.randomInputs(s, 6, 3, true, 32);

        Map<String, Param> accumulated = RecurrentCase.floatParams(s, w);
        Result a = RecurrentCase.runOn(s, accumulated, in, k, via);
        for (Param p : accumulated.values()) {
            float[] g = p.grad();
            for (int i = 0; i < p.w.length; i++) {
                p.w[i] -= LR * g[i];
            }
        }

        Map<String, Param> fused = RecurrentCase.floatParams(s, w);
        for (Param p : fused.values()) {
            p.sinkIntoWeights(LR);
        }
        Result b = RecurrentCase.runOn(s, fused, in, k, via);

        double moved = 0;
        for (Param p : fused.values()) {
            float[] want = accumulated.get(p.name).w;
            double[] before = w.get(p.name);
            for (int i = 0; i < p.w.length; i++) {
                assertTrue(Math.abs(p.w[i] - want[i]) <= 1e-6, p.name + "[" + i + "]: fused " + p.w[i] + " vs " + want[i]);
                moved = Math.max(moved, Math.abs(p.w[i] - before[i]));
            }
            for (float g : p.grad()) {
                assertTrue(g == 0f, p.name + ": fused SGD must not touch the gradient buffer");
            }
        }
        assertTrue(moved > 1e-3, "the update happened (largest change " + moved + ")");
        for (String input : s.lstm() ? new String[] {"x", "h0", "c0"} : new String[] {"x", "h0"}) {
            Compare.close("d" + input, a.grads().get(input), b.grads().get(input), 0, 1e-6);
        }
    }
}
