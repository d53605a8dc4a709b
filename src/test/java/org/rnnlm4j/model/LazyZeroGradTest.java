/*
 * LazyZeroGradTest: zeroGrad() leaves an untracked gradient's memory as it was and only notes that it
 * owes zeros; the products that write every element (the decoder's, W_hh's and W_ih's gradients)
 * claim it and overwrite with beta = 0 (Param.claimZeroSink). So the second batch's gradients must
 * equal, bit for bit, those of a network that never saw the first batch: nothing of the first batch
 * may leak through a claimed sink or one that was cleared late. Both output paths are covered: the
 * decoder gradient in slices beside the recurrent backward (LSTM, small vocabulary) and all at once
 * (GRU, large vocabulary and more than 128 rows), on two threads.
 */
package org.rnnlm4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.nn.Param;
import org.rnnlm4j.testutil.KernelsUnderTest;

class LazyZeroGradTest {
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void theSecondBatchsGradientsEqualAFreshNetworks(String kernels) {
        Kernels k = KernelsUnderTest.named(kernels);
        int threads = Parallel.threads();
        Parallel.setThreads(2);
        try {
            check(k, "lstm", 60, 16, 32, 12, 8);
            check(k, "gru", 400, 8, 8, 20, 8);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    private static void check(Kernels k, String cell, int words, int embed, int hidden, int steps, int batch) {
        List<String> list = new ArrayList<>(List.of(Vocabulary.UNKNOWN, Vocabulary.START, Vocabulary.END));
        for (int i = 0; list.size() < words; i++) {
            list.add("w" + i);
        }
        Vocabulary vocab = Vocabulary.of(list);
        ModelConfig cfg = new ModelConfig(cell, Activation.TANH, vocab.size(), embed, hidden, 2, true, true, true, "pytorch");
        LanguageModel m = LanguageModel.initialize(cfg, vocab, TextConfig.benchmark(), 1, Map.of());
        SplittableRandom r = new SplittableRandom(5);
        int[][] in = new int[2][steps * batch];
        int[][] tgt = new int[2][steps * batch];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < steps * batch; i++) {
                in[b][i] = r.nextInt(vocab.size());
                tgt[b][i] = r.nextInt(vocab.size());
            }
        }
        Network used = m.newNetwork(k);
        used.zeroGrad();
        used.lossAndGradient(in[0], tgt[0], steps, batch, 1f / batch, null, null);
        Map<String, float[]> first = gradients(m);
        used.zeroGrad();
        used.lossAndGradient(in[1], tgt[1], steps, batch, 1f / batch, null, null);
        Map<String, float[]> second = gradients(m);

        LanguageModel fresh = LanguageModel.initialize(cfg, vocab, TextConfig.benchmark(), 1, Map.of());
        Network clean = fresh.newNetwork(k);
        clean.zeroGrad();
        clean.lossAndGradient(in[1], tgt[1], steps, batch, 1f / batch, null, null);
        Map<String, float[]> expected = gradients(fresh);
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), second.get(name), cell + " " + name);
        }
        // the first batch really left other values behind (else the check above proves nothing)
        assertTrue(!java.util.Arrays.equals(first.get("decoder.weight"), second.get("decoder.weight")));
        assertTrue(!java.util.Arrays.equals(first.get("rnn.weight_hh_l0"), second.get("rnn.weight_hh_l0")));
    }

    private static Map<String, float[]> gradients(LanguageModel m) {
        Map<String, float[]> g = new LinkedHashMap<>();
        for (Param p : m.params().values()) {
            g.put(p.name, p.grad().clone());
        }
        return g;
    }
}
