/*
 * `train --mode stream` and `generate --prime` end to end on a small character text made here:
 * a model and its metrics file are written, generation continues the prime, and an unseen prime
 * character gives a warning, not a crash.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamCliTest {
    @TempDir
    Path dir;

    @Test
    void trainsACharLstmAndContinuesAPrime() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.write(text, CliEndToEndTest.sentences(400, 5));
        Path model = dir.resolve("c.model");
        CliRunner.Result r = CliRunner.run("train", text.toString(), "--level", "char", "--mode", "stream", "--cell", "lstm",
                "--hidden", "24", "--embedding", "8", "--batch", "8", "--bptt", "16", "--steps", "60", "--out", model.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("saved " + model), r.out());
        List<String> metrics = Files.readAllLines(Path.of(model + ".metrics.jsonl"));
        assertEquals(1, metrics.size());
        assertTrue(metrics.get(0).contains("\"valid_loss\""), metrics.get(0));

        CliRunner.Result g = CliRunner.run("generate", "--model", model.toString(), "--prime", "the dog\u00e9", "--length", "40", "--seed", "1");
        assertEquals(0, g.exit(), g.err());
        assertTrue(g.out().startsWith("the dog\u00e9"), g.out());
        assertTrue(g.out().strip().length() >= 40, g.out());
        assertTrue(g.err().contains("never saw") && g.err().contains("\u00e9"), g.err());
    }

    @Test
    void sentenceMinibatchesLearnTheGrammar() throws Exception {
        Path text = dir.resolve("tiny.txt");
        Files.write(text, CliEndToEndTest.sentences(400, 6));
        Path model = dir.resolve("s.model");
        CliRunner.Result r = CliRunner.run("train", text.toString(), "--cell", "gru", "--batch", "8", "--hidden", "16",
                "--epochs", "6", "--lr", "0.02", "--out", model.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("batches of 8 sentences"), r.out());
        assertEquals(1, Files.readAllLines(Path.of(model + ".metrics.jsonl")).size());
        CliRunner.Result e = CliRunner.run("eval", "--model", model.toString(), text.toString(), "--json");
        double ppl = ((Number) ((java.util.Map<?, ?>) org.rnnlm4j.io.Json.parse(e.out().strip())).get("perplexity")).doubleValue();
        assertTrue(ppl < 4.5, "perplexity " + ppl);
    }
}
