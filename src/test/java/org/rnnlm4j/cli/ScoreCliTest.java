/*
 * `rnnlm4j score` and `rnnlm4j eval` on tiny fixed models (TinyModels): the KenLM-style and column
 * outputs against golden files, the golden files' own arithmetic (per-token values add up to the
 * total, perplexity = 10^(-total/tokens), flags and counts agree), JSON lines, one output line per
 * input line, the boundary switches, and eval from standard input equal to eval of the file; --batch
 * gives the answers of one line at a time (to 1e-5 in ln p), in order, up to a line that fails.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.testutil.TinyModels;

class ScoreCliTest {
    @TempDir
    static Path dir;
    static Path words;
    static Path chars;

    /** A known sentence, one with an OOV word, a blank line, a one-word line. */
    static final String INPUT = "the cat sat on the mat .\nthe zebra sat on the mat\n\ndog\n";

    @BeforeAll
    static void models() {
        words = TinyModels.save(TinyModels.sentenceModel("gru"), dir, "words.model");
        chars = TinyModels.save(TinyModels.charModel(), dir, "chars.model");
    }

    static String run(String stdin, String... args) {
        CliRunner.Result r = CliRunner.runWithInput(stdin, args);
        assertEquals(0, r.exit(), r.err());
        return r.out();
    }

    @Test
    void kenlmStyleOutputMatchesTheGoldenFile() throws IOException {
        Golden.assertMatches("score-kenlm.txt", run(INPUT, "score", "--model", words.toString(), "--per-token"));
        Golden.assertMatches("score-kenlm-chars.txt", run("ab c\nc\n", "score", "--model", chars.toString(), "--per-token", "-"));
        Golden.assertMatches("score-kenlm-no-bos-no-eos.txt",
                run(INPUT, "score", "--model", words.toString(), "--per-token", "--no-bos", "--no-eos"));
    }

    @Test
    void columnsOutputMatchesTheGoldenFile() throws IOException {
        Golden.assertMatches("score-columns.txt", run(INPUT, "score", "--model", words.toString()));
    }

    /** Checks one KenLM-style line's arithmetic; returns {total, tokens}. */
    static double[] checkKenlmLine(String line) {
        String[] fields = line.split("\t");
        String totals = fields[fields.length - 1];
        String[] t = totals.split(" ");
        assertEquals(List.of("Total:", "OOV:", "Tokens:", "Perplexity:"), List.of(t[0], t[2], t[4], t[6]), totals);
        double total = Double.parseDouble(t[1]);
        int tokens = Integer.parseInt(t[5]);
        assertEquals(fields.length - 1, tokens, line);
        double sum = 0;
        int oovs = 0;
        for (int i = 0; i < tokens; i++) {
            String[] p = fields[i].split(" ");
            assertTrue(p[0].matches(".+=\\d+"), fields[i]);
            sum += Double.parseDouble(p[1]);
            oovs += p.length == 3 && p[2].equals("OOV") ? 1 : 0;
        }
        assertEquals(Integer.parseInt(t[3]), oovs, line);
        assertEquals(total, sum, 0.5e-4 * (tokens + 1), "per-token values add up to the total: " + line);
        if (tokens > 0) {
            double ppl = Math.pow(10, -total / tokens);
            assertEquals(ppl, Double.parseDouble(t[7]), 0.005 + ppl * 1.2e-4 * Math.log(10), line);
        } else {
            assertEquals("NaN", t[7]);
        }
        return new double[] {total, tokens};
    }

    @Test
    void goldenFilesAreConsistent() throws IOException {
        String[] kenlm = Golden.read("score-kenlm.txt").split("\n");
        String[] columns = Golden.read("score-columns.txt").split("\n");
        String[] input = INPUT.split("\n");
        assertEquals(input.length, kenlm.length, "one line per input line");
        assertEquals(input.length, columns.length);
        for (int i = 0; i < kenlm.length; i++) {
            double[] k = checkKenlmLine(kenlm[i]);
            String[] c = columns[i].split("\t", -1);
            assertEquals(k[0], Double.parseDouble(c[0]), 0.0, "same total in both forms");
            assertEquals(k[1], Double.parseDouble(c[2]), 0.0, "same token count in both forms");
            assertEquals(input[i], c[4]);
        }
        assertTrue(kenlm[1].contains("zebra=9 ") && kenlm[1].contains(" OOV\t"), kenlm[1]);
        assertTrue(kenlm[2].startsWith("SENTENCE_END=1 "), "a blank line predicts its end: " + kenlm[2]);
        for (String line : Golden.read("score-kenlm-chars.txt").split("\n")) {
            checkKenlmLine(line);
            assertTrue(line.contains("\\n=0 "), "the line end is the escaped boundary: " + line);
        }
        assertTrue(Golden.read("score-kenlm-chars.txt").contains("\\s=1 "), "a space is escaped");
        String[] bare = Golden.read("score-kenlm-no-bos-no-eos.txt").split("\n");
        for (int i = 0; i < bare.length; i++) {
            double[] k = checkKenlmLine(bare[i]);
            int words = input[i].isBlank() ? 0 : input[i].split(" ").length;
            assertEquals(Math.max(0, words - 1), k[1], "the first word is context, no end: " + bare[i]);
        }
    }

    @Test
    void jsonLinesCarryTheSameFigures() {
        String[] lines = run(INPUT, "score", "--model", words.toString(), "--json", "--per-token").split("\n");
        assertEquals(4, lines.length);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(lines[1]);
        assertEquals("the zebra sat on the mat", m.get("text"));
        assertEquals(7L, m.get("predictions"));
        assertEquals(1L, m.get("oov"));
        List<?> per = (List<?>) m.get("per_token");
        double sum = 0;
        for (Object o : per) {
            sum += ((Number) ((Map<?, ?>) o).get("log10_prob")).doubleValue();
        }
        assertEquals(((Number) m.get("log10_prob")).doubleValue(), sum, 1e-9);
        Map<?, ?> zebra = (Map<?, ?>) per.get(1);
        assertEquals(List.of("zebra", 9L, true), List.of(zebra.get("token"), zebra.get("id"), zebra.get("oov")));
        @SuppressWarnings("unchecked")
        Map<String, Object> nothing = (Map<String, Object>) Json.parse(
                run("dog\n", "score", "--model", words.toString(), "--json", "--no-bos", "--no-eos").strip());
        assertEquals(0L, nothing.get("predictions"));
        assertNull(nothing.get("perplexity"), "no perplexity without predictions");
    }

    @Test
    void evalReadsStandardInputLikeTheFile() throws IOException {
        String text = "the cat sat on the mat .\nthe zebra sat\nzebra okapi\n\nthe dog sat .\n";
        Path f = Files.writeString(dir.resolve("eval.txt"), text);
        String fromFile = run(null, "eval", "--model", words.toString(), f.toString(), "--json");
        String fromStdin = run(text, "eval", "--model", words.toString(), "--json");
        assertEquals(fromFile, fromStdin);
        Map<?, ?> m = (Map<?, ?>) Json.parse(fromFile.strip());
        assertEquals(3L, m.get("sentences"));
        assertEquals(1L, m.get("skipped_sentences"));
        assertTrue(((Number) m.get("perplexity_excluding_oovs")).doubleValue() != ((Number) m.get("perplexity")).doubleValue());
        String out = run(text, "eval", "--model", words.toString(), "-");
        assertTrue(out.contains("perplexity excluding OOVs") && !out.contains("bits/char"), out);
        String c = run("ab c\nc a\n", "eval", "--model", chars.toString());
        assertTrue(c.contains("bits/char"), c);
    }

    @Test
    void batchedScoringAnswersLikeOneLineAtATime() {
        String input = INPUT + "the dog sat on the mat . the cat sat\ncat\nthe the the\n";
        String one = run(input, "score", "--model", words.toString(), "--per-token");
        assertEquals(one, run(input, "score", "--model", words.toString(), "--per-token", "--batch", "3"));
        String[] a = run(input, "score", "--model", words.toString(), "--json").split("\n");
        String[] b = run(input, "score", "--model", words.toString(), "--json", "--batch", "64").split("\n");
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            Map<?, ?> x = (Map<?, ?>) Json.parse(a[i]);
            Map<?, ?> y = (Map<?, ?>) Json.parse(b[i]);
            assertEquals(x.get("text"), y.get("text"));
            assertEquals(((Number) x.get("log10_prob")).doubleValue(), ((Number) y.get("log10_prob")).doubleValue(), 1e-5);
        }
        CliRunner.Result bad = CliRunner.runWithInput("the cat\nzebra okapi\nthe dog\n", "score", "--model", words.toString(), "--batch", "8");
        assertEquals(2, bad.exit());
        assertEquals(1, bad.out().strip().split("\n").length, "the line before the bad one is answered: " + bad.out());
        assertTrue(bad.err().contains("line 2: every word of \"zebra okapi\" is unknown"), bad.err());
        CliRunner.Result zero = CliRunner.runWithInput("the cat\n", "score", "--model", words.toString(), "--batch", "0");
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("--batch must be at least 1"), zero.err());
    }

    @Test
    void batchedEvalEqualsOneSentenceAtATime() {
        StringBuilder text = new StringBuilder();
        String[] words = {"the", "cat", "sat", "on", "mat", ".", "dog", "zebra"};
        for (int i = 0; i < 150; i++) {
            for (int j = 0; j <= i % 13; j++) {
                text.append(words[(i * 7 + j * 3) % words.length]).append(' ');
            }
            text.append('\n');
        }
        Map<?, ?> one = (Map<?, ?>) Json.parse(run(text.toString(), "eval", "--model", ScoreCliTest.words.toString(), "--json", "--batch", "1").strip());
        Map<?, ?> many = (Map<?, ?>) Json.parse(run(text.toString(), "eval", "--model", ScoreCliTest.words.toString(), "--json", "--batch", "4").strip());
        assertEquals(150L, ((Number) one.get("sentences")).longValue() + ((Number) one.get("skipped_sentences")).longValue());
        for (Object key : one.keySet()) {
            Object x = one.get(key);
            Object y = many.get(key);
            if (x instanceof Double d) {
                assertEquals(d, ((Number) y).doubleValue(), 1e-6 * Math.abs(d), key.toString());
            } else {
                assertEquals(x, y, key.toString());
            }
        }
    }
}
