/*
 * TreebankWordTokenizerTest: sentences with known nltk.word_tokenize outputs.
 *
 * Expected outputs are NLTK's own: its tokenize.doctest regression sentences, the docstrings of
 * TreebankWordTokenizer / NLTKWordTokenizer, and its unit tests (test_word_tokenize,
 * test_pad_asterisk). The last group follows directly from the Penn Treebank rules.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TreebankWordTokenizerTest {

    private static List<String> tok(String s) {
        return TreebankWordTokenizer.INSTANCE.tokenize(s);
    }

    @Test
    void nltkRegressionSentences() {
        assertEquals(List.of("On", "a", "$", "50,000", "mortgage", "of", "30", "years", "at", "8", "percent", ",", "the",
                        "monthly", "payment", "would", "be", "$", "366.88", "."),
                tok("On a $50,000 mortgage of 30 years at 8 percent, the monthly payment would be $366.88."));
        assertEquals(List.of("``", "We", "beat", "some", "pretty", "good", "teams", "to", "get", "here", ",", "''",
                        "Slocum", "said", "."),
                tok("\"We beat some pretty good teams to get here,\" Slocum said."));
        assertEquals(List.of("Well", ",", "we", "could", "n't", "have", "this", "predictable", ",", "cliche-ridden",
                        ",", "``", "Touched", "by", "an", "Angel", "''", "(", "a", "show", "creator", "John", "Masius",
                        "worked", "on", ")", "wanna-be", "if", "she", "did", "n't", "."),
                tok("Well, we couldn't have this predictable, cliche-ridden, \"Touched by an Angel\" (a show creator "
                        + "John Masius worked on) wanna-be if she didn't."));
        assertEquals(List.of("I", "can", "not", "can", "not", "work", "under", "these", "conditions", "!"),
                tok("I cannot cannot work under these conditions!"));
        assertEquals(List.of("The", "company", "spent", "$", "30,000,000", "last", "year", "."),
                tok("The company spent $30,000,000 last year."));
        assertEquals(List.of("The", "company", "spent", "40.75", "%", "of", "its", "income", "last", "year", "."),
                tok("The company spent 40.75% of its income last year."));
        assertEquals(List.of("He", "arrived", "at", "3:00", "pm", "."), tok("He arrived at 3:00 pm."));
        assertEquals(List.of("I", "bought", "these", "items", ":", "books", ",", "pencils", ",", "and", "pens", "."),
                tok("I bought these items: books, pencils, and pens."));
        assertEquals(List.of("Though", "there", "were", "150", ",", "100", "of", "them", "were", "old", "."),
                tok("Though there were 150, 100 of them were old."));
        assertEquals(List.of("There", "were", "300,000", ",", "but", "that", "was", "n't", "enough", "."),
                tok("There were 300,000, but that wasn't enough."));
    }

    @Test
    void docstringExamplesOnMultiSentenceText() {
        // only the final period of the whole string is split off
        assertEquals(List.of("Good", "muffins", "cost", "$", "3.88", "(", "roughly", "3,36", "euros", ")", "in", "New",
                        "York.", "Please", "buy", "me", "two", "of", "them.", "Thanks", "."),
                tok("Good muffins cost $3.88 (roughly 3,36 euros)\nin New York.  Please buy me\ntwo of them.\nThanks."));
        assertEquals(List.of("Good", "muffins", "cost", "$", "3.88", "in", "New", "(", "York", ")", ".", "Please", "(",
                        "buy", ")", "me", "two", "of", "them.", "(", "Thanks", ")", "."),
                tok("Good muffins cost $3.88\nin New (York).  Please (buy) me\ntwo of them.\n(Thanks)."));
        assertEquals(List.of("They", "'ll", "save", "and", "invest", "more", "."), tok("They'll save and invest more."));
        assertEquals(List.of("hi", ",", "my", "name", "ca", "n't", "hello", ","), tok("hi, my name can't hello,"));
    }

    @Test
    void nltkUnitTests() {
        assertEquals(List.of("The", "'", "v", "'", ",", "I", "'ve", "been", "fooled", "but", "I", "'ll", "seek",
                "revenge", "."), tok("The 'v', I've been fooled but I'll seek revenge."));
        assertEquals(List.of("'", "v", "'", "'re", "'"), tok("'v' 're'"));
        assertEquals(List.of("This", "is", "a", ",", "*", "weird", "sentence", "with", "*", "asterisks", "in", "it", "."),
                tok("This is a, *weird sentence with *asterisks in it."));
    }

    @Test
    void contractionsOnLowerCasedText() {
        assertEquals(List.of("i", "'m", "sure", "it", "'s", "fine", ",", "you", "'re", "right", "."),
                tok("i'm sure it's fine, you're right."));
        assertEquals(List.of("we", "'ve", "said", "we", "'ll", "go", "and", "he", "'d", "come", "."),
                tok("we've said we'll go and he'd come."));
        assertEquals(List.of("do", "n't", ",", "ca", "n't", ",", "wo", "n't", "!"), tok("don't, can't, won't!"));
        assertEquals(List.of("gon", "na", "and", "wan", "na", "go"), tok("gonna and wanna go"));
    }

    @Test
    void periodsInsideAbbreviationsAndNumbersStay() {
        assertEquals(List.of("the", "u.s.", "has", "3.5", "million", "e.g.", "cats", "."),
                tok("the u.s. has 3.5 million e.g. cats."));
        assertEquals(List.of("he", "lives", "in", "the", "u.s", "."), tok("he lives in the u.s."));
    }

    @Test
    void ellipsisIsOneToken() {
        assertEquals(List.of("wait", "...", "what", "?"), tok("wait... what?"));
        assertEquals(List.of("so", "...."), tok("so...."));
    }

    @Test
    void quotesAndBrackets() {
        assertEquals(List.of("``", "hello", ",", "''", "she", "said", "(", "quietly", ")", "."),
                tok("\"hello,\" she said (quietly)."));
        assertEquals(List.of("a", "--", "b", "[", "c", "]", "{", "d", "}", "<", "e", ">"), tok("a--b [c] {d} <e>"));
        assertEquals(List.of("\u201c", "hi", "\u201d", "x", ";", "y", "@", "z", "#", "1", "&", "2"),
                tok("\u201chi\u201d x; y@z #1&2"));
    }

    @Test
    void emptyAndBlank() {
        assertEquals(List.of(), tok(""));
        assertEquals(List.of(), tok("  \n "));
        assertEquals("nltk", TreebankWordTokenizer.INSTANCE.name());
    }
}
