/*
 * `rnnlm4j generate`'s decoding flags end to end on tiny models saved here: --json objects and what
 * they hold, beam search results best first, greedy, stop strings on a stream model, --prime on a
 * sentence model, and each bad option as one line on stderr with exit code 2.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.model.ModelStore;
import org.rnnlm4j.testutil.TinyModels;

class GenerateCliTest {
    @TempDir
    static Path dir;
    static String words;
    static String chars;

    @BeforeAll
    static void saveModels() {
        words = dir.resolve("words.model").toString();
        chars = dir.resolve("chars.model").toString();
        ModelStore.save(TinyModels.sentences(), Path.of(words));
        ModelStore.save(TinyModels.chars(), Path.of(chars));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(CliRunner.Result r) {
        assertEquals(0, r.exit(), r.err());
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            out.add((Map<String, Object>) Json.parse(line));
        }
        return out;
    }

    static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    @Test
    void jsonHoldsTextTokensAndTheirLogProbs() {
        List<Map<String, Object>> samples = objects(CliRunner.run("generate", "--model", words, "--count", "4", "--seed", "1",
                "--top-p", "0.9", "--repetition-penalty", "1.3", "--no-repeat-ngram", "3", "--max-length", "9", "--json"));
        assertEquals(4, samples.size());
        for (Map<String, Object> s : samples) {
            List<?> tokens = (List<?>) s.get("tokens");
            List<?> lps = (List<?>) s.get("logprobs");
            assertEquals(tokens.size(), lps.size());
            double sum = lps.stream().mapToDouble(GenerateCliTest::number).sum();
            assertEquals(sum, number(s.get("logprob")), 1e-9);
            String finish = (String) s.get("finish");
            assertTrue(List.of("end", "length").contains(finish), finish);
            assertEquals(finish.equals("end"), tokens.get(tokens.size() - 1).equals("SENTENCE_END"), tokens.toString());
            assertFalse(s.containsKey("score"), "only beam search has a score");
        }
    }

    @Test
    void beamResultsComeBestFirstAndGreedyIsOneLine() {
        List<Map<String, Object>> beam = objects(CliRunner.run("generate", "--model", words, "--beam", "4", "--count", "3",
                "--max-length", "6", "--json", "--prime", "x"));
        assertEquals(3, beam.size());
        for (int i = 1; i < 3; i++) {
            assertTrue(number(beam.get(i - 1).get("score")) >= number(beam.get(i).get("score")), beam.toString());
        }
        assertEquals("x", beam.get(0).get("prime"));
        CliRunner.Result g = CliRunner.run("generate", "--model", words, "--greedy", "--prime", "y");
        assertEquals(0, g.exit(), g.err());
        assertEquals(1, g.out().strip().split("\n").length);
        assertTrue(g.out().startsWith("y "), g.out());
    }

    @Test
    void aStopStringEndsAStreamContinuation() {
        CliRunner.Result r = CliRunner.run("generate", "--model", chars, "--prime", "ab", "--length", "80", "--stop", "\\n",
                "--seed", "2", "--count", "3");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, "each continuation ends before its first line break:\n" + r.out());
        for (String line : lines) {
            assertTrue(line.startsWith("ab"), line);
        }
        CliRunner.Result free = CliRunner.run("generate", "--model", chars, "--prime", "ab", "--length", "80", "--seed", "2", "--count", "3");
        assertTrue(free.out().split("\n").length > 3, "without --stop the same continuations have line breaks:\n" + free.out());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        String[][] cases = {
            {"--top-p", "1.5"}, {"--top-k", "-1"}, {"--beam", "2", "--count", "5"}, {"--beam", "2", "--temperature", "0.5"},
            {"--greedy", "--temperature", "0.7"}, {"--length", "20"}, {"--repetition-penalty", "0"}, {"--temperature", "-1"},
        };
        String[] fragments = {"--top-p", "--top-k", "--beam", "beam search", "--greedy", "--max-length", "--repetition-penalty", "--temperature"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("generate", "--model", words));
            args.addAll(List.of(cases[i]));
            CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
            CliEndToEndTest.assertOneLineError(r, fragments[i]);
        }
    }

    @Test
    void stopEscapesAreReadAsCharacters() {
        assertEquals("\n\n", GenerateCommand.unescape("\\n\\n"));
        assertEquals("a\tb\\c", GenerateCommand.unescape("a\\tb\\\\c"));
        assertEquals("\\x", GenerateCommand.unescape("\\x"));
    }
}
