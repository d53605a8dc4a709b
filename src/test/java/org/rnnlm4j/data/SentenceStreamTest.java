/*
 * SentenceStream gives the sentences TextConfig gives for a whole file (LINES, CSV, character
 * level), reads TEXT paragraph by paragraph, and streams: the first sentence arrives after reading
 * a small part of a long input, which is generated on the fly and never held whole.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentenceStreamTest {
    @TempDir
    Path dir;

    static List<List<String>> stream(TextConfig c, String text, boolean userText) throws IOException {
        List<List<String>> out = new ArrayList<>();
        SentenceStream.forEach(c, new BufferedReader(new StringReader(text)), "test", userText, out::add);
        return out;
    }

    @Test
    void sameSentencesAsReadingTheWholeFile() throws IOException {
        String lines = "\uFEFFthe cat sat .\r\n\nA dog   barked\rend\n";
        String csv = "id,body\n1,\"Hello there. How are you?\nFine.\"\n2,second one\n";
        for (Object[] c : new Object[][] {{TextConfig.lines(), lines}, {TextConfig.tutorial(), csv},
                {TextConfig.chars(TextConfig.Format.LINES), lines}, {TextConfig.chars(TextConfig.Format.TEXT), lines}}) {
            TextConfig tc = (TextConfig) c[0];
            Path f = Files.writeString(dir.resolve("f.txt"), (String) c[1]);
            assertEquals(tc.sentencesOfFile(f), stream(tc, (String) c[1], false), tc.toString());
        }
        assertEquals(TextConfig.tutorial().sentencesOfText("Hi there. Bye.\nok"),
                stream(TextConfig.tutorial(), "Hi there. Bye.\nok", true), "user text of a CSV model: lines");
    }

    @Test
    void textFormatReadsParagraphs() throws IOException {
        TextConfig tc = new TextConfig(TextConfig.Level.WORD, TextConfig.Format.TEXT, "whitespace", false, "punkt", "body");
        String text = "The cat sat. The dog\nbarked.\n\nChapter two\n\nIt rained.";
        assertEquals(List.of(List.of("The", "cat", "sat."), List.of("The", "dog", "barked."), List.of("Chapter", "two"),
                List.of("It", "rained.")), stream(tc, text, false));
    }

    @Test
    void streamsWithoutReadingAhead() throws IOException {
        int lines = 200_000;                     // ~3 MB if it were held
        LineSource source = new LineSource(lines);
        long[] readWhenFirstArrived = {-1};
        int[] count = {0};
        SentenceStream.forEach(TextConfig.lines(), new BufferedReader(source), "generated", false, s -> {
            if (count[0]++ == 0) {
                readWhenFirstArrived[0] = source.charsRead;
            }
        });
        assertEquals(lines, count[0]);
        assertTrue(readWhenFirstArrived[0] <= 8192 + 64, "read " + readWhenFirstArrived[0] + " chars before the first sentence");
    }

    /** "the cat sat number i\n" for i < n, produced as it is read. */
    static final class LineSource extends Reader {
        private final int n;
        private int line;
        private String current = "";
        private int pos;
        long charsRead;

        LineSource(int n) {
            this.n = n;
        }

        @Override
        public int read(char[] buf, int off, int len) {
            if (pos == current.length()) {
                if (line == n) {
                    return -1;
                }
                current = "the cat sat number " + line++ + "\n";
                pos = 0;
            }
            int k = Math.min(len, current.length() - pos);
            current.getChars(pos, pos + k, buf, off);
            pos += k;
            charsRead += k;
            return k;
        }

        @Override
        public void close() {
        }
    }
}
