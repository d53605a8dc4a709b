/*
 * The float64 oracle checks itself: central finite differences of ReferenceRecurrent's loss against
 * its hand-written BPTT, for every weight, every input x, h0 and c0 entry — each cell type, with and
 * without biases, several layers, reverse-only stacks, bidirectional, non-zero initial states, B > 1.
 * And the check can fail: a gradient with one entry nudged is rejected.
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlm4j.nn.RecurrentCase.Inputs;
import org.rnnlm4j.nn.RecurrentCase.Result;
import org.rnnlm4j.nn.RecurrentCase.Spec;

class ReferenceGradientTest {
    static final double STEP = 1e-6;

    /** The array a gradient name refers to: a weight, or x, h0, c0 of the inputs. */
    static double[] target(String name, Map<String, double[]> w, Inputs in) {
        switch (name) {
            case "x": return in.x();
            case "h0": return in.h0();
            case "c0": return in.c0();
            default: return w.get(name);
        }
    }

    /** Names of the entries that fail |numeric - analytic| <= 1e-7 + 1e-6 |analytic|, or "" if none. */
    static String check(Spec s, Map<String, double[]> w, Inputs in, Map<String, double[]> grads) {
        ReferenceRecurrent ref = new ReferenceRecurrent(s, w);
        StringBuilder bad = new StringBuilder();
        int checked = 0;
        for (Map.Entry<String, double[]> g : grads.entrySet()) {
            double[] v = target(g.getKey(), w, in);
            for (int i = 0; i < v.length; i++) {
                double keep = v[i];
                v[i] = keep + STEP;
                double up = ref.run(in, false).loss();
                v[i] = keep - STEP;
                double down = ref.run(in, false).loss();
                v[i] = keep;
                double numeric = (up - down) / (2 * STEP);
                double analytic = g.getValue()[i];
                if (!(Math.abs(numeric - analytic) <= 1e-7 + 1e-6 * Math.abs(analytic))) {
                    bad.append(String.format(" %s[%d]: numeric %.10g analytic %.10g;", g.getKey(), i, numeric, analytic));
                }
                checked++;
            }
        }
        assertTrue(checked > 0);
        return bad.toString();
    }

    @ParameterizedTest(name = "{0} L={1} bi={2} reverse={3} bias={4}")
    @CsvSource({
        "rnn_tanh,2,false,false,true", "rnn_tanh,1,false,true,false", "rnn_tanh,2,true,false,true",
        "rnn_relu,2,false,false,true", "rnn_relu,2,true,false,false",
        "gru,2,false,false,true", "gru,2,false,true,true", "gru,2,true,false,true", "gru,1,false,false,false",
        "lstm,2,false,false,true", "lstm,2,false,true,false", "lstm,2,true,false,true", "lstm,1,false,false,false"})
    void finiteDifferencesMatchBptt(String cell, int layers, boolean bi, boolean reverse, boolean bias) {
        Spec s = new Spec(cell, 3, 4, layers, bi, reverse, bias);
        Map<String, double[]> w = RecurrentCase.randomWeights(s, 11, 0.6);
        Inputs in = RecurrentCase.randomInputs(s, 4, 3, true, 12);
        Result r = new ReferenceRecurrent(s, w).run(in, true);
        String bad = check(s, w, in, r.grads());
        if (!bad.isEmpty()) {
            fail(s + ":" + bad);
        }
    }

    @Test
    void checkRejectsAWrongGradient() {
        Spec s = new Spec("lstm", 3, 4, 1, false, false, true);
        Map<String, double[]> w = RecurrentCase.randomWeights(s, 11, 0.6);
        Inputs in = RecurrentCase.randomInputs(s, 3, 2, true, 12);
        Map<String, double[]> g = new LinkedHashMap<>(new ReferenceRecurrent(s, w).run(in, true).grads());
        double[] c0 = g.get("c0").clone();
        c0[5] *= 1.001;
        g.put("c0", c0);
        String bad = check(s, w, in, g);
        assertFalse(bad.isEmpty());
        assertTrue(bad.contains("c0[5]") && !bad.contains("weight"), bad);
    }
}
