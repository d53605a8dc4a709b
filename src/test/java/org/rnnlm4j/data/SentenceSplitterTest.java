/*
 * SentenceSplitterTest: the benchmark's regex split (against Python output) and the Punkt approximation.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class SentenceSplitterTest {

    private static List<String> punkt(String s) {
        return SentenceSplitter.PUNKT.split(s);
    }

    @Test
    void regexIsPythonReSplitWithAsciiWhitespace() {
        // Python: re.split(r'(?<=[.!?])\s+', ' hi. there!  \nyou?no. \xa0x. ', flags=re.ASCII)
        assertEquals(List.of(" hi.", "there!", "you?no.", "\u00a0x.", ""),
                SentenceSplitter.REGEX.split(" hi. there!  \nyou?no. \u00a0x. "));
        assertEquals(List.of("no terminator at all"), SentenceSplitter.REGEX.split("no terminator at all"));
        assertEquals(List.of("a.", "b"), SentenceSplitter.REGEX.split("a.\u000b\u000cb"));
        assertEquals(List.of(""), SentenceSplitter.REGEX.split(""));
    }

    @Test
    void noneKeepsTheWholeText() {
        assertEquals(List.of("a. b. c"), SentenceSplitter.NONE.split("a. b. c"));
    }

    @Test
    void punktSplitsAfterTerminatorsFollowedBySpace() {
        assertEquals(List.of("I called Dr. Jones.", "I called Dr. Jones."), punkt("I called Dr. Jones. I called Dr. Jones."));
        assertEquals(List.of("wait... what?!", "no way"), punkt("wait... what?! no way"));
        assertEquals(List.of("the price is 3.5 dollars.", "ok"), punkt("the price is 3.5 dollars. ok"));
        assertEquals(List.of("so!really?", "yes."), punkt("so!really? yes."));
    }

    @Test
    void punktKeepsAbbreviationsInitialsAndAcronyms() {
        assertEquals(List.of("i live in the u.s. it is big.", "mr. smith agrees, e.g. on tuesdays etc. and so on."),
                punkt("i live in the u.s. it is big. mr. smith agrees, e.g. on tuesdays etc. and so on."));
        assertEquals(List.of("plan b. then j. r. r. tolkien came."), punkt("plan b. then j. r. r. tolkien came."));
    }

    @Test
    void punktClosingQuotesAndBracketsStayWithTheirSentence() {
        assertEquals(List.of("he said \"stop.\"", "then left.", "(see above.)", "next"),
                punkt("he said \"stop.\" then left. (see above.) next"));
    }

    @Test
    void punktNumbersAndEllipsesSplitOnlyBeforeACapital() {
        assertEquals(List.of("in 2015. then it rained"), punkt("in 2015. then it rained"));
        assertEquals(List.of("in 2015.", "Then it rained"), punkt("in 2015. Then it rained"));
        assertEquals(List.of("well... maybe"), punkt("well... maybe"));
        assertEquals(List.of("Well...", "Maybe"), punkt("Well... Maybe"));
    }

    @Test
    void punktIgnoresBareLineBreaksAndTrims() {
        assertEquals(List.of("first line\nsecond line.", "third"), punkt("  first line\nsecond line.\n\nthird\n"));
        assertEquals(List.of(), punkt(" \n "));
        assertEquals(List.of("."), punkt(" . "));
    }

    @Test
    void byName() {
        assertEquals(SentenceSplitter.PUNKT, SentenceSplitter.named("punkt"));
        assertEquals("regex", SentenceSplitter.REGEX.configName());
        RnnlmException e = assertThrows(RnnlmException.class, () -> SentenceSplitter.named("spacy"));
        assertEquals("unknown sentence splitter \"spacy\": use one of punkt, regex, none", e.getMessage());
    }
}
