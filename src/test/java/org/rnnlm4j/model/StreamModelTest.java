/*
 * Stream models (char-rnn style: exact symbol list, a boundary symbol, maybe no unknown symbol)
 * survive the model file, score lines between boundaries, refuse unseen symbols clearly, and
 * generate without a crash.
 */
package org.rnnlm4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.infer.DecodingOptions;
import org.rnnlm4j.infer.Generator;
import org.rnnlm4j.infer.Sample;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.nn.Activation;

class StreamModelTest {
    @TempDir
    Path dir;

    static LanguageModel charModel() {
        Vocabulary v = Vocabulary.ofStream(List.of("\n", " ", "a", "b", "c"), "\n", null);
        ModelConfig c = new ModelConfig("lstm", Activation.TANH, v.size(), 4, 6, 2, true, true, true, "pytorch");
        return LanguageModel.initialize(c, v, TextConfig.chars(TextConfig.Format.LINES), 1, Map.of("provenance.seed", "1"));
    }

    @Test
    void roundTripsThroughTheModelFile() {
        LanguageModel m = charModel();
        Path p = dir.resolve("c.model");
        ModelStore.save(m, p);
        LanguageModel back = ModelStore.load(p);
        assertTrue(back.vocabulary().isStream());
        assertEquals("\n", back.vocabulary().boundary());
        assertEquals(-1, back.vocabulary().unknownId());
        assertEquals(m.vocabulary().words(), back.vocabulary().words());
        assertEquals("lstm", back.config().cell());
        double a = new Scorer(m, new ScalarKernels()).score("ab c").log10Prob();
        double b = new Scorer(back, new ScalarKernels()).score("ab c").log10Prob();
        assertEquals(a, b, 0.0);
    }

    @Test
    void scoresALineBetweenBoundaries() {
        Scorer.SentenceScore s = new Scorer(charModel(), new ScalarKernels()).score("abc");
        assertEquals(4, s.predictions()); // a, b, c, then the boundary
        assertTrue(s.log10Prob() < 0);
    }

    @Test
    void unseenSymbolIsAOneLineError() {
        RnnlmException e = assertThrows(RnnlmException.class, () -> new Scorer(charModel(), new ScalarKernels()).score("abz"));
        assertTrue(e.getMessage().contains("\"z\""), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void generatesFromTheVocabulary() {
        Sample s = new Generator(charModel(), new ScalarKernels()).generate(new int[0],
                DecodingOptions.builder().seed(3L).maxLength(30).build()).get(0);
        for (String t : s.tokens().subList(0, s.length())) {
            assertTrue(List.of(" ", "a", "b", "c").contains(t), t);
        }
        assertEquals(String.join("", s.tokens().subList(0, s.length())), s.text());
    }
}
