/*
 * Beam search against exhaustive search on tiny vocabularies: every allowed output (three words,
 * up to 4 tokens, with or without the end symbol; or every 3-symbol continuation of a character
 * model) is enumerated and scored here from Network.step's logits with BeamSearch's documented
 * objective, (sum of ln p) / predictions^alpha; a beam wide enough to keep every prefix must return
 * the same best outputs with the same scores, and a narrow beam's outputs must carry their true scores.
 */
package org.rnnlm4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.model.State;
import org.rnnlm4j.testutil.TinyModels;

class BeamSearchTest {
    record Scored(List<String> tokens, double score) {
    }

    /** ln softmax(logits)[id], computed independently of Sampler (no shift: these logits are small). */
    static double logProb(float[] logits, int id) {
        double z = 0;
        for (float v : logits) {
            assertTrue(Math.abs(v) < 50, "logit " + v);
            z += Math.exp(v);
        }
        return Math.log(Math.exp(logits[id]) / z);
    }

    static double normalized(double sum, int predictions, double alpha) {
        return sum / Math.pow(predictions, alpha);
    }

    /** Every output of a sentence model: words only (no unknown, no start), end allowed from minLength on. */
    static void enumerate(Network net, Vocabulary v, State s, float[] logits, List<String> prefix, double sum,
                          int minLength, int maxLength, double alpha, List<Scored> out) {
        if (prefix.size() >= minLength) {
            List<String> ended = new ArrayList<>(prefix);
            ended.add(Vocabulary.END);
            out.add(new Scored(ended, normalized(sum + logProb(logits, v.endId()), ended.size(), alpha)));
        }
        if (prefix.size() == maxLength) {
            out.add(new Scored(prefix, normalized(sum, prefix.size(), alpha)));
            return;
        }
        for (int id = 0; id < v.size(); id++) {
            if (id == v.endId() || id == v.startId() || id == v.unknownId()) {
                continue;
            }
            State next = s.copy();
            float[] nextLogits = new float[v.size()];
            net.step(next, id, nextLogits);
            List<String> longer = new ArrayList<>(prefix);
            longer.add(v.word(id));
            enumerate(net, v, next, nextLogits, longer, sum + logProb(logits, id), minLength, maxLength, alpha, out);
        }
    }

    static List<Scored> exhaustive(LanguageModel m, int minLength, int maxLength, double alpha) {
        Network net = m.newNetwork(new ScalarKernels());
        State s = net.newState();
        float[] logits = new float[m.vocabulary().size()];
        net.step(s, m.vocabulary().startId(), logits);
        List<Scored> all = new ArrayList<>();
        enumerate(net, m.vocabulary(), s, logits, List.of(), 0, minLength, maxLength, alpha, all);
        all.sort(Comparator.comparingDouble(Scored::score).reversed());
        return all;
    }

    static List<Sample> beam(LanguageModel m, int width, int count, int minLength, int maxLength, double alpha) {
        return new Generator(m, new ScalarKernels()).generate(new int[0], DecodingOptions.builder().beam(width).count(count)
                .minLength(minLength).maxLength(maxLength).lengthAlpha(alpha).build());
    }

    @Test
    void aWideBeamFindsWhatExhaustiveSearchFinds() {
        LanguageModel m = TinyModels.sentences();
        for (double alpha : new double[] {0, 0.7, 1}) {
            for (int minLength : new int[] {0, 2}) {
                List<Scored> best = exhaustive(m, minLength, 4, alpha);
                assertTrue(best.size() > 100, "outputs enumerated: " + best.size());
                List<Sample> found = beam(m, 81, 5, minLength, 4, alpha);   // 3^4 = 81 prefixes at most
                assertEquals(5, found.size());
                for (int i = 0; i < 5; i++) {
                    String what = "alpha " + alpha + ", min " + minLength + ", rank " + i;
                    assertEquals(best.get(i).tokens(), found.get(i).tokens(), what);
                    assertEquals(best.get(i).score(), found.get(i).score(), 1e-9, what);
                }
            }
        }
    }

    @Test
    void theTinyModelMakesLengthNormalizationMatter() {
        // with alpha 0 the best output is short, with alpha 1 it is not: the normalization matters here
        List<Scored> total = exhaustive(TinyModels.sentences(), 0, 4, 0);
        List<Scored> mean = exhaustive(TinyModels.sentences(), 0, 4, 1);
        assertTrue(total.get(0).tokens().size() < mean.get(0).tokens().size(), total.get(0) + " vs " + mean.get(0));
    }

    @Test
    void aNarrowBeamReportsTheTrueScoresOfWhatItReturns() {
        LanguageModel m = TinyModels.sentences();
        List<Scored> all = exhaustive(m, 1, 4, 1);
        for (Sample s : beam(m, 2, 2, 1, 4, 1)) {
            Scored same = all.stream().filter(x -> x.tokens().equals(s.tokens())).findFirst().orElseThrow();
            assertEquals(same.score(), s.score(), 1e-9, s.tokens().toString());
            double sum = s.logProbs().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(sum, s.logProb(), 1e-12);
            assertEquals(s.logProb() / s.tokens().size(), s.score(), 1e-9, "no penalty: the rank is the model's mean ln p");
        }
    }

    @Test
    void continuousBeamOnACharacterModelIsExhaustive() {
        LanguageModel m = TinyModels.chars();
        Network net = m.newNetwork(new ScalarKernels());
        Vocabulary v = m.vocabulary();
        List<Scored> all = new ArrayList<>();
        for (int code = 0; code < 64; code++) {           // every 3-symbol continuation, "\n" included
            State s = net.newState();
            float[] logits = new float[v.size()];
            net.step(s, v.startId(), logits);
            List<String> tokens = new ArrayList<>();
            double sum = 0;
            for (int k = 0, c = code; k < 3; k++, c /= 4) {
                sum += logProb(logits, c % 4);
                tokens.add(v.word(c % 4));
                net.step(s, c % 4, logits);
            }
            all.add(new Scored(tokens, sum / 3));
        }
        all.sort(Comparator.comparingDouble(Scored::score).reversed());
        List<Sample> found = new Generator(m, new ScalarKernels()).generate(new int[0],
                DecodingOptions.builder().beam(16).count(3).maxLength(3).continuous(true).build());
        for (int i = 0; i < 3; i++) {
            assertEquals(all.get(i).tokens(), found.get(i).tokens());
            assertEquals(all.get(i).score(), found.get(i).score(), 1e-9);
            assertEquals(Sample.Finish.LENGTH, found.get(i).finish());
        }
    }

    @Test
    void aStopStringFinishesABeamHypothesis() {
        List<Sample> found = new Generator(TinyModels.chars(), new ScalarKernels()).generate(new int[0],
                DecodingOptions.builder().beam(4).count(4).maxLength(12).continuous(true).stop(List.of("b")).build());
        assertEquals(4, found.size());
        for (Sample s : found) {
            assertTrue(!s.text().contains("b"), s.text());
            if (s.finish() == Sample.Finish.STOP) {
                assertEquals("b", s.tokens().get(s.tokens().size() - 1));
            } else {
                assertEquals(12, s.tokens().size());
            }
        }
    }
}
