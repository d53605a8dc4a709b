/*
 * The gradient check as a unit test: every parameter of several small models passes the
 * finite-difference check and the float32-vs-float64 comparison; and the checker itself rejects a
 * gradient that is wrong (the tutorial's truncated gradient is not the true gradient).
 */
package org.rnnlm4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.nn.Activation;

class GradientCheckTest {

    static LanguageModel model(String activation, int layers, boolean bias, int vocab, int hidden) {
        ModelConfig c = new ModelConfig("rnn", Activation.parse(activation), vocab, hidden, hidden, layers, false, bias, bias, "uniform:0.5");
        List<String> words = new ArrayList<>(List.of(Vocabulary.START, Vocabulary.END));
        for (int i = 2; i < vocab - 1; i++) {
            words.add("w" + i);
        }
        words.add(Vocabulary.UNKNOWN);
        return LanguageModel.initialize(c, Vocabulary.of(words), TextConfig.lines(), 3, Map.of());
    }

    static int[] sequence(int n, int vocab, long seed) {
        NumpyRandom r = new NumpyRandom(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(vocab);
        }
        return ids;
    }

    @ParameterizedTest
    @CsvSource({"tanh,1,false", "relu,1,false", "tanh,2,true", "relu,3,true"})
    void everyParameterPasses(String activation, int layers, boolean bias) {
        LanguageModel m = model(activation, layers, bias, 9, 6);
        List<GradientCheck.Row> rows = GradientCheck.run(m, sequence(12, 9, 7), new ScalarKernels());
        assertTrue(rows.size() >= 3);
        for (GradientCheck.Row r : rows) {
            assertTrue(r.passed(), r.toString());
        }
    }

    @Test
    void finiteDifferencesRejectAWrongGradient() {
        LanguageModel m = model("tanh", 1, false, 9, 6);
        ReferenceRnn ref = new ReferenceRnn(m);
        int[] ids = sequence(12, 9, 7);
        double[] truncated = ref.gradients(ids, 1).get("rnn.weight_hh_l0");
        double[] w = ref.w.get("rnn.weight_hh_l0");
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            double saved = w[i];
            w[i] = saved + GradientCheck.STEP;
            double plus = ref.loss(ids);
            w[i] = saved - GradientCheck.STEP;
            double minus = ref.loss(ids);
            w[i] = saved;
            double est = (plus - minus) / (2 * GradientCheck.STEP);
            worst = Math.max(worst, Math.abs(est - truncated[i]) / (Math.abs(est) + Math.abs(truncated[i])));
        }
        assertTrue(worst > 100 * GradientCheck.FD_THRESHOLD, "truncated BPTT must fail the check, worst " + worst);
    }
}
