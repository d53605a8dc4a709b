/*
 * StreamSymbols: how a whole text becomes one sequence of symbols in stream mode.
 *
 * Contract: a pure function of the text, one rule per level, each matching the Python reference
 * (../shared/bench/pytorch_bench.py), which reads files in text mode, so line breaks are
 * "universal newlines": CRLF and a lone CR read as LF.
 *   CHAR  every Unicode code point of the text, line breaks INCLUDED (as "\n"), in order:
 *         Python's list(open(f).read()). A surrogate pair is one symbol.
 *   WORD  for each line: its whitespace-separated tokens (Python's str.split()), then END_OF_LINE;
 *         an empty line gives END_OF_LINE alone; a last line without a terminator still ends with
 *         END_OF_LINE: [w for line in f for w in line.split() + ['<eos>']] (the PTB convention).
 * Nothing is lower-cased or otherwise normalized. A token "<eos>" already in the text is the same
 * symbol as END_OF_LINE. Not the sentence pipeline: no START/END markers, no sentence splitting
 * (TextConfig and Corpus do that for sentence mode).
 */
package org.rnnlm4j.data.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rnnlm4j.data.CharTokenizer;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.TextFiles;
import org.rnnlm4j.data.WhitespaceTokenizer;

public final class StreamSymbols {

    /** The symbol that ends every line at word level (Penn Treebank / Mikolov convention). */
    public static final String END_OF_LINE = "<eos>";
    /** Penn Treebank's unknown-word token: when the training text has it, it is the model's unknown symbol. */
    public static final String UNKNOWN = "<unk>";

    private StreamSymbols() {
    }

    /** The symbols of {@code text} at {@code level}, as the class comment defines them. */
    public static List<String> of(String text, TextConfig.Level level) {
        return level == TextConfig.Level.CHAR ? characters(text) : words(text);
    }

    /** Code points, line breaks included and read as "\n". */
    public static List<String> characters(String text) {
        return CharTokenizer.INSTANCE.tokenize(normalizeLineBreaks(text));
    }

    /** Whitespace tokens of each line, each line followed by END_OF_LINE. */
    public static List<String> words(String text) {
        List<String> symbols = new ArrayList<>(text.length() / 5 + 16);
        for (String line : TextFiles.splitLines(text)) {
            symbols.addAll(WhitespaceTokenizer.INSTANCE.tokenize(line));
            symbols.add(END_OF_LINE);
        }
        return symbols;
    }

    /** {@code text} with CRLF and lone CR replaced by LF (Python's universal newlines). */
    public static String normalizeLineBreaks(String text) {
        if (text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /**
     * A symbol as it can be shown inside a one-line message: quoted, with line breaks, tabs and other
     * control or invisible characters escaped, and the code point of a one-character symbol added,
     * e.g. {@code "\n" (U+000A)} or {@code "é" (U+00E9)}.
     */
    public static String display(String symbol) {
        StringBuilder sb = new StringBuilder(symbol.length() + 12).append('"');
        symbol.codePoints().forEach(cp -> {
            switch (cp) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                            || Character.getType(cp) == Character.LINE_SEPARATOR
                            || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                        sb.append(String.format(Locale.ROOT, "\\u%04X", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        sb.append('"');
        if (symbol.codePointCount(0, symbol.length()) == 1) {
            sb.append(String.format(Locale.ROOT, " (U+%04X)", symbol.codePointAt(0)));
        }
        return sb.toString();
    }
}
