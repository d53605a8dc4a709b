/*
 * TextOptions: the flags that say how a training file becomes token sentences (a picocli mixin
 * shared by train, tutorial and demo). Defaults follow the file: a .csv is read as the tutorial
 * reads reddit comments (column body, lower-cased, sentence-split, NLTK-style words); anything else
 * as one sentence per line, already tokenized (Penn Treebank style). --level char reads Unicode code
 * points, one sequence per line.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.rnnlm4j.data.TextConfig.Format;
import org.rnnlm4j.data.TextConfig.Level;
import org.rnnlm4j.data.TextConfig;
import picocli.CommandLine.Option;

final class TextOptions {
    @Option(names = "--format", paramLabel = "csv|lines|text",
            description = "Input format (default: csv for *.csv, else lines). lines = one tokenized sentence per line; text = running text, split into sentences.")
    String format;

    @Option(names = "--level", paramLabel = "word|char", defaultValue = "word", description = "Tokens are words or characters (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--csv-column", paramLabel = "NAME", defaultValue = "body", description = "CSV column holding the text (default: ${DEFAULT-VALUE}).")
    String csvColumn;

    @Option(names = "--tokenizer", paramLabel = "nltk|regex|whitespace",
            description = "Word tokenizer (default: nltk for csv/text, whitespace for lines).")
    String tokenizer;

    @Option(names = "--lowercase", negatable = true, description = "Lower-case the text (default: on for csv/text, off for lines).")
    Boolean lowercase;

    TextConfig toConfig(Path data) {
        Format f = format != null ? parseFormat(format)
                : data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? Format.CSV : Format.LINES;
        Level lv = parseLevel(level);
        boolean running = f != Format.LINES;
        String tok = lv == Level.CHAR ? "char" : tokenizer != null ? tokenizer : running ? "nltk" : "whitespace";
        if (!tok.equals("char") && !tok.equals("nltk") && !tok.equals("regex") && !tok.equals("whitespace")) {
            throw new org.rnnlm4j.RnnlmException("unknown --tokenizer '" + tok + "': use nltk, regex or whitespace");
        }
        boolean lower = lowercase != null ? lowercase : running;
        String split = lv == Level.CHAR || !running ? "none" : "punkt";
        return new TextConfig(lv, f, tok, lower, split, csvColumn);
    }

    static Format parseFormat(String s) {
        return Format.named(s);
    }

    static Level parseLevel(String s) {
        return Level.named(s);
    }
}
