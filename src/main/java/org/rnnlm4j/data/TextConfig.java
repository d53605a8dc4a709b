/*
 * TextConfig: how raw text becomes token sentences, fixed once and stored with the model.
 *
 * Contract: an immutable, validated value. A model file stores toMap() and scoring rebuilds the
 * config with fromMap(), so text is tokenized at scoring time exactly as at training time; the map
 * keys and values are a file format (do not rename them). The pipeline for one document (a CSV
 * field, a line in LINES format, the whole file in TEXT format) is: lower-case (Locale.ROOT, if
 * asked) -> split sentences -> tokenize each -> drop sentences without tokens. At CHAR level a
 * document is instead cut into lines (CR/LF not included, empty lines dropped) and each line is one
 * sequence of code points. No START/END markers are added here; Corpus does that.
 */
package org.rnnlm4j.data;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.rnnlm4j.RnnlmException;

public record TextConfig(Level level, Format format, String tokenizerName, boolean lowercase,
                         String sentenceSplit, String csvColumn) {

    /** Unit of the model: words (tokens) or characters (code points). */
    public enum Level {
        WORD, CHAR;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Level named(String name) {
            return byName(Level.values(), name, "level");
        }
    }

    /** Layout of the input file. */
    public enum Format {
        /** A CSV file with a header; one column holds the documents (the reddit comments). */
        CSV,
        /** One document per line, usually already tokenized (Penn Treebank). */
        LINES,
        /** Running text: the whole file is one document. */
        TEXT;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Format named(String name) {
            return byName(Format.values(), name, "format");
        }
    }

    static final String KEY_LEVEL = "level";
    static final String KEY_FORMAT = "format";
    static final String KEY_TOKENIZER = "tokenizer";
    static final String KEY_LOWERCASE = "lowercase";
    static final String KEY_SENTENCE_SPLIT = "sentence_split";
    static final String KEY_CSV_COLUMN = "csv_column";
    private static final List<String> KEYS = List.of(
            KEY_LEVEL, KEY_FORMAT, KEY_TOKENIZER, KEY_LOWERCASE, KEY_SENTENCE_SPLIT, KEY_CSV_COLUMN);

    /** Column of the tutorial's reddit CSV. */
    public static final String DEFAULT_CSV_COLUMN = "body";

    public TextConfig {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(tokenizerName, "tokenizerName");
        Objects.requireNonNull(sentenceSplit, "sentenceSplit");
        csvColumn = csvColumn == null ? "" : csvColumn;
        Tokenizer.named(tokenizerName); // validates the name
        SentenceSplitter.named(sentenceSplit);
        boolean charTokenizer = tokenizerName.equals("char");
        if (level == Level.CHAR && !charTokenizer) {
            throw new RnnlmException("character level needs the \"char\" tokenizer, not \"" + tokenizerName
                    + "\": drop --tokenizer or use --level word");
        }
        if (level == Level.WORD && charTokenizer) {
            throw new RnnlmException("the \"char\" tokenizer makes a character model: use --level char");
        }
        if (level == Level.CHAR && !sentenceSplit.equals("none")) {
            throw new RnnlmException("character level reads one sequence per line and splits no sentences: "
                    + "drop --sentence-split " + sentenceSplit);
        }
        if (level == Level.WORD && format == Format.TEXT && sentenceSplit.equals("none")) {
            throw new RnnlmException("--format text with --sentence-split none would make the whole file one sentence: "
                    + "use --sentence-split punkt or --format lines");
        }
        if (format == Format.CSV && csvColumn.isEmpty()) {
            throw new RnnlmException("--format csv needs the name of the text column: pass --csv-column NAME");
        }
    }

    /** The WildML tutorial: reddit CSV column "body", lower-cased, nltk sent_tokenize + word_tokenize. */
    public static TextConfig tutorial() {
        return new TextConfig(Level.WORD, Format.CSV, "nltk", true, "punkt", DEFAULT_CSV_COLUMN);
    }

    /** The Python benchmark: as the tutorial but with regex sentence splitting and regex tokens. */
    public static TextConfig benchmark() {
        return new TextConfig(Level.WORD, Format.CSV, "regex", true, "regex", DEFAULT_CSV_COLUMN);
    }

    /** Already tokenized text, one sentence per line (Penn Treebank): whitespace tokens, case kept. */
    public static TextConfig lines() {
        return new TextConfig(Level.WORD, Format.LINES, "whitespace", false, "none", DEFAULT_CSV_COLUMN);
    }

    /** Character level (char-rnn): one sequence of code points per line of the input, case kept. */
    public static TextConfig chars(Format format) {
        return new TextConfig(Level.CHAR, format, "char", false, "none", DEFAULT_CSV_COLUMN);
    }

    public TextConfig withFormat(Format newFormat) {
        return new TextConfig(level, newFormat, tokenizerName, lowercase, sentenceSplit, csvColumn);
    }

    public TextConfig withTokenizer(String newTokenizerName) {
        return new TextConfig(level, format, newTokenizerName, lowercase, sentenceSplit, csvColumn);
    }

    public TextConfig withLowercase(boolean newLowercase) {
        return new TextConfig(level, format, tokenizerName, newLowercase, sentenceSplit, csvColumn);
    }

    public TextConfig withSentenceSplit(String newSentenceSplit) {
        return new TextConfig(level, format, tokenizerName, lowercase, newSentenceSplit, csvColumn);
    }

    public TextConfig withCsvColumn(String newCsvColumn) {
        return new TextConfig(level, format, tokenizerName, lowercase, sentenceSplit, newCsvColumn);
    }

    public Tokenizer tokenizer() {
        return Tokenizer.named(tokenizerName);
    }

    public SentenceSplitter splitter() {
        return SentenceSplitter.named(sentenceSplit);
    }

    /** The settings as string pairs, for a model file; insertion-ordered. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(KEY_LEVEL, level.configName());
        map.put(KEY_FORMAT, format.configName());
        map.put(KEY_TOKENIZER, tokenizerName);
        map.put(KEY_LOWERCASE, Boolean.toString(lowercase));
        map.put(KEY_SENTENCE_SPLIT, sentenceSplit);
        map.put(KEY_CSV_COLUMN, csvColumn);
        return Collections.unmodifiableMap(map);
    }

    /** Inverse of toMap(); RnnlmException for a missing, unknown or malformed entry. */
    public static TextConfig fromMap(Map<String, String> map) {
        for (String key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new RnnlmException("model file text settings have an unknown key \"" + key + "\" (known: "
                        + String.join(", ", KEYS) + "): was the model written by a newer rnnlm4j?");
            }
        }
        for (String key : KEYS) {
            if (map.get(key) == null) {
                throw new RnnlmException("model file text settings lack \"" + key
                        + "\": the model file is incomplete or damaged");
            }
        }
        String lowercase = map.get(KEY_LOWERCASE);
        if (!lowercase.equals("true") && !lowercase.equals("false")) {
            throw new RnnlmException("model file text setting lowercase=\"" + lowercase
                    + "\" is not true or false: the model file is damaged");
        }
        return new TextConfig(Level.named(map.get(KEY_LEVEL)), Format.named(map.get(KEY_FORMAT)),
                map.get(KEY_TOKENIZER), lowercase.equals("true"), map.get(KEY_SENTENCE_SPLIT),
                map.get(KEY_CSV_COLUMN));
    }

    /** Sentences (token lists) of one document: a CSV field, a line in LINES format, a whole TEXT file. */
    public List<List<String>> sentencesOfDocument(String document) {
        String text = lowercase ? document.toLowerCase(Locale.ROOT) : document;
        Tokenizer tokenizer = tokenizer();
        List<List<String>> sentences = new ArrayList<>();
        if (level == Level.CHAR) {
            for (String line : TextFiles.splitLines(text)) {
                if (!line.isEmpty()) {
                    sentences.add(tokenizer.tokenize(line));
                }
            }
            return sentences;
        }
        for (String sentence : splitter().split(text)) {
            List<String> tokens = tokenizer.tokenize(sentence);
            if (!tokens.isEmpty()) {
                sentences.add(tokens);
            }
        }
        return sentences;
    }

    /** Sentences of a file, read as strict UTF-8 (see TextFiles) and laid out as {@link #format()} says. */
    public List<List<String>> sentencesOfFile(Path file) {
        String text = TextFiles.readUtf8(file);
        if (format == Format.CSV) {
            List<List<String>> sentences = new ArrayList<>();
            for (String field : CsvReader.readColumn(new StringReader(text), csvColumn, file.toString())) {
                sentences.addAll(sentencesOfDocument(field));
            }
            return sentences;
        }
        return sentencesOfPlainText(text);
    }

    /**
     * Sentences of text a user typed or piped in for scoring. In CSV format the input is not CSV
     * but plain lines, one document per line; otherwise it is read like a file's content.
     */
    public List<List<String>> sentencesOfText(String userText) {
        if (format == Format.CSV) {
            return sentencesOfLines(userText);
        }
        return sentencesOfPlainText(userText);
    }

    private List<List<String>> sentencesOfPlainText(String text) {
        return format == Format.TEXT ? sentencesOfDocument(text) : sentencesOfLines(text);
    }

    private List<List<String>> sentencesOfLines(String text) {
        List<List<String>> sentences = new ArrayList<>();
        for (String line : TextFiles.splitLines(text)) {
            if (!line.isEmpty()) {
                sentences.addAll(sentencesOfDocument(line));
            }
        }
        return sentences;
    }

    private static <E extends Enum<E>> E byName(E[] values, String name, String what) {
        for (E value : values) {
            if (value.name().toLowerCase(Locale.ROOT).equals(name)) {
                return value;
            }
        }
        throw new RnnlmException("unknown " + what + " \"" + name + "\": use one of "
                + Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
