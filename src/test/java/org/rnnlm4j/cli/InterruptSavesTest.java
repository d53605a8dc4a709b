/*
 * Stopping a training run by a signal saves the model: a separate JVM trains on a small corpus,
 * receives SIGTERM mid-run (the JVM runs the same shutdown path for Ctrl-C's SIGINT), and must leave
 * a complete, loadable model and say so.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelStore;

class InterruptSavesTest {
    @TempDir
    Path dir;

    @Test
    void aSignalDuringTrainingSavesTheModel() throws Exception {
        Path corpus = dir.resolve("tiny.txt");
        Files.write(corpus, CliEndToEndTest.sentences(2000, 2));
        Path model = dir.resolve("m.model");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", corpus.toString(), "--out", model.toString(), "--epochs", "100000", "--hidden", "16")
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith("after epoch 1 ")) {
                    // Process.destroy() would close our end of the pipe; send the signal from outside
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM exits after saving");
        assertTrue(out.toString().contains("stop requested: saving"), out.toString());
        assertTrue(out.toString().contains("saved " + model), out.toString());
        LanguageModel m = ModelStore.load(model);
        assertTrue(m.config().hidden() == 16);
        assertTrue(List.of(dir.toFile().list()).stream().noneMatch(n -> n.endsWith(".tmp")), "no temp files left");
    }
}
