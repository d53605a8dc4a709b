/*
 * StreamSymbolsTest: the stream-mode symbols of a text, as the Python benchmark reads them.
 */
package org.rnnlm4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.data.TextConfig;

class StreamSymbolsTest {

    @Test
    void charactersKeepLineBreaksAsLfAndSurrogatePairsWhole() {
        // Python: list(open(f, encoding='utf-8').read()) on the bytes "ab\r\nc\rd\n\U0001F600\n"
        assertEquals(List.of("a", "b", "\n", "c", "\n", "d", "\n", "\uD83D\uDE00", "\n"),
                StreamSymbols.of("ab\r\nc\rd\n\uD83D\uDE00\n", TextConfig.Level.CHAR));
        assertEquals(List.of(" ", "\t", "x"), StreamSymbols.characters(" \tx"));
    }

    @Test
    void wordsEndEachLineWithEosIncludingEmptyAndUnterminatedLines() {
        // Python: [w for line in f for w in line.split() + ['<eos>']] on " the cat \n\n sat\u00a0down\r\nend"
        assertEquals(List.of("the", "cat", "<eos>", "<eos>", "sat", "down", "<eos>", "end", "<eos>"),
                StreamSymbols.of(" the cat \n\n sat\u00a0down\r\nend", TextConfig.Level.WORD));
        assertEquals(List.of("a", "<eos>"), StreamSymbols.words("a\n"));
        assertEquals("<eos>", StreamSymbols.END_OF_LINE);
    }

    @Test
    void displayEscapesWhatWouldBreakAOneLineMessage() {
        assertEquals("\"\\n\" (U+000A)", StreamSymbols.display("\n"));
        assertEquals("\"\u00e9\" (U+00E9)", StreamSymbols.display("\u00e9"));
        assertEquals("\"\\u2028\" (U+2028)", StreamSymbols.display("\u2028"));
        assertEquals("\"\\\"a\\\\\"", StreamSymbols.display("\"a\\"));
        assertEquals("\"<eos>\"", StreamSymbols.display("<eos>"));
    }
}
