/*
 * VocabularyTest: Counter.most_common ordering, ties by first occurrence, UNKNOWN last, validation.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class VocabularyTest {

    static final String S = Vocabulary.START;
    static final String E = Vocabulary.END;
    static final String U = Vocabulary.UNKNOWN;

    // counts: S 2, b 2, a 2, E 2, c 1, d 3; first occurrences in the order S b a E c d
    static final List<List<String>> SENTENCES = List.of(
            List.of(S, "b", "a", E),
            List.of(S, "a", "b", "c", "d", "d", "d", E));

    @Test
    void frequencyOrderWithTiesByFirstOccurrenceAndUnknownLast() {
        Vocabulary v = Vocabulary.build(SENTENCES, 100);
        // Python: Counter(...).most_common() == [('d',3), ('S',2), ('b',2), ('a',2), ('E',2), ('c',1)]
        assertEquals(List.of("d", S, "b", "a", E, "c", U), v.words());
        assertEquals(6, v.unknownId());
        assertEquals(1, v.startId());
        assertEquals(4, v.endId());
        assertArrayEquals(new long[] {3, 2, 2, 2, 2, 1, 0},
                java.util.stream.IntStream.range(0, v.size()).mapToLong(v::count).toArray());
    }

    @Test
    void cutKeepsTheMostFrequentAndCountsTheRestAsUnknown() {
        Vocabulary v = Vocabulary.build(SENTENCES, 6); // most_common(5) + UNKNOWN
        assertEquals(List.of("d", S, "b", "a", E, U), v.words());
        assertEquals(1, v.count(v.unknownId()));
        assertEquals(v.unknownId(), v.id("c"));
        assertArrayEquals(new int[] {1, 3, v.unknownId(), 0, 4}, v.encode(List.of(S, "a", "c", "d", E)));
    }

    @Test
    void markersAreKeptEvenWhenLessFrequentThanTheCut() {
        // most_common(3) would be d, S, b and drop END; the vocabulary keeps END instead of b
        Vocabulary v = Vocabulary.build(SENTENCES, 4);
        assertEquals(List.of("d", S, E, U), v.words());
        assertEquals(2 + 2 + 1, v.count(v.unknownId())); // b, a, c
    }

    @Test
    void markersAbsentFromTheInputAreAddedWithCountZero() {
        Vocabulary v = Vocabulary.build(List.of(List.of("x", "y", "x")), 10);
        assertEquals(List.of("x", "y", S, E, U), v.words());
        assertEquals(0, v.count(v.startId()));
    }

    @Test
    void literalUnknownTokenInTheTextIsCountedAsUnknown() {
        Vocabulary v = Vocabulary.build(List.of(List.of(S, U, "x", U, E)), 10);
        assertEquals(List.of(S, "x", E, U), v.words());
        assertEquals(2, v.count(v.unknownId()));
    }

    @Test
    void vocabSizeTooSmall() {
        for (int size : new int[] {0, 1, 2}) {
            RnnlmException e = assertThrows(RnnlmException.class, () -> Vocabulary.build(SENTENCES, size));
            assertEquals("--vocab-size must be at least 3 (room for SENTENCE_START, SENTENCE_END and UNKNOWN_TOKEN), got "
                    + size, e.getMessage());
        }
        assertEquals(3, Vocabulary.build(SENTENCES, 3).size());
    }

    @Test
    void ofKeepsTheStoredOrderAndHasNoCounts() {
        Vocabulary v = Vocabulary.of(List.of(U, "hello", S, E));
        assertEquals(0, v.unknownId());
        assertEquals(2, v.startId());
        assertEquals(3, v.endId());
        assertEquals(1, v.id("hello"));
        assertEquals(0, v.id("never seen"));
        assertTrue(v.contains("hello"));
        assertFalse(v.contains("never seen"));
        assertEquals("hello", v.word(1));
        assertEquals(-1, v.count(1));
        assertFalse(v.hasCounts());
        assertThrows(UnsupportedOperationException.class, () -> v.words().add("x"));
    }

    @Test
    void ofRejectsDamagedWordLists() {
        assertEquals("vocabulary has \"a\" twice (ids 0 and 2): the model file is damaged",
                assertThrows(RnnlmException.class, () -> Vocabulary.of(List.of("a", S, "a", E, U))).getMessage());
        assertEquals("vocabulary word 1 is empty: the model file is damaged",
                assertThrows(RnnlmException.class, () -> Vocabulary.of(List.of(S, "", E, U))).getMessage());
        assertEquals("vocabulary word 1 is empty: the model file is damaged",
                assertThrows(RnnlmException.class, () -> Vocabulary.of(Arrays.asList(S, null, E, U))).getMessage());
        assertEquals("vocabulary of 3 words lacks SENTENCE_START: the model file is damaged or was not written by rnnlm4j",
                assertThrows(RnnlmException.class, () -> Vocabulary.of(List.of("a", E, U))).getMessage());
    }

    @Test
    void roundTripThroughWords() {
        Vocabulary built = Vocabulary.build(SENTENCES, 100);
        Vocabulary loaded = Vocabulary.of(built.words());
        assertEquals(built.words(), loaded.words());
        assertArrayEquals(built.encode(SENTENCES.get(1)), loaded.encode(SENTENCES.get(1)));
    }
}
