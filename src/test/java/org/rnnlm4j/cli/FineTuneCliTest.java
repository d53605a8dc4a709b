/*
 * `train --init MODEL`: fine-tuning starts from the model's weights (a step with a vanishing learning
 * rate leaves them as they were, where a fresh run would start elsewhere), keeps its vocabulary and
 * architecture, and refuses flags that would change them or a mode the model was not trained in.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelStore;
import org.rnnlm4j.nn.Param;

class FineTuneCliTest {
    @TempDir
    Path dir;

    @Test
    void startsFromTheModelsWeightsAndKeepsItsVocabulary() throws Exception {
        Path a = dir.resolve("a.txt");
        Files.write(a, CliEndToEndTest.sentences(300, 5));
        Path b = dir.resolve("b.txt");
        Files.write(b, CliEndToEndTest.sentences(200, 9));
        Path base = dir.resolve("base.model");
        CliRunner.Result t = CliRunner.run("train", a.toString(), "--level", "char", "--mode", "stream", "--cell", "gru",
                "--hidden", "16", "--embedding", "8", "--batch", "4", "--bptt", "16", "--steps", "30", "--out", base.toString());
        assertEquals(0, t.exit(), t.out() + t.err());

        Path tuned = dir.resolve("tuned.model");
        CliRunner.Result f = CliRunner.run("train", b.toString(), "--init", base.toString(), "--mode", "stream", "--batch", "4",
                "--bptt", "16", "--steps", "1", "--lr", "1e-12", "--valid-fraction", "0", "--out", tuned.toString());
        assertEquals(0, f.exit(), f.out() + f.err());
        assertTrue(f.out().contains("fine-tuning"), f.out());
        LanguageModel before = ModelStore.load(base);
        LanguageModel after = ModelStore.load(tuned);
        assertEquals(before.vocabulary().words(), after.vocabulary().words());
        assertEquals(before.config(), after.config());
        for (Param p : before.params().values()) {
            float[] w = after.param(p.name).w;
            for (int i = 0; i < w.length; i++) {
                assertEquals(p.w[i], w[i], 1e-6, p.name + "[" + i + "]");
            }
        }

        CliRunner.Result conflict = CliRunner.run("train", b.toString(), "--init", base.toString(), "--mode", "stream",
                "--hidden", "32", "--out", tuned.toString());
        assertEquals(2, conflict.exit());
        assertTrue(conflict.err().contains("--hidden conflicts with --init"), conflict.err());

        CliRunner.Result mode = CliRunner.run("train", b.toString(), "--init", base.toString(), "--batch", "8", "--out", tuned.toString());
        assertEquals(2, mode.exit());
        assertTrue(mode.err().contains("fine-tune it with --mode stream"), mode.err());

        Path foreign = dir.resolve("c.txt");
        Files.writeString(foreign, "\u00e9\u00e9\u00e9 ".repeat(200));
        CliRunner.Result unseen = CliRunner.run("train", foreign.toString(), "--init", base.toString(), "--mode", "stream",
                "--batch", "4", "--bptt", "16", "--steps", "1", "--out", tuned.toString());
        assertEquals(2, unseen.exit());
        assertTrue(unseen.err().contains("not among"), unseen.err());
    }
}
