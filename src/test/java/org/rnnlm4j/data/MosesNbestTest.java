/*
 * Moses n-best lines: parsed field by field, written back with a feature in the list's own label
 * style and any trailing fields kept, grouped by id, and every malformed input a one-line error
 * with its line number.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class MosesNbestTest {

    @Test
    void parsesAndWritesBackInTheListsStyle() {
        MosesNbest.Entry e = MosesNbest.parse(3, "12 ||| the house  ||| d: 0 -4 lm: -21.7 w: -4 ||| -5.34");
        assertEquals(3, e.line());
        assertEquals("12", e.id());
        assertEquals("the house", e.hypothesis());
        assertEquals(-5.34, e.total());
        assertTrue(e.hasFeature("lm"));
        assertFalse(e.hasFeature("rnnlm"));
        assertEquals("12 ||| the house ||| d: 0 -4 lm: -21.7 w: -4 rnnlm: -3.1416 ||| -5.34",
                e.withFeature("rnnlm", -Math.PI, e.totalText()));

        MosesNbest.Entry newer = MosesNbest.parse(1, "0 ||| a b ||| Distortion0= 0 LM0= -20.5 ||| -4.1 ||| 0-0 1-1");
        assertEquals("0 ||| a b ||| Distortion0= 0 LM0= -20.5 rnnlm= -2.5000 ||| -7.0000 ||| 0-0 1-1",
                newer.withFeature("rnnlm", -2.5, "-7.0000"));
        assertTrue(newer.hasFeature("LM0"));

        MosesNbest.Entry bare = MosesNbest.parse(1, "0 |||  |||  ||| 0");
        assertEquals("", bare.hypothesis());
        assertEquals("0 |||  ||| lm: -1.0000 ||| 0", bare.withFeature("lm", -1, "0"));
    }

    @Test
    void malformedLinesAreOneLineErrorsWithTheLineNumber() {
        for (String[] c : new String[][] {
                {"0 ||| a b ||| d: 1", "line 7 has 3 field"},
                {"just a sentence", "line 7 has 1 field"},
                {"0 ||| a ||| d: 1 ||| high", "\"high\", which is not a number"},
                {"0 ||| a ||| d: 1 ||| NaN", "not a number"},
                {" ||| a ||| d: 1 ||| -1", "sentence id \"\""}}) {
            RnnlmException e = assertThrows(RnnlmException.class, () -> MosesNbest.parse(7, c[0]));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(e.getMessage().startsWith("line 7"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void groupsBlocksByIdAndRejectsAnIdThatComesBack() {
        List<List<MosesNbest.Entry>> blocks = new ArrayList<>();
        MosesNbest.Grouper g = new MosesNbest.Grouper(blocks::add);
        String[] lines = {"0 ||| a ||| f: 1 ||| -1", "0 ||| b ||| f: 1 ||| -2", "", "1 ||| c ||| f: 1 ||| -1",
            "2 ||| d ||| f: 1 ||| -1", "2 ||| e ||| f: 1 ||| -1"};
        for (int i = 0; i < lines.length; i++) {
            g.accept(i + 1, lines[i]);
        }
        assertEquals(2, blocks.size(), "a block is handed over when the next id starts");
        g.finish();
        assertEquals(3, blocks.size());
        assertEquals(List.of(2, 1, 2), blocks.stream().map(List::size).toList());
        assertEquals(4, blocks.get(1).get(0).line());

        RnnlmException e = assertThrows(RnnlmException.class, () -> g.accept(7, "1 ||| again ||| f: 1 ||| -1"));
        assertTrue(e.getMessage().contains("line 7") && e.getMessage().contains("sort"), e.getMessage());
    }
}
