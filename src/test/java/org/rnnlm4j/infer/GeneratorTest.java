/*
 * Generator on tiny untrained models: what a sample reports (the model's log-probabilities, checked
 * against Network.tokenLogProbs, a separate batched forward), seeds, greedy decoding, lengths, stop
 * strings, n-gram bans and continuous (stream) generation; an interrupted thread stops decoding;
 * and Transcript's stop-string search.
 */
package org.rnnlm4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.testutil.TinyModels;

class GeneratorTest {
    static final LanguageModel WORDS = TinyModels.sentences();

    static List<Sample> generate(LanguageModel m, DecodingOptions.Builder b) {
        return new Generator(m, new ScalarKernels()).generate(new int[0], b.build());
    }

    @Test
    void anInterruptedThreadStopsSamplingAndBeamSearch() {
        try {
            Thread.currentThread().interrupt();
            assertThrows(CancellationException.class, () -> generate(WORDS, DecodingOptions.builder().count(2).seed(1L)));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt stays set for the caller");
            assertThrows(CancellationException.class, () -> generate(WORDS, DecodingOptions.builder().beam(2)));
        } finally {
            Thread.interrupted();
        }
        assertEquals(2, generate(WORDS, DecodingOptions.builder().count(2).seed(1L)).size(), "without the interrupt it runs");
    }

    @Test
    void reportedLogProbsAreTheModelsNotTheSamplingDistributions() {
        Network net = WORDS.newNetwork(new ScalarKernels());
        Vocabulary v = WORDS.vocabulary();
        List<Sample> samples = generate(WORDS, DecodingOptions.builder().count(8).seed(5L).temperature(1.7).topK(3));
        int ended = 0;
        for (Sample s : samples) {
            if (s.finish() != Sample.Finish.END) {
                continue;
            }
            ended++;
            assertEquals(Vocabulary.END, s.tokens().get(s.tokens().size() - 1));
            int[] ids = new int[s.tokens().size() + 1];
            ids[0] = v.startId();
            for (int i = 0; i < s.tokens().size(); i++) {
                ids[i + 1] = v.id(s.tokens().get(i));
            }
            float[] lp = new float[s.tokens().size()];
            net.tokenLogProbs(ids, lp);
            double sum = 0;
            for (int i = 0; i < lp.length; i++) {
                assertEquals(lp[i], s.logProbs().get(i), 1e-5, "token " + i + " of " + s.tokens());
                sum += lp[i];
            }
            assertEquals(sum, s.logProb(), 1e-4);
            assertEquals(String.join(" ", s.tokens().subList(0, s.length())), s.text());
        }
        assertTrue(ended >= 4, "most samples end at SENTENCE_END: " + ended);
    }

    @Test
    void aSeedGivesTheSameSamplesAndAnotherSeedOthers() {
        DecodingOptions.Builder b = DecodingOptions.builder().count(5).seed(11L).maxLength(20);
        List<String> first = generate(WORDS, b).stream().map(Sample::text).toList();
        assertEquals(first, generate(WORDS, b).stream().map(Sample::text).toList());
        assertNotEquals(first, generate(WORDS, b.seed(12L)).stream().map(Sample::text).toList());
    }

    @Test
    void greedyTakesTheArgmaxAndWaitsForMinLength() {
        Sample g = generate(WORDS, DecodingOptions.builder().greedy().minLength(3).maxLength(10)).get(0);
        assertTrue(g.length() >= 3, g.tokens().toString());
        Network net = WORDS.newNetwork(new ScalarKernels());
        Vocabulary v = WORDS.vocabulary();
        org.rnnlm4j.model.State s = net.newState();
        float[] logits = new float[v.size()];
        net.step(s, v.startId(), logits);
        for (int i = 0; i < g.tokens().size(); i++) {
            int best = -1;
            for (int id = 0; id < v.size(); id++) {
                boolean allowed = id != v.unknownId() && id != v.startId() && (id != v.endId() || i >= 3);
                if (allowed && (best < 0 || logits[id] > logits[best])) {
                    best = id;
                }
            }
            assertEquals(v.word(best), g.tokens().get(i), "step " + i);
            net.step(s, best, logits);
        }
    }

    @Test
    void samplingRedrawsSentencesShorterThanMinLength() {
        for (Sample s : generate(WORDS, DecodingOptions.builder().count(10).seed(2L).minLength(4).maxLength(8))) {
            assertTrue(s.length() >= 4 && s.length() <= 8, s.tokens().toString());
        }
    }

    @Test
    void noRepeatNgramHolds() {
        for (Sample s : generate(WORDS, DecodingOptions.builder().count(20).seed(3L).noRepeatNgram(2).maxLength(30))) {
            Set<String> bigrams = new HashSet<>();
            List<String> t = s.tokens().subList(0, s.length());
            for (int i = 0; i + 1 < t.size(); i++) {
                assertTrue(bigrams.add(t.get(i) + " " + t.get(i + 1)), "repeated bigram in " + t);
            }
        }
    }

    @Test
    void continuousGenerationGivesExactlyTheLengthAndStopsAtAStopString() {
        LanguageModel chars = TinyModels.chars();
        for (Sample s : generate(chars, DecodingOptions.builder().count(3).seed(1L).continuous(true).maxLength(25))) {
            assertEquals(25, s.tokens().size());
            assertEquals(Sample.Finish.LENGTH, s.finish());
            assertEquals(String.join("", s.tokens()), s.text());
        }
        int stopped = 0;
        for (Sample s : generate(chars, DecodingOptions.builder().count(10).seed(1L).continuous(true).maxLength(40)
                .stop(List.of("ca")))) {
            assertFalse(s.text().contains("ca"), s.text());
            if (s.finish() == Sample.Finish.STOP) {
                stopped++;
                assertTrue(String.join("", s.tokens()).endsWith("ca"), s.tokens().toString());
                assertEquals(s.tokens().size() - 2, s.text().length());
            }
        }
        assertTrue(stopped > 0, "some sample met the stop string");
    }

    @Test
    void continuousGenerationIsForStreamModelsOnly() {
        RnnlmException e = assertThrows(RnnlmException.class, () -> generate(WORDS, DecodingOptions.builder().continuous(true)));
        assertTrue(e.getMessage().contains("--max-length"), e.getMessage());
    }

    @Test
    void transcriptFindsTheEarliestStopAcrossTokens() {
        Transcript t = new Transcript(false, List.of("on't", "don"));
        t.add("I");
        t.add("do");
        assertEquals(-1, t.stopAt());
        Transcript fork = t.copy();
        t.add("n't");
        assertEquals(2, t.stopAt());            // "I don't": both appear with the last token; "don" first
        assertEquals("I ", t.text());
        fork.add("go");
        assertEquals(-1, fork.stopAt());
        assertEquals("I do go", fork.text());
    }
}
