/*
 * Exact resume from the command line: a stream-mode run in a separate JVM is stopped by SIGTERM
 * part-way, `train --resume MODEL.ckpt` finishes it, and the final weights are bitwise those of an
 * uninterrupted run with the same flags (same kernels and thread count on both sides).
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelStore;
import org.rnnlm4j.nn.Param;

class ResumeTest {
    @TempDir
    Path dir;

    static List<String> flags(Path text, Path out) {
        return List.of("train", text.toString(), "--level", "char", "--mode", "stream", "--cell", "lstm", "--layers", "2",
                "--dropout", "0.2", "--hidden", "16", "--embedding", "8", "--batch", "4", "--bptt", "16", "--steps", "4000",
                "--valid-fraction", "0", "--lr-schedule", "cosine:100", "--eval-every", "500", "--out", out.toString());
    }

    @Test
    void aRunStoppedBySignalAndResumedEndsBitwiseEqual() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.write(text, CliEndToEndTest.sentences(3000, 8));
        Path a = dir.resolve("a.model");
        CliRunner.Result ra = CliRunner.run(flags(text, a).toArray(new String[0]));
        assertEquals(0, ra.exit(), ra.out() + ra.err());

        Path b = dir.resolve("b.model");
        // the child JVM gets the kernels this one has: the vector module only if this JVM has it
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (KernelSelector.vectorModulePresent()) {
            cmd.addAll(List.of("--add-modules", KernelSelector.VECTOR_MODULE));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(flags(text, b));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith("after pass") && line.contains("(500 steps)")) {
                    // the first scheduled evaluation: well inside the 4000 steps
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.toString().contains("stop requested"), "the run was stopped part-way:\n" + out);
        Path ckpt = Path.of(b + ".ckpt");
        assertTrue(Files.exists(ckpt), out.toString());

        CliRunner.Result rb = CliRunner.run("train", "--resume", ckpt.toString());
        assertEquals(0, rb.exit(), rb.out() + rb.err());
        assertTrue(rb.out().contains("resumed at step"), rb.out());
        LanguageModel ma = ModelStore.load(a);
        LanguageModel mb = ModelStore.load(b);
        for (Param pa : ma.params().values()) {
            assertArrayEquals(pa.w, mb.param(pa.name).w, pa.name + " bitwise equal after stop + resume");
        }
    }
}
