/*
 * SentenceStream: the sentences (token lists) of a text, read as a model's TextConfig says and
 * handed to a callback one at a time, so a text of a million lines needs the memory of one line
 * (one CSV record, one paragraph), not of the text.
 *
 * Contract: the same sentences as TextConfig.sentencesOfFile (a file) or sentencesOfText (user
 * text), with one exception for TEXT-format word models: the text is read paragraph by paragraph,
 * so a blank line ends a sentence even where the sentence splitter would have joined across it.
 *   CSV, a file      record by record, the model's column, each value a document
 *   CSV, user text   line by line, each line a document (TextConfig.sentencesOfText)
 *   LINES            line by line, each line a document
 *   TEXT             paragraph by paragraph (lines up to a blank line), each paragraph a document
 *   CHAR level       line by line (a character model's sentence is a line) — except CSV files,
 *                    whose records may hold line breaks
 * Lines are split at LF, CRLF or CR (BufferedReader.readLine, the same as TextFiles.splitLines); a
 * leading BOM is dropped. The caller owns the reader and its decoding (strict UTF-8) and errors.
 */
package org.rnnlm4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

import org.rnnlm4j.RnnlmException;

public final class SentenceStream {
    private SentenceStream() {
    }

    /**
     * Reads {@code in} to its end and calls {@code sink} for every sentence. {@code name} names the
     * input in messages; {@code userText} = true for text typed or piped in (a CSV model then reads
     * plain lines), false for a file in the model's format.
     */
    public static void forEach(TextConfig text, BufferedReader in, String name, boolean userText,
                               Consumer<List<String>> sink) throws IOException {
        if (text.format() == TextConfig.Format.CSV && !userText) {
            CsvReader.forEachValue(in, text.csvColumn(), name, value -> {
                checkText(value, name);
                text.sentencesOfDocument(value).forEach(sink);
            });
            return;
        }
        boolean paragraphs = text.format() == TextConfig.Format.TEXT && text.level() == TextConfig.Level.WORD;
        StringBuilder paragraph = new StringBuilder();
        String line;
        boolean first = true;
        while ((line = in.readLine()) != null) {
            if (first && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            first = false;
            checkText(line, name);
            if (!paragraphs) {
                if (!line.isEmpty()) {
                    text.sentencesOfDocument(line).forEach(sink);
                }
            } else if (line.isBlank()) {
                flush(text, paragraph, sink);
            } else {
                paragraph.append(line).append('\n');
            }
        }
        flush(text, paragraph, sink);
    }

    private static void flush(TextConfig text, StringBuilder paragraph, Consumer<List<String>> sink) {
        if (paragraph.length() > 0) {
            text.sentencesOfDocument(paragraph.toString()).forEach(sink);
            paragraph.setLength(0);
        }
    }

    private static void checkText(String s, String name) {
        if (s.indexOf('\0') >= 0) {
            throw new RnnlmException(name + " looks like a binary file (it has a NUL byte): pass a UTF-8 text file");
        }
    }
}
