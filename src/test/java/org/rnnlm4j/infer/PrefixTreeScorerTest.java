/*
 * Prefix sharing must not change a single bit: trie scores equal step-by-step independent scores
 * exactly, for every cell (tutorial rnn, gru, lstm with its cell state), agree with Scorer's
 * whole-sequence forward to rounding, give identical hypotheses identical scores whatever else is
 * in the list, and actually take fewer network steps than tokens.
 */
package org.rnnlm4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.testutil.TinyModels;

class PrefixTreeScorerTest {

    /** START, then 0..5 words drawn from a few shared prefixes plus random tails, then END. */
    static List<int[]> hypotheses(int n, long seed) {
        NumpyRandom r = new NumpyRandom(seed);
        int[][] prefixes = {{2, 3}, {2, 3, 5}, {2, 4}, {}};
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] p = prefixes[r.nextInt(prefixes.length)];
            int tail = r.nextInt(4);
            int[] ids = new int[p.length + tail + 2];
            ids[0] = 0;
            System.arraycopy(p, 0, ids, 1, p.length);
            for (int t = 0; t < tail; t++) {
                ids[1 + p.length + t] = 2 + r.nextInt(8);   // words and UNKNOWN_TOKEN (id 9)
            }
            ids[ids.length - 1] = 1;
            out.add(ids);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "gru", "lstm"})
    void sharedEqualsIndependentExactly(String cell) {
        LanguageModel m = TinyModels.sentenceModel(cell);
        Kernels k = KernelSelector.get();
        List<int[]> hyps = hypotheses(40, 3);
        hyps.add(hyps.get(5).clone());       // an exact duplicate
        hyps.add(new int[] {0, 1});          // the empty hypothesis
        PrefixTreeScorer shared = new PrefixTreeScorer(m, k);
        double[] s = shared.score(hyps);
        PrefixTreeScorer alone = new PrefixTreeScorer(m, k);
        long tokens = 0;
        for (int i = 0; i < hyps.size(); i++) {
            int[] ids = hyps.get(i);
            tokens += ids.length - 1;
            assertEquals(alone.scoreIndependently(ids), s[i], 0.0, "hypothesis " + i);
            float[] lp = new float[ids.length - 1];
            m.newNetwork(k).tokenLogProbs(ids, lp);
            double sum = 0;
            for (float v : lp) {
                sum += v;
            }
            assertEquals(sum, s[i], 1e-5 * Math.abs(sum), "whole-sequence forward, hypothesis " + i);
        }
        assertEquals(s[5], s[40], 0.0, "identical hypotheses, identical scores");
        assertTrue(shared.steps() < tokens, shared.steps() + " steps for " + tokens + " tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm"})
    void aHypothesisScoreDoesNotDependOnItsCompany(String cell) {
        LanguageModel m = TinyModels.sentenceModel(cell);
        PrefixTreeScorer p = new PrefixTreeScorer(m, KernelSelector.get());
        int[] h = {0, 2, 3, 5, 6, 2, 7, 8, 1};
        double aloneInList = p.score(List.of(h))[0];
        List<int[]> crowd = hypotheses(30, 9);
        crowd.add(7, h.clone());
        crowd.add(h.clone());
        double[] s = p.score(crowd);
        assertEquals(aloneInList, s[7], 0.0);
        assertEquals(aloneInList, s[crowd.size() - 1], 0.0);
        assertEquals(aloneInList, p.score(List.of(h))[0], 0.0, "the state is reset for every list");
    }
}
