/*
 * The command line end to end on a tiny corpus made here: train, info, score, eval, generate, and
 * each bad input the foundation issue lists — a one-line error, exit code 2, nothing saved damaged.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.NumpyRandom;

class CliEndToEndTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path model;

    /** Sentences from a tiny grammar: "the dog sees a cat ." and so on. */
    static List<String> sentences(int n, long seed) {
        String[] det = {"the", "a"};
        String[] noun = {"dog", "cat", "bird", "child", "teacher"};
        String[] verb = {"sees", "likes", "follows", "hears"};
        NumpyRandom r = new NumpyRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(det[r.nextInt(2)] + " " + noun[r.nextInt(5)] + " " + verb[r.nextInt(4)] + " "
                    + det[r.nextInt(2)] + " " + noun[r.nextInt(5)] + " .");
        }
        return out;
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        corpus = dir.resolve("tiny.txt");
        Files.write(corpus, sentences(300, 1));
        model = dir.resolve("tiny.model");
        CliRunner.Result r = CliRunner.run("train", corpus.toString(), "--out", model.toString(), "--epochs", "4",
                "--hidden", "16", "--lr", "0.05", "--valid-fraction", "0.1", "--seed", "3");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(Files.size(model) > 0);
        assertTrue(r.out().contains("training data:"), r.out());
        assertTrue(r.out().contains("after epoch 4"), r.out());
        List<String> metrics = Files.readAllLines(Path.of(model + ".metrics.jsonl"));
        assertEquals(4, metrics.size(), "one metrics row per epoch");
        assertTrue(metrics.get(3).contains("\"valid_loss\":") && metrics.get(3).contains("\"step\":"), metrics.get(3));
    }

    @Test
    void trainingLearnsTheGrammar() {
        CliRunner.Result r = CliRunner.run("eval", "--model", model.toString(), corpus.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(r.out().strip());
        double ppl = ((Number) m.get("perplexity")).doubleValue();
        // 13 symbols; the grammar allows about 2*5*4*2*5 = 400 sentences of 7 predictions -> ppl ~ 2.4
        assertTrue(ppl < 4.5, "perplexity after training: " + ppl);
        assertEquals(0.0, ((Number) m.get("oov_rate")).doubleValue());
        for (String key : List.of("tokens", "nats_per_token", "perplexity", "oov_rate")) {
            assertTrue(m.containsKey(key), key);
        }
    }

    @Test
    void scoresPreferGrammaticalSentences() {
        CliRunner.Result r = CliRunner.runWithInput("the dog sees a cat .\ncat . the a sees dog\n", "score", "--model", model.toString(), "-");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        double good = Double.parseDouble(lines[0].split("\t")[0]);
        double bad = Double.parseDouble(lines[1].split("\t")[0]);
        assertTrue(good > bad + 2, good + " vs " + bad);
    }

    @Test
    void scoreJsonAndPerTokenAreConsistent() {
        CliRunner.Result r = CliRunner.runWithInput("the bird hears the child .\n", "score", "--model", model.toString(), "--json", "--per-token");
        assertEquals(0, r.exit(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(r.out().strip());
        assertEquals("the bird hears the child .", m.get("text"));
        assertEquals(6, ((List<?>) m.get("tokens")).size());
        double sum = 0;
        for (Object o : (List<?>) m.get("per_token")) {
            sum += ((Number) ((Map<?, ?>) o).get("log10_prob")).doubleValue();
        }
        assertEquals(((Number) m.get("log10_prob")).doubleValue(), sum, 1e-9);
        double ppl = Math.pow(10, -sum / 7);
        assertEquals(ppl, ((Number) m.get("perplexity")).doubleValue(), 1e-6 * ppl);
    }

    @Test
    void generateNeverEmitsUnknownAndIsSeeded() {
        CliRunner.Result a = CliRunner.run("generate", "--model", model.toString(), "--count", "5", "--seed", "4");
        CliRunner.Result b = CliRunner.run("generate", "--model", model.toString(), "--count", "5", "--seed", "4");
        assertEquals(0, a.exit(), a.err());
        assertEquals(a.out(), b.out());
        assertEquals(5, a.out().strip().split("\n").length);
        assertFalse(a.out().contains("UNKNOWN_TOKEN"));
        assertFalse(a.out().contains("SENTENCE_"));
    }

    @Test
    void infoDescribesTheModel() {
        CliRunner.Result r = CliRunner.run("info", "--model", model.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("hidden 16"), r.out());
        assertTrue(r.out().contains("seed: 3"), r.out());
    }

    @Test
    void gradcheckPasses() {
        for (String[] args : List.of(new String[] {"gradcheck"}, new String[] {"gradcheck", "--cell", "gru", "--layers", "2"},
                new String[] {"gradcheck", "--cell", "lstm", "--layers", "2", "--bidirectional"})) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("gradient check passed"), r.out());
        }
        assertTrue(CliRunner.run("gradcheck", "--cell", "lstm", "--bidirectional").out().contains("c0 "));
    }

    // ---- bad input: one line on stderr, exit 2

    static void assertOneLineError(CliRunner.Result r, String expectedFragment) {
        assertEquals(2, r.exit(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), "no stack trace: " + err);
        assertTrue(err.startsWith("rnnlm4j: error: "), err);
        assertTrue(err.toLowerCase().contains(expectedFragment.toLowerCase()), "'" + expectedFragment + "' in: " + err);
    }

    Path out() {
        return dir.resolve("bad-" + System.nanoTime() + ".model");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.writeString(dir.resolve("empty.txt"), "");
        assertOneLineError(CliRunner.run("train", f.toString(), "--out", out().toString()), "empty");
    }

    @Test
    void csvWithoutTheColumn() throws IOException {
        Path f = Files.writeString(dir.resolve("x.csv"), "id,text\n1,hello there\n");
        assertOneLineError(CliRunner.run("train", f.toString(), "--out", out().toString()), "body");
    }

    @Test
    void invalidUtf8() throws IOException {
        Path f = Files.write(dir.resolve("latin1.txt"), "caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1));
        assertOneLineError(CliRunner.run("train", f.toString(), "--out", out().toString()), "UTF-8");
        assertOneLineError(CliRunner.run("score", "--model", model.toString(), f.toString()), "UTF-8");
    }

    @Test
    void binaryFile() throws IOException {
        Path f = Files.write(dir.resolve("bin.dat"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 0, 0});
        assertOneLineError(CliRunner.run("train", f.toString(), "--out", out().toString()), "binary");
    }

    @Test
    void vocabularyTooSmall() {
        assertOneLineError(CliRunner.run("train", corpus.toString(), "--out", out().toString(), "--vocab-size", "0"), "--vocab-size");
        assertOneLineError(CliRunner.run("train", corpus.toString(), "--out", out().toString(), "--vocab-size", "1"), "--vocab-size");
    }

    @Test
    void zeroHidden() {
        assertOneLineError(CliRunner.run("train", corpus.toString(), "--out", out().toString(), "--hidden", "0"), "--hidden");
    }

    @Test
    void newerModelFormat() throws IOException {
        Path f = dir.resolve("newer.model");
        byte[] b = Files.readAllBytes(model);
        org.rnnlm4j.io.ModelFileTestAccess.setVersion(b, 99);
        Files.write(f, b);
        assertOneLineError(CliRunner.run("info", "--model", f.toString()), "newer");
    }

    @Test
    void truncatedAndForeignModels() throws IOException {
        byte[] b = Files.readAllBytes(model);
        Path cut = Files.write(dir.resolve("cut.model"), java.util.Arrays.copyOf(b, b.length / 2));
        assertOneLineError(CliRunner.run("score", "--model", cut.toString(), corpus.toString()), "truncated");
        assertOneLineError(CliRunner.run("info", "--model", corpus.toString()), "not an rnnlm4j model");
        assertOneLineError(CliRunner.run("info", "--model", dir.resolve("missing.model").toString()), "missing.model");
    }

    @Test
    void sentenceOfOnlyUnknownWords() {
        assertOneLineError(CliRunner.runWithInput("zebra giraffe okapi\n", "score", "--model", model.toString()), "unknown");
    }

    @Test
    void unwritableOutputPathLeavesSavedModelsAlone() throws IOException {
        assertOneLineError(CliRunner.run("train", corpus.toString(), "--out", dir.resolve("no/such/dir/m.model").toString()), "no/such/dir");
        byte[] before = Files.readAllBytes(model);
        Path empty = Files.writeString(dir.resolve("empty2.txt"), "   \n");
        assertOneLineError(CliRunner.run("train", empty.toString(), "--out", model.toString()), "empty");
        assertArrayEquals(before, Files.readAllBytes(model), "the saved model is untouched");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRunner.Result r = CliRunner.run("train", "--no-such-flag");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--help"), r.err());
    }
}
