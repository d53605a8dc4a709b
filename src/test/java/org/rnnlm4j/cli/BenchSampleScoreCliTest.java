/*
 * `bench sample` and `bench score` at tiny settings: one JSON line with the keys every bench line
 * carries (BenchReport) and sane values — the char and word workloads' models, and tiny --model
 * files of each kind (TinyModels). No timing is asserted beyond "positive"; bad options are
 * one-line errors.
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.testutil.TinyModels;

class BenchSampleScoreCliTest {
    @TempDir
    Path dir;

    static final List<String> COMMON = List.of("throughput", "throughput_unit", "median_step_ms", "step", "peak_heap_mb",
            "threads", "jdk", "kernels");

    /** Runs `rnnlm4j ARGS`, expects exit 0 and one JSON line with the common keys; returns it. */
    static Map<?, ?> line(String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(1, lines.length, r.out());
        Map<?, ?> m = (Map<?, ?>) Json.parse(lines[0]);
        for (String key : COMMON) {
            assertTrue(m.containsKey(key), key + " missing in " + lines[0]);
        }
        assertTrue(number(m, "throughput") > 0 && number(m, "median_step_ms") > 0 && number(m, "peak_heap_mb") > 0, lines[0]);
        assertTrue(number(m, "threads") >= 1, lines[0]);
        return m;
    }

    static double number(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void sampleTheCharWorkloadsModel() {
        Map<?, ?> m = line("bench", "sample", "--chars", "50", "--repeats", "1", "--json");
        assertEquals("sample", m.get("workload"));
        assertEquals(3L, m.get("warmup"), "untimed runs per path before the timed ones, by default");
        assertEquals("initialized", m.get("weights"));
        assertEquals("chars/s", m.get("throughput_unit"));
        assertEquals(50L, m.get("chars"));
        assertEquals(1, ((List<?>) m.get("chars_per_s_runs")).size());
        assertTrue(number(m, "step_loop_chars_per_s") > 0);
        assertEquals(1000 / number(m, "chars_per_s"), number(m, "median_ms_per_char"), 1e-9 * number(m, "median_ms_per_char"));
        assertEquals(50, ((String) m.get("sample_start")).codePointCount(0, ((String) m.get("sample_start")).length()));
    }

    @Test
    void sampleAnyModel() {
        Path chars = TinyModels.save(TinyModels.charModel(), dir, "chars.model");
        Map<?, ?> c = line("bench", "sample", "--model", chars.toString(), "--chars", "30", "--repeats", "2", "--warmup", "1", "--json");
        assertEquals("file", c.get("weights"));
        assertEquals(1L, c.get("warmup"));
        assertEquals(2, ((List<?>) c.get("step_loop_chars_per_s_runs")).size());
        Path words = TinyModels.save(TinyModels.sentenceModel("lstm"), dir, "words.model");
        Map<?, ?> w = line("bench", "sample", "--model", words.toString(), "--chars", "30", "--repeats", "1", "--json");
        assertEquals("tokens/s", w.get("throughput_unit"));
        assertTrue(number(w, "tokens_per_s") > 0 && number(w, "median_ms_per_token") > 0);
        CliRunner.Result bad = CliRunner.run("bench", "sample", "--chars", "0");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--chars, --repeats and --warmup must be at least 1"), bad.err());
        CliRunner.Result noWarmup = CliRunner.run("bench", "sample", "--warmup", "0");
        assertEquals(2, noWarmup.exit());
        assertTrue(noWarmup.err().contains("got 2000, 5 and 0"), noWarmup.err());
    }

    @Test
    void scoreTheWordWorkloadsModel() {
        Map<?, ?> m = line("bench", "score", "--sentences", "2", "--batch", "2", "--repeats", "1", "--json");
        assertEquals("score", m.get("workload"));
        assertEquals("initialized", m.get("weights"));
        assertEquals("words/s", m.get("throughput_unit"));
        assertEquals(2L, m.get("sentences"));
        assertEquals(1L, m.get("batches"));
        long tokens = (Long) m.get("tokens_scored");
        assertTrue(tokens > 2, "each sentence's words and its <eos>");
        assertTrue(number(m, "one_at_a_time_words_per_s") > 0 && number(m, "stream_eval_words_per_s") > 0);
        assertTrue(number(m, "max_abs_diff_vs_one_at_a_time") < 1e-5);
        // initialized uniform(+-0.1): close to the uniform distribution over 7596 words
        assertEquals(Math.log(7596), number(m, "nats_per_token"), 0.5);
        assertTrue(number(m, "padding") >= 0 && number(m, "padding") < 1);
    }

    @Test
    void scoreAnyModel() throws IOException {
        Path text = Files.writeString(dir.resolve("s.txt"), "the cat sat on the mat .\nthe dog sat\nzebra okapi\n\ncat\n");
        Path words = TinyModels.save(TinyModels.sentenceModel("gru"), dir, "words.model");
        Map<?, ?> w = line("bench", "score", "--model", words.toString(), "--text", text.toString(), "--repeats", "1", "--json");
        assertEquals(3L, w.get("sentences"), "the all-unknown and the blank line are skipped, as eval skips them");
        assertEquals(8L + 4 + 2, w.get("tokens_scored"));
        assertNull(w.get("stream_eval_words_per_s"), "a sentence model has no stream figure");
        Path chars = TinyModels.save(TinyModels.charModel(), dir, "chars.model");
        Path abc = Files.writeString(dir.resolve("c.txt"), "ab c\ncab\n");
        Map<?, ?> c = line("bench", "score", "--model", chars.toString(), "--text", abc.toString(), "--repeats", "1", "--json");
        assertEquals("chars/s", c.get("throughput_unit"));
        assertEquals(5L + 4, c.get("tokens_scored"));
        assertTrue(number(c, "stream_eval_chars_per_s") > 0);
        CliRunner.Result noText = CliRunner.run("bench", "score", "--model", words.toString());
        assertEquals(2, noText.exit());
        assertTrue(noText.err().contains("--model needs --text FILE"), noText.err());
    }
}
