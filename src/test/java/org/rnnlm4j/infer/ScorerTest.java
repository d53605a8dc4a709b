/*
 * Scorer's figures on tiny fixed models: per-token values add up to the total, perplexity is
 * 10^(-total/predictions), the boundary switches drop exactly the START condition or the END
 * prediction, OOVs are counted among the predictions, and a stream model ends with its boundary.
 */
package org.rnnlm4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.testutil.TinyModels;

class ScorerTest {
    private final LanguageModel model = TinyModels.sentenceModel("gru");
    private final Scorer scorer = new Scorer(model, new ScalarKernels());
    private final List<String> words = List.of("the", "cat", "sat", "on", "the", "mat", ".");

    @Test
    void perTokenAddsUpToTheTotal() {
        Scorer.SentenceScore s = scorer.scoreTokens("x", words);
        assertEquals(8, s.predictions());
        assertEquals(8, s.perToken().size());
        double sum = 0;
        for (Scorer.TokenScore t : s.perToken()) {
            sum += t.log10Prob();
            assertTrue(t.log10Prob() < 0);
        }
        assertEquals(s.log10Prob(), sum, 1e-12);
        assertEquals(Math.pow(10, -s.log10Prob() / 8), s.perplexity(), 1e-9 * s.perplexity());
        assertEquals(Vocabulary.END, s.perToken().get(7).token());
        assertEquals(model.vocabulary().endId(), s.perToken().get(7).id());
        assertEquals(TinyModels.WORDS.indexOf("cat"), s.perToken().get(1).id());
    }

    @Test
    void noEosDropsTheEndPredictionOnly() {
        Scorer.SentenceScore full = scorer.scoreTokens("x", words);
        Scorer.SentenceScore noEos = scorer.scoreTokens("x", words, new Scorer.Boundaries(true, false));
        assertEquals(7, noEos.predictions());
        for (int i = 0; i < 7; i++) {
            assertEquals(full.perToken().get(i).log10Prob(), noEos.perToken().get(i).log10Prob(), 1e-6);
            assertEquals(full.perToken().get(i).token(), noEos.perToken().get(i).token());
        }
        assertEquals(full.log10Prob() - full.perToken().get(7).log10Prob(), noEos.log10Prob(), 1e-5);
    }

    @Test
    void noBosReadsTheFirstWordAsContext() {
        Scorer.SentenceScore noBos = scorer.scoreTokens("x", words, new Scorer.Boundaries(false, true));
        assertEquals(7, noBos.predictions());
        assertEquals("cat", noBos.perToken().get(0).token());
        // the same as the step-by-step chain the.cat.sat...END from a zero state
        int[] ids = scorer.ids("x", words, new Scorer.Boundaries(false, true));
        assertEquals(TinyModels.WORDS.indexOf("the"), ids[0]);
        double ln = new PrefixTreeScorer(model, new ScalarKernels()).scoreIndependently(ids);
        assertEquals(ln / Math.log(10), noBos.log10Prob(), 1e-5);
        assertTrue(Math.abs(noBos.log10Prob() - scorer.scoreTokens("x", words).log10Prob()) > 1e-3,
                "conditioning on START must change the figures");
    }

    @Test
    void nothingToPredict() {
        Scorer.Boundaries neither = new Scorer.Boundaries(false, false);
        Scorer.SentenceScore one = scorer.scoreTokens("cat", List.of("cat"), neither);
        assertEquals(0, one.predictions());
        assertEquals(0.0, one.log10Prob());
        assertTrue(Double.isNaN(one.perplexity()));
        Scorer.SentenceScore empty = scorer.scoreTokens("", List.of(), Scorer.Boundaries.SENTENCE);
        assertEquals(1, empty.predictions(), "a blank line still predicts its end");
        assertEquals(Vocabulary.END, empty.perToken().get(0).token());
    }

    @Test
    void oovsAreScoredAsTheUnknownSymbolAndCounted() {
        Scorer.SentenceScore s = scorer.scoreTokens("x", List.of("the", "zebra", "sat"));
        assertEquals(1, s.oovs());
        Scorer.TokenScore z = s.perToken().get(1);
        assertTrue(z.oov());
        assertEquals("zebra", z.token());
        assertEquals(model.vocabulary().unknownId(), z.id());
        assertFalse(s.perToken().get(3).oov(), "the end is not an OOV");
        // an OOV in the context-only first position is not a prediction, so not counted
        assertEquals(0, scorer.scoreTokens("x", List.of("zebra", "sat"), new Scorer.Boundaries(false, true)).oovs());
        RnnlmException e = assertThrows(RnnlmException.class, () -> scorer.scoreTokens("x", List.of("zebra", "okapi")));
        assertTrue(e.getMessage().contains("every word"), e.getMessage());
    }

    @Test
    void streamModelsEndWithTheirBoundary() {
        LanguageModel chars = TinyModels.charModel();
        Scorer.SentenceScore s = new Scorer(chars, new ScalarKernels()).score("ab c");
        assertEquals(5, s.predictions());
        assertEquals("\n", s.perToken().get(4).token());
        assertEquals(0, s.perToken().get(4).id());
        assertEquals(" ", s.perToken().get(2).token());
    }
}
