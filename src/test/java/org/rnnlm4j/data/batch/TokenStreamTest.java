/*
 * TokenStreamTest: text to ids, the char bench's int(0.9*N) split, errors for unseen symbols.
 */
package org.rnnlm4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;

class TokenStreamTest {

    @Test
    void charTextBecomesIdsWithNewlines() {
        String text = "ba\nab\n";
        StreamVocabulary v = StreamVocabulary.build(TextConfig.Level.CHAR, List.of(text)); // \n a b
        TokenStream s = TokenStream.of(text, TextConfig.Level.CHAR, v, "t.txt");
        assertArrayEquals(new int[] {2, 1, 0, 1, 2, 0}, s.toArray());
    }

    @Test
    void wordTextBecomesIdsWithEos() {
        StreamVocabulary v = StreamVocabulary.build(TextConfig.Level.WORD, List.of("x y\ny\n"));
        TokenStream s = TokenStream.of("y x\n\n", TextConfig.Level.WORD, v, "t.txt");
        assertArrayEquals(new int[] {1, 0, 2, 2}, s.toArray());
        RnnlmException e = assertThrows(RnnlmException.class,
                () -> TokenStream.of("x z\n", TextConfig.Level.WORD, v, "test.txt"));
        assertTrue(e.getMessage().startsWith("test.txt has the symbol \"z\" (U+007A) at position 1"), e.getMessage());
    }

    @Test
    void splitTakesTheFirstIntOfFractionTimesN() {
        // Python: int(0.9 * 10) == 9, int(0.29 * 100) == 28 (0.29*100 = 28.999999999999996, truncated)
        assertEquals(9, TokenStream.ofIds(new int[10]).split(0.9).train().length());
        assertEquals(28, TokenStream.ofIds(new int[100]).split(0.29).train().length());
        assertEquals(72, TokenStream.ofIds(new int[100]).split(0.29).valid().length());
        TokenStream.Split split = TokenStream.ofIds(0, 1, 2, 3, 4, 5, 6).split(0.5);
        assertArrayEquals(new int[] {0, 1, 2}, split.train().toArray());
        assertArrayEquals(new int[] {3, 4, 5, 6}, split.valid().toArray());
        assertThrows(RnnlmException.class, () -> split.train().split(1.0));
        assertThrows(RnnlmException.class, () -> split.train().split(0));
        assertThrows(IllegalArgumentException.class, () -> TokenStream.ofIds(1, -1));
    }

    @Test
    void toArrayIsACopy() {
        TokenStream s = TokenStream.ofIds(1, 2, 3);
        s.toArray()[0] = 9;
        assertEquals(1, s.id(0));
    }
}
