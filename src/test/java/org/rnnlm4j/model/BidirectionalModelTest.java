/*
 * A bidirectional language model is two language models over one embedding and one output layer:
 * its right-to-left network must be exactly an ordinary model (with the "_reverse" stack's weights)
 * run over the reversed sequence, its gradients must match finite differences of the two
 * directions' summed loss, and its left-to-right network must ignore the "_reverse" stack.
 */
package org.rnnlm4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.nn.Param;

class BidirectionalModelTest {
    static final int V = 7;
    static final int T = 5;
    static final int B = 2;
    // (T,B) time-major windows and their mirror image per column
    static final int[] IN = {1, 2, 3, 4, 5, 6, 0, 1, 2, 3};
    static final int[] TGT = {3, 4, 5, 6, 0, 1, 2, 3, 4, 5};

    static LanguageModel model(String cell, boolean bidirectional, long seed) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < V; i++) {
            symbols.add(Character.toString('a' + i));
        }
        ModelConfig c = new ModelConfig(cell, Activation.TANH, V, 4, 5, 2, true, true, true, "uniform:0.4", false, bidirectional);
        return LanguageModel.initialize(c, Vocabulary.ofStream(symbols, "a", null), TextConfig.chars(TextConfig.Format.LINES), seed, Map.of());
    }

    /** x_0..x_T per column -> inputs x_T..x_1, targets x_{T-1}..x_0. */
    static int[][] mirror(int[] in, int[] tgt) {
        int[] rin = new int[T * B];
        int[] rtgt = new int[T * B];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                rin[t * B + b] = tgt[(T - 1 - t) * B + b];
                rtgt[t * B + b] = in[(T - 1 - t) * B + b];
            }
        }
        return new int[][] {rin, rtgt};
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "gru", "lstm"})
    void theBackwardNetworkIsAnOrdinaryModelOverTheReversedSequence(String cell) {
        Kernels k = new ScalarKernels();
        LanguageModel bi = model(cell, true, 3);
        LanguageModel uni = model(cell, false, 99);
        for (Param p : uni.params().values()) {
            Param src = bi.params().get(p.name.startsWith("rnn.") ? p.name + "_reverse" : p.name);
            System.arraycopy(src.w, 0, p.w, 0, p.w.length);
        }
        int[][] r = mirror(IN, TGT);
        Network back = bi.newBackwardNetwork(k, 0f, 0);
        back.zeroGrad();
        double lb = back.lossAndGradient(r[0], r[1], T, B, 1f, null, null);
        Network plain = uni.newNetwork(k);
        plain.zeroGrad();
        double lu = plain.lossAndGradient(r[0], r[1], T, B, 1f, null, null);
        // rnn: the unidirectional model runs TutorialRnnStack, the reverse stack the generic layers
        // (same arithmetic, other summation order), so equal to float32 rounding, not bitwise
        assertEquals(lu, lb, 1e-6 * lu);
        for (Param p : uni.params().values()) {
            Param src = bi.params().get(p.name.startsWith("rnn.") ? p.name + "_reverse" : p.name);
            for (int i = 0; i < p.w.length; i++) {
                assertEquals(p.grad()[i], src.grad()[i], 1e-5 + 1e-5 * Math.abs(p.grad()[i]), p.name + "[" + i + "]");
            }
        }
        for (Param p : bi.params().values()) {
            if (p.name.startsWith("rnn.") && !p.name.endsWith("_reverse")) {
                for (float g : p.grad()) {
                    assertEquals(0f, g, p.name + " (forward stack) gets no gradient from the backward network");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm"})
    void theLeftToRightNetworkIgnoresTheReverseStack(String cell) {
        Kernels k = new ScalarKernels();
        LanguageModel bi = model(cell, true, 3);
        double before = bi.newNetwork(k).loss(IN, TGT, T, B, null, null);
        for (Param p : bi.params().values()) {
            if (p.name.endsWith("_reverse")) {
                java.util.Arrays.fill(p.w, 0.7f);
            }
        }
        assertEquals(before, bi.newNetwork(k).loss(IN, TGT, T, B, null, null), 0.0);
    }

    /** Summed loss of both directions; gradients compared with central differences (float32, double sums). */
    @ParameterizedTest
    @ValueSource(strings = {"rnn", "gru", "lstm"})
    void gradientsOfBothDirectionsMatchFiniteDifferences(String cell) {
        Kernels k = new ScalarKernels();
        LanguageModel bi = model(cell, true, 5);
        int[][] r = mirror(IN, TGT);
        Network fwd = bi.newNetwork(k);
        Network back = bi.newBackwardNetwork(k, 0f, 0);
        fwd.zeroGrad();
        fwd.lossAndGradient(IN, TGT, T, B, 1f, null, null);
        back.lossAndGradient(r[0], r[1], T, B, 1f, null, null);
        double h = 1e-2;
        int checked = 0;
        for (Param p : bi.params().values()) {
            for (int i = 0; i < p.w.length; i += Math.max(1, p.w.length / 7)) {
                float w0 = p.w[i];
                p.w[i] = (float) (w0 + h);
                double up = fwd.loss(IN, TGT, T, B, null, null) + back.loss(r[0], r[1], T, B, null, null);
                p.w[i] = (float) (w0 - h);
                double down = fwd.loss(IN, TGT, T, B, null, null) + back.loss(r[0], r[1], T, B, null, null);
                p.w[i] = w0;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, p.grad()[i], 2e-3 + 0.02 * Math.abs(numeric), p.name + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 50, "checked " + checked + " entries");
    }
}
