/*
 * RegexWordTokenizerTest: the benchmark tokenizer against outputs of Python's
 * re.findall(r"\w+(?:'\w+)*|[^\w\s]", s, re.ASCII), recorded from Python 3.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class RegexWordTokenizerTest {

    private static List<String> tok(String s) {
        return RegexWordTokenizer.INSTANCE.tokenize(s);
    }

    @Test
    void apostrophesJoinWordsOnlyBetweenWordCharacters() {
        assertEquals(List.of("don't", "stop", "-", "believin", "'", "now", "!"), tok("don't stop-believin' now!"));
        assertEquals(List.of("it's", "'", "quoted", "'", "o'neil's", "rock'n'roll", "'", "'", "x"),
                tok("it's 'quoted' o'neil's rock'n'roll ''x"));
    }

    @Test
    void digitsAndUnderscoreAreWordCharactersButPeriodsAreNot() {
        assertEquals(List.of("foo_bar", "3", ".", "5"), tok("foo_bar 3.5"));
    }

    @Test
    void nonAsciiLettersAreSingleTokens() {
        assertEquals(List.of("caf", "\u00e9", "na", "\u00ef", "ve"), tok("caf\u00e9 na\u00efve"));
        assertEquals(List.of("x", "\u0301", "y"), tok("x\u0301y")); // a combining accent too
    }

    @Test
    void supplementaryCharacterIsOneTokenNotTwoSurrogates() {
        assertEquals(List.of("hi", "\ud83d\ude00", "!"), tok("hi \ud83d\ude00!"));
    }

    @Test
    void onlyAsciiWhitespaceSeparates() {
        // \v and \f are whitespace under re.ASCII; U+001C, NBSP and EM SPACE are tokens
        assertEquals(List.of("a", "b", "c", "\u001c", "d", "\u00a0", "e", "\u2003", "f"),
                tok("a\u000bb\u000cc\u001cd\u00a0e\u2003f"));
    }

    @Test
    void emptyAndBlank() {
        assertEquals(List.of(), tok(""));
        assertEquals(List.of(), tok(" \t\r\n"));
        assertEquals("regex", RegexWordTokenizer.INSTANCE.name());
    }
}
