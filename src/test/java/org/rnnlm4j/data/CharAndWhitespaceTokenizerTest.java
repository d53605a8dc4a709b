/*
 * CharAndWhitespaceTokenizerTest: code-point tokens and whitespace splitting.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class CharAndWhitespaceTokenizerTest {

    @Test
    void charTokensAreCodePoints() {
        assertEquals(List.of("a", " ", "\u00e9", "\t", "\ud83d\ude00", "\u4e2d", "!"),
                CharTokenizer.INSTANCE.tokenize("a \u00e9\t\ud83d\ude00\u4e2d!"));
        assertEquals(List.of(), CharTokenizer.INSTANCE.tokenize(""));
    }

    @Test
    void charTokensShareStringsForLatin1() {
        assertSame(CharTokenizer.INSTANCE.tokenize("e").get(0), CharTokenizer.INSTANCE.tokenize("the").get(2));
    }

    @Test
    void whitespaceTokensKeepPennTreebankTokensAsTheyAre() {
        assertEquals(List.of("<unk>", "<unk>", "watching", "abc", "'s", "N", "years"),
                WhitespaceTokenizer.INSTANCE.tokenize(" <unk> <unk> watching abc 's N years \n"));
        assertEquals(List.of("a", "b", "c"), WhitespaceTokenizer.INSTANCE.tokenize("a\u00a0b\u2003\tc"));
        assertEquals(List.of(), WhitespaceTokenizer.INSTANCE.tokenize("   "));
    }

    @Test
    void tokenizersByName() {
        for (String name : Tokenizer.NAMES) {
            assertEquals(name, Tokenizer.named(name).name());
        }
        RnnlmException e = assertThrows(RnnlmException.class, () -> Tokenizer.named("spacy"));
        assertEquals("unknown tokenizer \"spacy\": use one of nltk, regex, whitespace, char", e.getMessage());
    }
}
