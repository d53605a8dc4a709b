/*
 * TextConfigTest: presets, the model-file map round trip, validation, and the text -> sentences pipeline.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig.Format;
import org.rnnlm4j.data.TextConfig.Level;

class TextConfigTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void presets() {
        assertEquals(new TextConfig(Level.WORD, Format.CSV, "nltk", true, "punkt", "body"), TextConfig.tutorial());
        assertEquals(new TextConfig(Level.WORD, Format.CSV, "regex", true, "regex", "body"), TextConfig.benchmark());
        assertEquals(new TextConfig(Level.WORD, Format.LINES, "whitespace", false, "none", "body"), TextConfig.lines());
        assertEquals(new TextConfig(Level.CHAR, Format.TEXT, "char", false, "none", "body"), TextConfig.chars(Format.TEXT));
        assertEquals("nltk", TextConfig.tutorial().tokenizer().name());
        assertEquals(SentenceSplitter.PUNKT, TextConfig.tutorial().splitter());
    }

    @Test
    void mapIsTheFileFormat() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("level", "word");
        expected.put("format", "csv");
        expected.put("tokenizer", "regex");
        expected.put("lowercase", "true");
        expected.put("sentence_split", "regex");
        expected.put("csv_column", "body");
        assertEquals(expected, TextConfig.benchmark().toMap());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(TextConfig.benchmark().toMap().keySet()));
    }

    @Test
    void mapRoundTrip() {
        for (TextConfig config : List.of(TextConfig.tutorial(), TextConfig.benchmark(), TextConfig.lines(),
                TextConfig.chars(Format.TEXT), TextConfig.chars(Format.CSV).withCsvColumn("text, with comma"),
                TextConfig.lines().withCsvColumn(""))) {
            assertEquals(config, TextConfig.fromMap(config.toMap()));
        }
    }

    @Test
    void fromMapRejectsUnknownMissingAndMalformedEntries() {
        Map<String, String> extra = new HashMap<>(TextConfig.tutorial().toMap());
        extra.put("stemmer", "porter");
        assertTrue(message(extra).startsWith("model file text settings have an unknown key \"stemmer\" (known: level, "),
                message(extra));

        Map<String, String> missing = new HashMap<>(TextConfig.tutorial().toMap());
        missing.remove("tokenizer");
        assertEquals("model file text settings lack \"tokenizer\": the model file is incomplete or damaged", message(missing));

        Map<String, String> badBool = new HashMap<>(TextConfig.tutorial().toMap());
        badBool.put("lowercase", "yes");
        assertEquals("model file text setting lowercase=\"yes\" is not true or false: the model file is damaged",
                message(badBool));

        Map<String, String> badLevel = new HashMap<>(TextConfig.tutorial().toMap());
        badLevel.put("level", "sentence");
        assertEquals("unknown level \"sentence\": use one of word, char", message(badLevel));
    }

    private static String message(Map<String, String> map) {
        return assertThrows(RnnlmException.class, () -> TextConfig.fromMap(map)).getMessage();
    }

    @Test
    void inconsistentSettingsAreRejected() {
        assertEquals("character level needs the \"char\" tokenizer, not \"nltk\": drop --tokenizer or use --level word",
                assertThrows(RnnlmException.class,
                        () -> new TextConfig(Level.CHAR, Format.TEXT, "nltk", false, "none", "")).getMessage());
        assertEquals("the \"char\" tokenizer makes a character model: use --level char",
                assertThrows(RnnlmException.class, () -> TextConfig.lines().withTokenizer("char")).getMessage());
        assertEquals("character level reads one sequence per line and splits no sentences: drop --sentence-split punkt",
                assertThrows(RnnlmException.class,
                        () -> TextConfig.chars(Format.TEXT).withSentenceSplit("punkt")).getMessage());
        assertEquals("--format text with --sentence-split none would make the whole file one sentence: "
                        + "use --sentence-split punkt or --format lines",
                assertThrows(RnnlmException.class, () -> TextConfig.lines().withFormat(Format.TEXT)).getMessage());
        assertEquals("--format csv needs the name of the text column: pass --csv-column NAME",
                assertThrows(RnnlmException.class, () -> TextConfig.tutorial().withCsvColumn("")).getMessage());
        assertEquals("unknown tokenizer \"bpe\": use one of nltk, regex, whitespace, char",
                assertThrows(RnnlmException.class, () -> TextConfig.tutorial().withTokenizer("bpe")).getMessage());
        assertEquals("unknown format \"json\": use one of csv, lines, text",
                assertThrows(RnnlmException.class, () -> Format.named("json")).getMessage());
    }

    @Test
    void tutorialLowercasesSplitsAndTokenizes() {
        assertEquals(List.of(List.of("hello", "there", ",", "mr.", "smith", "."), List.of("i", "do", "n't", "know", "!")),
                TextConfig.tutorial().sentencesOfDocument("Hello there, Mr. Smith. I don't know!"));
    }

    @Test
    void nltkWordTokenizeExamplesWithCaseKept() {
        TextConfig nltkCased = new TextConfig(Level.WORD, Format.TEXT, "nltk", false, "punkt", "");
        // NLTK's word_tokenize docs: sentence splitting first, then Treebank tokens
        assertEquals(List.of(List.of("I", "called", "Dr.", "Jones", "."), List.of("I", "called", "Dr.", "Jones", ".")),
                nltkCased.sentencesOfDocument("I called Dr. Jones. I called Dr. Jones."));
        // NLTK's test_pad_dotdot
        assertEquals(List.of("Why", "did", "dotdot", "..", "not", "get", "tokenized", "but", "dotdotdot", "...", "did",
                        "?", "How", "about", "manydots", "....."),
                nltkCased.sentencesOfDocument("Why did dotdot.. not get tokenized but dotdotdot... did? How about manydots.....")
                        .stream().flatMap(List::stream).toList());
    }

    @Test
    void benchmarkDropsSentencesWithoutTokens() {
        assertEquals(List.of(List.of("a", "."), List.of("b", "!")), TextConfig.benchmark().sentencesOfDocument("A.   \n B! "));
        assertEquals(List.of(), TextConfig.benchmark().sentencesOfDocument("  "));
    }

    @Test
    void charLevelIsOneSequencePerNonEmptyLine() {
        assertEquals(List.of(List.of("a", "b"), List.of("\ud83d\ude00", " ", "C")),
                TextConfig.chars(Format.TEXT).sentencesOfDocument("ab\r\n\n\ud83d\ude00 C\n"));
    }

    @Test
    void filesInEachFormat() throws IOException {
        Path csv = write("c.csv", "id,body\n1,\"First one. Second\none!\"\n2,\n3,Third\n");
        assertEquals(List.of(List.of("first", "one", "."), List.of("second", "one", "!"), List.of("third")),
                TextConfig.benchmark().sentencesOfFile(csv));
        // CSV at character level: each field is cut into lines
        assertEquals(List.of(List.of("F", "i"), List.of("T", "o", "n"), List.of("T")),
                TextConfig.chars(Format.CSV).sentencesOfFile(write("c2.csv", "body\n\"Fi\nTon\"\nT\n")));

        Path lines = write("p.txt", " the <unk> cat 's N \n\n a b \n");
        assertEquals(List.of(List.of("the", "<unk>", "cat", "'s", "N"), List.of("a", "b")),
                TextConfig.lines().sentencesOfFile(lines));

        Path text = write("t.txt", "First Citizen:\nBefore we proceed, hear me.\n\nAll:\nSpeak.\n");
        TextConfig words = new TextConfig(Level.WORD, Format.TEXT, "regex", true, "punkt", "");
        assertEquals(List.of(List.of("first", "citizen", ":", "before", "we", "proceed", ",", "hear", "me", "."),
                List.of("all", ":", "speak", ".")), words.sentencesOfFile(text));
        assertEquals(4, TextConfig.chars(Format.TEXT).sentencesOfFile(text).size());
    }

    @Test
    void missingCsvColumnNamesTheFile() throws IOException {
        Path csv = write("x.csv", "id,text\n1,hi\n");
        assertEquals(csv + " has no column \"body\" (columns: id, text): pass --csv-column NAME",
                assertThrows(RnnlmException.class, () -> TextConfig.tutorial().sentencesOfFile(csv)).getMessage());
    }

    @Test
    void userTextForACsvModelIsPlainLines() {
        assertEquals(List.of(List.of("hi", "there", "."), List.of("you"), List.of("second", ",", "line")),
                TextConfig.benchmark().sentencesOfText("Hi there. You\n\nsecond,line"));
        assertEquals(List.of(List.of("a", "b"), List.of("c")), TextConfig.lines().sentencesOfText("a b\nc"));
    }
}
