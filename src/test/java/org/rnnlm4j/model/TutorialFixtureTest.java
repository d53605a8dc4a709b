/*
 * Parity with ../shared/fixtures/tutorial_rnn.json: the tutorial's RNN (C=8, H=5, no biases) computed
 * in float64 — states, outputs, loss, full BPTT gradients and the tutorial's truncated gradients
 * (K=4) — matched by the float32 Network (1e-5 relative) with both kernel implementations, and by
 * the float64 ReferenceRnn (1e-10).
 */
package org.rnnlm4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnnlm4j.testutil.Fixtures.assertClose;
import static org.rnnlm4j.testutil.Fixtures.floats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.nn.Param;
import org.rnnlm4j.testutil.Fixtures;
import org.rnnlm4j.testutil.KernelsUnderTest;

class TutorialFixtureTest {
    static final Map<String, Object> F = Fixtures.load("tutorial_rnn.json");
    static final int C = 8;
    static final int H = 5;

    /** The fixture's weights in rnnlm4j's layout: embedding = U^T, rnn.weight_hh_l0 = W, decoder = V. */
    static LanguageModel model() {
        Map<String, Object> w = Fixtures.map(F, "weights");
        double[] u = Fixtures.tensor(w, "U");
        float[] table = new float[C * H];
        for (int h = 0; h < H; h++) {
            for (int c = 0; c < C; c++) {
                table[c * H + h] = (float) u[h * C + c];
            }
        }
        Map<String, Param> p = new LinkedHashMap<>();
        p.put("embedding.weight", new Param("embedding.weight", table, C, H));
        p.put("rnn.weight_hh_l0", new Param("rnn.weight_hh_l0", floats(Fixtures.tensor(w, "W")), H, H));
        p.put("decoder.weight", new Param("decoder.weight", floats(Fixtures.tensor(w, "V")), C, H));
        return new LanguageModel(ModelConfig.tutorial(C, H, Activation.TANH), vocabulary(), TextConfig.lines(), p, Map.of());
    }

    static Vocabulary vocabulary() {
        List<String> words = new ArrayList<>(List.of(Vocabulary.START, Vocabulary.END));
        for (int i = 2; i < C - 1; i++) {
            words.add("w" + i);
        }
        words.add(Vocabulary.UNKNOWN);
        return Vocabulary.of(words);
    }

    static int[] ids() {
        int[] x = Json.ints(F.get("x"));
        int[] y = Json.ints(F.get("y"));
        int[] ids = new int[x.length + 1];
        System.arraycopy(x, 0, ids, 0, x.length);
        ids[x.length] = y[y.length - 1];
        for (int i = 0; i + 1 < x.length; i++) {
            assertEquals(x[i + 1], y[i], "fixture y is x shifted by one");
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void statesOutputsAndLossMatch(String kernels) {
        LanguageModel m = model();
        Network net = m.newNetwork(KernelsUnderTest.named(kernels));
        int[] ids = ids();
        int t = ids.length - 1;
        float[] lp = new float[t];
        net.tokenLogProbs(ids, lp);
        Map<String, Object> out = Fixtures.map(F, "outputs");
        float[] s = new float[t * H];
        System.arraycopy(net.topStates(), net.topOffset(), s, 0, t * H);
        assertClose("s", Fixtures.tensor(out, "s"), s, 1e-5);
        double[] o = Fixtures.tensor(out, "o");
        float[] oTarget = new float[t];
        double[] expected = new double[t];
        double loss = 0;
        for (int i = 0; i < t; i++) {
            expected[i] = o[i * C + ids[i + 1]];
            oTarget[i] = (float) Math.exp(lp[i]);
            loss -= lp[i];
        }
        assertClose("o[t][y_t]", expected, oTarget, 1e-5);
        assertClose("loss", ((Number) out.get("loss")).doubleValue(), loss, 1e-5);
        assertClose("loss (fused)", ((Number) out.get("loss")).doubleValue(), net.lossAndGradient(ids, 0, 1f), 1e-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void fullAndTruncatedGradientsMatch(String kernels) {
        for (String which : List.of("grads_full", "grads_truncated")) {
            LanguageModel m = model();
            Network net = m.newNetwork(KernelsUnderTest.named(kernels));
            net.zeroGrad();
            net.lossAndGradient(ids(), which.equals("grads_full") ? 0 : ((Number) F.get("bptt_truncate")).intValue(), 1f);
            Map<String, Object> g = Fixtures.map(F, which);
            double[] du = Fixtures.tensor(g, "U");
            double[] duT = new double[C * H];
            for (int h = 0; h < H; h++) {
                for (int c = 0; c < C; c++) {
                    duT[c * H + h] = du[h * C + c];
                }
            }
            assertClose(which + ".U", duT, m.param("embedding.weight").grad(), 1e-5);
            assertClose(which + ".W", Fixtures.tensor(g, "W"), m.param("rnn.weight_hh_l0").grad(), 1e-5);
            assertClose(which + ".V", Fixtures.tensor(g, "V"), m.param("decoder.weight").grad(), 1e-5);
        }
    }

    @Test
    void truncationChangesTheGradientSoTheTestDiscriminates() {
        double[] full = Fixtures.tensor(Fixtures.map(F, "grads_full"), "W");
        double[] trunc = Fixtures.tensor(Fixtures.map(F, "grads_truncated"), "W");
        double maxDiff = 0;
        for (int i = 0; i < full.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(full[i] - trunc[i]));
        }
        assertTrue(maxDiff > 1e-4, "the fixture's full and truncated gradients differ");
    }

    @Test
    void float64ReferenceMatchesToRoundoff() {
        ReferenceRnn ref = new ReferenceRnn(model());
        Map<String, double[]> w = ref.w;
        // load exact float64 weights (the float32 model rounded them)
        double[] u = Fixtures.tensor(Fixtures.map(F, "weights"), "U");
        for (int h = 0; h < H; h++) {
            for (int c = 0; c < C; c++) {
                w.get("embedding.weight")[c * H + h] = u[h * C + c];
            }
        }
        System.arraycopy(Fixtures.tensor(Fixtures.map(F, "weights"), "W"), 0, w.get("rnn.weight_hh_l0"), 0, H * H);
        System.arraycopy(Fixtures.tensor(Fixtures.map(F, "weights"), "V"), 0, w.get("decoder.weight"), 0, C * H);
        assertEquals(((Number) Fixtures.map(F, "outputs").get("loss")).doubleValue(), ref.loss(ids()), 1e-10);
        for (String which : List.of("grads_full", "grads_truncated")) {
            Map<String, double[]> g = ref.gradients(ids(), which.equals("grads_full") ? 0 : 4);
            double[] expectedW = Fixtures.tensor(Fixtures.map(F, which), "W");
            for (int i = 0; i < expectedW.length; i++) {
                assertEquals(expectedW[i], g.get("rnn.weight_hh_l0")[i], 1e-10, which + " W[" + i + "]");
            }
            double[] expectedV = Fixtures.tensor(Fixtures.map(F, which), "V");
            for (int i = 0; i < expectedV.length; i++) {
                assertEquals(expectedV[i], g.get("decoder.weight")[i], 1e-10, which + " V[" + i + "]");
            }
        }
    }
}
