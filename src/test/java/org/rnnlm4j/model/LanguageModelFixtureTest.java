/*
 * Parity with the full language-model fixtures lm_{rnn,gru,lstm}_2layer.json: Embedding(11,6) ->
 * 2-layer RNN/GRU/LSTM(6->5) -> Linear(5,11) with bias, batch of 2 time-major sequences, zero
 * initial state, loss = mean cross-entropy over all T*B targets — logits, loss and the gradient of
 * every parameter, with both kernel implementations.
 */
package org.rnnlm4j.model;

import static org.rnnlm4j.testutil.Fixtures.assertClose;
import static org.rnnlm4j.testutil.Fixtures.floats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.nn.Param;
import org.rnnlm4j.testutil.Fixtures;
import org.rnnlm4j.testutil.KernelsUnderTest;

class LanguageModelFixtureTest {

    static Vocabulary vocabulary(int v) {
        List<String> words = new ArrayList<>(List.of(Vocabulary.START, Vocabulary.END));
        for (int i = 2; i < v - 1; i++) {
            words.add("w" + i);
        }
        words.add(Vocabulary.UNKNOWN);
        return Vocabulary.of(words);
    }

    @ParameterizedTest
    @CsvSource({"rnn,scalar", "rnn,vector", "gru,scalar", "gru,vector", "lstm,scalar", "lstm,vector"})
    void logitsLossAndEveryGradientMatch(String cell, String kernels) {
        Map<String, Object> f = Fixtures.load("lm_" + cell + "_2layer.json");
        Map<String, Object> w = Fixtures.map(f, "weights");
        int[] emb = Fixtures.shape(w, "embedding.weight");
        int v = emb[0];
        int e = emb[1];
        int h = Fixtures.shape(w, "decoder.weight")[1];
        ModelConfig c = new ModelConfig(cell, Activation.TANH, v, e, h, 2, true, true, true, "uniform:0.1");
        Map<String, Param> params = new LinkedHashMap<>();
        for (String name : w.keySet()) {
            params.put(name, new Param(name, floats(Fixtures.tensor(w, name)), Fixtures.shape(w, name)));
        }
        LanguageModel m = new LanguageModel(c, vocabulary(v), TextConfig.lines(), params, Map.of());
        List<?> rows = (List<?>) f.get("tokens_time_major");
        int steps = rows.size() - 1;
        int batch = ((List<?>) rows.get(0)).size();
        int[] in = new int[steps * batch];
        int[] tgt = new int[steps * batch];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                in[t * batch + b] = ((Number) ((List<?>) rows.get(t)).get(b)).intValue();
                tgt[t * batch + b] = ((Number) ((List<?>) rows.get(t + 1)).get(b)).intValue();
            }
        }
        Network net = m.newNetwork(KernelsUnderTest.named(kernels));
        net.zeroGrad();
        double loss = net.lossAndGradient(in, tgt, steps, batch, 1f / (steps * batch), null, null);
        Map<String, Object> out = Fixtures.map(f, "outputs");
        assertClose(cell + " loss", ((Number) out.get("loss")).doubleValue(), loss, 1e-5);
        assertClose(cell + " logits", Fixtures.tensor(out, "logits"), net.lastLogits(steps * batch), 1e-5);
        Map<String, Object> g = Fixtures.map(f, "grads");
        for (String name : g.keySet()) {
            assertClose(cell + " grad " + name, Fixtures.tensor(g, name), m.param(name).grad(), 1e-5);
        }
    }
}
