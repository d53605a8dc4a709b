/*
 * CorpusTest: markers, encoding, reports and load errors, on small text and the bundled PTB and Shakespeare.
 * PTB and Shakespeare figures were computed with Python 3 (str.split / set of characters per line).
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig.Format;

class CorpusTest {

    @TempDir
    Path dir;

    @Test
    void sentencesAreWrappedInMarkersAndEncoded() {
        Corpus corpus = Corpus.ofTokenSentences(List.of(List.of("a", "b"), List.of(), List.of("b")));
        assertEquals(List.of(List.of(Vocabulary.START, "a", "b", Vocabulary.END), List.of(Vocabulary.START, "b", Vocabulary.END)),
                corpus.sentences());
        Vocabulary v = corpus.buildVocabulary(10);
        // counts START 2, a 1, b 2, END 2 (first occurrences in that order)
        assertEquals(List.of(Vocabulary.START, "b", Vocabulary.END, "a", Vocabulary.UNKNOWN), v.words());
        List<int[]> ids = corpus.encode(v);
        assertArrayEquals(new int[] {0, 3, 1, 2}, ids.get(0));
        assertArrayEquals(new int[] {0, 1, 2}, ids.get(1));
    }

    @Test
    void reportCountsTokensWithoutMarkersAndOov() {
        Corpus train = Corpus.ofTokenSentences(List.of(List.of("a", "a", "b", "c")));
        Vocabulary v = train.buildVocabulary(5); // START, END, a, b + UNKNOWN
        Corpus test = Corpus.ofText("a z z b", TextConfig.lines());
        CorpusReport report = test.report(v);
        assertEquals(1, report.sentences());
        assertEquals(4, report.tokensWithoutMarkers());
        assertEquals(2, report.unknownTokens());
        assertEquals(0.5, report.oovRate());
        assertEquals("b", report.leastFrequentKept());
        assertEquals("corpus: 1 sentences, 4 tokens (without START/END); vocabulary 5 (least frequent kept: \"b\" x1); "
                + "OOV 50.00%", report.toString());
    }

    @Test
    void pennTreebankValidation() {
        Corpus corpus = Corpus.load(Path.of("data/ptb/ptb.valid.txt"), TextConfig.lines());
        assertEquals(3370, corpus.size());
        assertEquals(List.of(Vocabulary.START, "consumers", "may", "want", "to", "move"), corpus.sentences().get(0).subList(0, 6));
        Vocabulary v = corpus.buildVocabulary(100_000);
        assertEquals(6021 + 3, v.size());
        assertEquals(3485, v.count(v.id("<unk>"))); // <unk> is an ordinary token
        CorpusReport report = corpus.report(v);
        assertEquals(70390, report.tokensWithoutMarkers());
        assertEquals(0.0, report.oovRate());
    }

    @Test
    void tinyShakespeareCharacters() {
        Corpus corpus = Corpus.load(Path.of("data/tinyshakespeare.txt"), TextConfig.chars(Format.TEXT));
        assertEquals(32777, corpus.size());
        assertEquals("First Citizen:".length() + 2, corpus.sentences().get(0).size());
        Vocabulary v = corpus.buildVocabulary(1000);
        assertEquals(64 + 3, v.size());
        assertEquals(1075394, corpus.report(v).tokensWithoutMarkers());
        assertTrue(v.contains(" "));
        assertTrue(!v.contains("\n"));
    }

    @Test
    void fileWithoutSentencesIsAnError() throws IOException {
        Path headerOnly = Files.writeString(dir.resolve("h.csv"), "body\n\"\"\n");
        RnnlmException e = assertThrows(RnnlmException.class, () -> Corpus.load(headerOnly, TextConfig.benchmark()));
        assertEquals(headerOnly + " has no sentences with --level word --format csv --tokenizer regex: "
                + "check --format and --csv-column", e.getMessage());
    }

    @Test
    void fileErrorsPassThrough() {
        Path missing = dir.resolve("missing.txt");
        RnnlmException e = assertThrows(RnnlmException.class, () -> Corpus.load(missing, TextConfig.lines()));
        assertTrue(e.getMessage().startsWith(missing + " does not exist"), e.getMessage());
    }
}
