/*
 * BatchScorer against scoring one sentence at a time (Network.tokenLogProbs) for the tutorial's RNN
 * and rnn, gru and lstm models (one and two layers) and sentences of mixed lengths, with the scalar and the vector
 * kernels: a batch of one is bitwise the same, bigger batches agree to 1e-5 and do not depend on
 * which sentences share a batch. Also: the batch plan (lengths grouped, longest first, positions bounded) and
 * Scorer.scoreAll against scoreTokens.
 */
package org.rnnlm4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.testutil.KernelsUnderTest;
import org.rnnlm4j.testutil.TinyModels;

class BatchScorerTest {
    /** TinyModels' words with a cell and layer count of choice ("rnn": biased rnn layers; "tutorial": the tutorial's RNN). */
    static LanguageModel model(String cell, int layers) {
        Vocabulary v = Vocabulary.of(TinyModels.WORDS);
        ModelConfig c = cell.equals("tutorial") ? ModelConfig.tutorial(v.size(), 6, Activation.TANH)
                : new ModelConfig(cell, Activation.TANH, v.size(), 5, 6, layers, true, true, true, "uniform:0.8");
        return LanguageModel.initialize(c, v, TextConfig.lines(), 7, Map.of());
    }

    /** n id sequences of lengths 1..maxLen (some too short to predict anything), drawn from seed. */
    static List<int[]> sequences(int n, int maxLen, int vocab, long seed) {
        NumpyRandom r = new NumpyRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] ids = new int[1 + (int) (r.nextDouble() * maxLen)];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = (int) (r.nextDouble() * vocab);
            }
            out.add(ids);
        }
        return out;
    }

    static float[][] oneAtATime(Network net, List<int[]> seqs) {
        float[][] out = new float[seqs.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[Math.max(0, seqs.get(i).length - 1)];
            if (out[i].length > 0) {
                net.tokenLogProbs(seqs.get(i), out[i]);
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"tutorial,1,scalar", "tutorial,1,vector", "rnn,1,scalar", "rnn,2,scalar", "gru,1,scalar", "gru,2,scalar", "lstm,1,scalar", "lstm,2,scalar",
            "rnn,1,vector", "rnn,2,vector", "gru,2,vector", "lstm,1,vector", "lstm,2,vector"})
    void batchesEqualOneAtATime(String cell, int layers, String kernels) {
        Kernels k = KernelsUnderTest.named(kernels);
        LanguageModel m = model(cell, layers);
        List<int[]> seqs = sequences(41, 23, m.vocabulary().size(), 3);
        float[][] single = oneAtATime(m.newNetwork(k), seqs);
        float[][] one = new BatchScorer(m.newNetwork(k), 1).logProbs(seqs);
        float[][] four = new BatchScorer(m.newNetwork(k), 4).logProbs(seqs);
        float[][] all = new BatchScorer(m.newNetwork(k), 64).logProbs(seqs);
        for (int i = 0; i < seqs.size(); i++) {
            assertArrayEquals(single[i], one[i], "a batch of one is the one-at-a-time path, bitwise (sequence " + i + ")");
            assertEquals(single[i].length, all[i].length);
            for (int j = 0; j < single[i].length; j++) {
                assertTrue(Float.isFinite(all[i][j]) && all[i][j] < 0, "sequence " + i + " position " + j);
                assertEquals(single[i][j], all[i][j], 1e-5, "sequence " + i + " position " + j);
            }
        }
        // each row is its own computation: batches of 4 and of 64 give the same bits (where both are > 1 row)
        List<BatchScorer.Batch> plan4 = new BatchScorer(m.newNetwork(k), 4).plan(seqs);
        for (BatchScorer.Batch b : plan4) {
            if (b.rows() > 1) {
                for (int i : b.members()) {
                    assertArrayEquals(four[i], all[i], "sequence " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"scalar", "vector"})
    void longSequencesAreScoredInChunks(String kernels) {
        Kernels k = KernelsUnderTest.named(kernels);
        LanguageModel m = model("lstm", 2);
        List<int[]> seqs = sequences(3, 1100, m.vocabulary().size(), 5);
        seqs.add(sequences(1, 1, m.vocabulary().size(), 6).get(0));
        seqs.set(0, java.util.Arrays.copyOf(seqs.get(0), 514));   // 513 predictions: 2 chunks, none of one row
        float[][] single = oneAtATime(m.newNetwork(k), seqs);
        float[][] one = new BatchScorer(m.newNetwork(k), 1).logProbs(seqs);
        float[][] two = new BatchScorer(m.newNetwork(k), 2).logProbs(seqs);
        for (int i = 0; i < seqs.size(); i++) {
            assertArrayEquals(single[i], one[i], "sequence " + i + " of " + seqs.get(i).length);
            for (int j = 0; j < single[i].length; j++) {
                assertEquals(single[i][j], two[i][j], 1e-5, "sequence " + i + " position " + j);
            }
        }
    }

    @Test
    void planGroupsByLengthAndBoundsPositions() {
        List<int[]> seqs = new ArrayList<>(List.of(new int[] {1, 2, 3}, new int[] {4}, new int[] {1, 2}, new int[] {5, 6, 7, 8},
                new int[] {1, 2, 3}, new int[0]));
        BatchScorer scorer = new BatchScorer(model("gru", 1).newNetwork(KernelsUnderTest.named("scalar")), 2);
        assertEquals(BatchScorer.POSITION_FLOATS / 6, scorer.maxPositions(), "hidden 6");
        int[] huge = new int[scorer.maxPositions() / 2 + 2];   // T = max/2 + 1: two would exceed the bound
        seqs.add(huge);
        seqs.add(huge.clone());
        List<BatchScorer.Batch> plan = scorer.plan(seqs);
        assertEquals(4, plan.size(), "too short ones left out; the two long ones apart; pairs");
        assertArrayEquals(new int[] {6}, plan.get(0).members(), "longest first");
        assertArrayEquals(new int[] {7}, plan.get(1).members());
        assertArrayEquals(new int[] {3, 0}, plan.get(2).members());
        assertEquals(3, plan.get(2).steps());
        assertArrayEquals(new int[] {4, 2}, plan.get(3).members());
        assertEquals(2, plan.get(3).steps());
        for (BatchScorer.Batch b : plan) {
            assertTrue(b.rows() == 1 || (long) b.rows() * b.steps() <= scorer.maxPositions(), b.toString());
        }
    }

    @Test
    void scoreAllEqualsScoreTokens() {
        Scorer scorer = new Scorer(TinyModels.sentenceModel("lstm"), KernelsUnderTest.named("vector"));
        List<String> lines = List.of("the cat sat on the mat .", "the zebra sat", "", "dog", "the dog sat on the cat . . . mat");
        for (Scorer.Boundaries b : List.of(Scorer.Boundaries.SENTENCE, new Scorer.Boundaries(false, false))) {
            List<Scorer.Prepared> ready = new ArrayList<>();
            for (String line : lines) {
                ready.add(scorer.prepare(line, scorer.tokenize(line), b));
            }
            for (int batch : new int[] {1, 3}) {
                List<Scorer.SentenceScore> all = scorer.scoreAll(ready, batch);
                for (int i = 0; i < lines.size(); i++) {
                    Scorer.SentenceScore one = scorer.scoreTokens(lines.get(i), scorer.tokenize(lines.get(i)), b);
                    Scorer.SentenceScore got = all.get(i);
                    assertEquals(one.text(), got.text());
                    assertEquals(one.predictions(), got.predictions());
                    assertEquals(one.oovs(), got.oovs());
                    assertEquals(one.log10Prob(), got.log10Prob(), batch == 1 ? 0 : 1e-5, lines.get(i));
                    for (int j = 0; j < one.perToken().size(); j++) {
                        assertEquals(one.perToken().get(j).token(), got.perToken().get(j).token());
                        assertEquals(one.perToken().get(j).id(), got.perToken().get(j).id());
                    }
                }
            }
        }
    }
}
