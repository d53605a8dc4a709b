/*
 * CorpusEvaluation's figures recomputed by hand from Scorer's per-token values: perplexity with and
 * without the OOV predictions, bits per character for a character model, and the two kinds of
 * skipped sentence (only unknown words; a symbol a model without an unknown symbol cannot read).
 */
package org.rnnlm4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.testutil.TinyModels;

class CorpusEvaluationTest {

    @Test
    void perplexityWithAndWithoutOovs() {
        Scorer scorer = new Scorer(TinyModels.sentenceModel("gru"), new ScalarKernels());
        List<List<String>> text = List.of(List.of("the", "cat", "sat"), List.of("the", "zebra", "sat", "on", "the", "okapi"),
                List.of("zebra", "okapi"), List.of("the", "dog", "."));
        CorpusEvaluation ev = new CorpusEvaluation(false);
        double ln = 0;
        double lnKnown = 0;
        long n = 0;
        long known = 0;
        for (List<String> s : text) {
            ev.add(scorer, s);
            if (s.get(0).equals("zebra")) {
                continue;   // only unknown words: skipped
            }
            for (Scorer.TokenScore t : scorer.scoreTokens("x", s).perToken()) {
                double v = t.log10Prob() * Math.log(10);
                ln += v;
                n++;
                if (!t.oov()) {
                    lnKnown += v;
                    known++;
                }
            }
        }
        assertEquals(4 + 7 + 4, n);
        assertEquals(13, known);
        Map<String, Object> m = ev.toMap();
        assertEquals(Math.exp(-ln / n), ev.perplexity(), 1e-9 * ev.perplexity());
        assertEquals(Math.exp(-lnKnown / known), (Double) m.get("perplexity_excluding_oovs"), 1e-9 * ev.perplexity());
        assertEquals(n, m.get("tokens"));
        assertEquals(known, m.get("tokens_excluding_oovs"));
        assertEquals(3L, m.get("sentences"));
        assertEquals(1L, m.get("skipped_sentences"));
        assertEquals(4L, m.get("oovs"));
        assertEquals(4.0 / 14, ev.oovRate(), 1e-12);
        assertFalse(m.containsKey("bits_per_char"));
    }

    @Test
    void bitsPerCharacterAndUnreadableLines() {
        Scorer scorer = new Scorer(TinyModels.charModel(), new ScalarKernels());
        CorpusEvaluation ev = new CorpusEvaluation(true);
        ev.add(scorer, List.of("a", "b", " ", "c"));
        ev.add(scorer, List.of("a", "z"));          // no unknown symbol: cannot be scored
        double ln = scorer.scoreTokens("x", List.of("a", "b", " ", "c")).nats();
        Map<String, Object> m = ev.toMap();
        assertEquals(ln / 5 / Math.log(2), (Double) m.get("bits_per_char"), 1e-12);
        assertEquals(1L, m.get("skipped_unseen_symbols"));
        assertEquals(0L, m.get("skipped_sentences"));
        assertEquals(1L, m.get("oovs"));
        assertTrue(m.get("perplexity_excluding_oovs") instanceof Double);
    }
}
