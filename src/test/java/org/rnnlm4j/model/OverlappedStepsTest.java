/*
 * Network.lossAndGradientOverlapped: sentence steps under fused SGD whose decoder update may run
 * into the next step's forward must give the bits of lossAndGradient's one-step-at-a-time run, on
 * two threads, for sentences short enough for the chunked output backward and longer ones mixed.
 * A pending update that read the recurrence's state buffer (which the next forward overwrites)
 * instead of its own copy of S, or that the next step did not wait for, would change the weights.
 * With the decoder's aligned copy forced on, the same bits after finishPending (which writes the copy
 * back), and stale decoder weights before it (so the copy was used). The next step's logits start
 * while the update still runs (SoftmaxOutput.logitsAfterUpdate): an update that read the logits
 * buffer the next forward reallocates or overwrites, or a bias gradient over the next step's rows,
 * would change the weights; the output-bias case checks the latter.
 */
package org.rnnlm4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.nn.Param;
import org.rnnlm4j.nn.SoftmaxOutput;
import org.rnnlm4j.train.Sgd;
import org.rnnlm4j.train.Trainer;

class OverlappedStepsTest {
    private static final int V = 3000;
    private static final int H = 60;   // not a whole number of vectors: the aligned copy pads its rows

    private static LanguageModel model(boolean outputBias) {
        List<String> words = new ArrayList<>(List.of(Vocabulary.START, Vocabulary.END));
        for (int i = 2; i < V - 1; i++) {
            words.add("w" + i);
        }
        words.add(Vocabulary.UNKNOWN);
        ModelConfig c = outputBias
                ? new ModelConfig("rnn", Activation.TANH, V, H, H, 1, false, false, true, "tutorial")
                : ModelConfig.tutorial(V, H, Activation.TANH);
        LanguageModel m = LanguageModel.initialize(c, Vocabulary.of(words), TextConfig.lines(), 3, Map.of());
        if (outputBias) {   // initialized to zeros: give the bias values that matter
            float[] b = m.params().get("decoder.bias").w;
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (r.nextDouble() - 0.5);
            }
        }
        Sgd.fuse(m.params().values(), 0.05f);
        return m;
    }

    /** Sentences START .. END of 2-40 tokens, and every tenth of 150 (past the chunked backward's rows). */
    private static List<int[]> sentences() {
        SplittableRandom r = new SplittableRandom(8);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = i % 10 == 9 ? 150 : 2 + r.nextInt(39);
            int[] ids = new int[n + 2];
            ids[0] = 0;
            for (int t = 1; t <= n; t++) {
                ids[t] = 2 + r.nextInt(V - 3);
            }
            ids[n + 1] = 1;
            out.add(ids);
        }
        return out;
    }

    /**
     * copy: the decoder's aligned copy forced on (from the second overlapped step in a row the
     * output layer reads and updates it, the weights stale until finishPending) or off.
     */
    @ParameterizedTest(name = "aligned decoder copy {0}, output bias {1}")
    @CsvSource({"false, false", "true, false", "true, true"})
    void overlappedStepsGiveTheBitsOfPlainSteps(boolean copy, boolean outputBias) {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(2);
            SoftmaxOutput.alignedCopyForTests(copy);
            Kernels k = KernelSelector.get();
            List<int[]> data = new ArrayList<>(sentences());
            data.add(data.get(0));   // end on short sentences: the copy holds the decoder then
            data.add(data.get(1));
            LanguageModel plain = model(outputBias);
            LanguageModel overlapped = model(outputBias);
            Network a = plain.newNetwork(k);
            Network b = overlapped.newNetwork(k);
            for (int[] s : data) {
                double la = a.lossAndGradient(s, 0, 1f);
                double lb = b.lossAndGradientOverlapped(s, 0, 1f);
                assertEquals(Double.doubleToLongBits(la), Double.doubleToLongBits(lb));
            }
            if (copy) {
                assertFalse(java.util.Arrays.equals(plain.params().get("decoder.weight").w,
                        overlapped.params().get("decoder.weight").w), "the copy held the decoder: its weights are stale");
            }
            b.finishPending();
            for (Param p : plain.params().values()) {
                assertArrayEquals(p.w, overlapped.params().get(p.name).w, p.name);
            }
            // and a loss computed on the same network after finishPending sees the finished weights
            assertEquals(Trainer.meanLoss(a, data), Trainer.meanLoss(b, data));
        } finally {
            Parallel.setThreads(saved);
            SoftmaxOutput.alignedCopyForTests(null);
        }
    }

}
