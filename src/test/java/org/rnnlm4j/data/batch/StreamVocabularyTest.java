/*
 * StreamVocabularyTest: the benchmarks' orders (sorted code points, first appearance), unseen
 * symbols with and without an unknown symbol, and validation of stored symbol lists.
 */
package org.rnnlm4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;

class StreamVocabularyTest {

    @Test
    void charactersSortByCodePointLikePython() {
        // U+FF21 (a BMP char above the surrogates) sorts before U+1F600 in Python, after it in String.compareTo
        StreamVocabulary v = StreamVocabulary.build(TextConfig.Level.CHAR,
                List.of("b\uFF21a\r\n", "\uD83D\uDE00 a"));
        assertEquals(List.of("\n", " ", "a", "b", "\uFF21", "\uD83D\uDE00"), v.symbols());
        assertFalse(v.hasUnknown());
        assertEquals(StreamVocabulary.NO_UNKNOWN, v.unknownId());
        assertTrue(StreamVocabulary.compareCodePoints("ab", "abc") < 0);
        assertTrue(StreamVocabulary.compareCodePoints("\uFF21", "\uD83D\uDE00") < 0);
        assertTrue("\uFF21".compareTo("\uD83D\uDE00") > 0); // why a plain String sort would be wrong
    }

    @Test
    void wordsInFirstAppearanceOrderAcrossTextsWithEos() {
        // Python: vocab = {}; [vocab.setdefault(w, len(vocab)) for w in read(a) + read(b)]
        StreamVocabulary v = StreamVocabulary.build(TextConfig.Level.WORD, List.of("b a\na c\n", "d b\n"));
        assertEquals(List.of("b", "a", "<eos>", "c", "d"), v.symbols());
        assertEquals(2, v.id(StreamSymbols.END_OF_LINE));
    }

    @Test
    void unseenSymbolWithoutUnknownIsAOneLineErrorNamingSourceSymbolAndPosition() {
        StreamVocabulary v = StreamVocabulary.sorted(List.of("a", "b", "\n"));
        RnnlmException e = assertThrows(RnnlmException.class,
                () -> v.encode(List.of("a", "\u00e9", "b"), "--prime"));
        assertEquals("--prime has the symbol \"\u00e9\" (U+00E9) at position 1, which is not among the 3 symbols of "
                + "the vocabulary (it has no unknown symbol): remove it from the text, or build the vocabulary from "
                + "text that contains it", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(RnnlmException.class, () -> v.id("z"));
        assertEquals(1, v.id("a"));
    }

    @Test
    void lenientEncodingDropsUnseenSymbolsAndWarnsInOneLine() {
        StreamVocabulary v = StreamVocabulary.sorted(List.of("a", "b"));
        StreamVocabulary.Encoded e = v.encodeLenient(List.of("a", "\t", "b", "\t", "c"));
        assertArrayEquals(new int[] {0, 1}, e.ids());
        assertEquals(List.of("\t", "c"), e.unseen());
        assertEquals("warning: --prime has 2 symbol(s) the model's vocabulary lacks, left out: \"\\t\" (U+0009), "
                + "\"c\" (U+0063)", e.warning("--prime"));
        assertEquals("", v.encodeLenient(List.of("b")).warning("--prime"));
    }

    @Test
    void unseenSymbolsMapToTheUnknownSymbolWhenThereIsOne() {
        StreamVocabulary v = StreamVocabulary.of(List.of("the", "<unk>", "<eos>"), "<unk>");
        assertEquals(1, v.unknownId());
        assertEquals(1, v.id("zebra"));
        assertArrayEquals(new int[] {0, 1, 2}, v.encode(List.of("the", "zebra", "<eos>"), "test.txt"));
        StreamVocabulary.Encoded e = v.encodeLenient(List.of("the", "zebra"));
        assertArrayEquals(new int[] {0, 1}, e.ids());
        assertTrue(e.warning("--prime").contains("read as the unknown symbol"));
    }

    @Test
    void theTutorialVocabularyKeepsItsIdsAndItsUnknown() {
        Vocabulary tutorial = Vocabulary.build(List.of(List.of(Vocabulary.START, "x", "x", Vocabulary.END)), 10);
        StreamVocabulary v = StreamVocabulary.from(tutorial);
        assertEquals(tutorial.words(), v.symbols());
        assertEquals(tutorial.unknownId(), v.unknownId());
        assertEquals(tutorial.id("never-seen"), v.id("never-seen"));
    }

    @Test
    void storedListsAreValidated() {
        assertThrows(RnnlmException.class, () -> StreamVocabulary.of(List.of("a", "b", "a"), null));
        assertThrows(RnnlmException.class, () -> StreamVocabulary.of(List.of("a", ""), null));
        assertThrows(RnnlmException.class, () -> StreamVocabulary.of(List.of("a", "b"), "<unk>"));
        assertEquals(List.of("z", "a"), StreamVocabulary.of(List.of("z", "a"), null).symbols());
    }
}
