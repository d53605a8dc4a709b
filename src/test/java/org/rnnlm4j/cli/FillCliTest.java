/*
 * `train --bidirectional` and `fill` end to end on a text where only the right context tells the
 * missing word: "the cat sat" / "the dog ran". Left to right, after "the" both animals are equally
 * likely; from both sides "the ___ sat" must be cat and "the ___ ran" dog. Left-to-right commands
 * on the model say that they use its forward stack; fill on a left-to-right model is refused.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.io.Json;

class FillCliTest {
    @TempDir
    Path dir;

    @Test
    void fillsABlankFromTheRightContext() throws Exception {
        List<String> lines = new ArrayList<>();
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < 600; i++) {
            lines.add(r.nextBoolean() ? "the cat sat" : "the dog ran");
        }
        Path text = dir.resolve("pets.txt");
        Files.write(text, lines);
        Path model = dir.resolve("bi.model");
        CliRunner.Result t = CliRunner.run("train", text.toString(), "--mode", "stream", "--cell", "gru", "--bidirectional",
                "--hidden", "16", "--embedding", "8", "--batch", "8", "--bptt", "12", "--steps", "150", "--lr", "0.02",
                "--out", model.toString());
        assertEquals(0, t.exit(), t.out() + t.err());
        assertTrue(t.out().contains("bidirectional gru"), t.out());

        CliRunner.Result f = CliRunner.run("fill", "--model", model.toString(), "--json", "the ___ sat", "the ___ ran");
        assertEquals(0, f.exit(), f.err());
        String[] out = f.out().strip().split("\n");
        assertEquals(2, out.length, f.out());
        assertBest("cat", out[0]);
        assertBest("dog", out[1]);

        CliRunner.Result text1 = CliRunner.run("fill", "--model", model.toString(), "the cat ___");
        assertEquals(0, text1.exit(), text1.err());
        assertTrue(text1.out().lines().skip(2).findFirst().orElse("").strip().startsWith("sat"), text1.out());

        CliRunner.Result s = CliRunner.runWithInput("the cat sat\n", "score", "--model", model.toString(), "-");
        assertTrue(s.err().contains("forward stack only"), s.err());

        CliRunner.Result none = CliRunner.run("fill", "--model", model.toString(), "the cat sat");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("write ___ where the missing word goes"), none.err());
        CliRunner.Result two = CliRunner.run("fill", "--model", model.toString(), "___ cat ___");
        assertEquals(2, two.exit());
        assertTrue(two.err().contains("one ___ at a time"), two.err());
    }

    @SuppressWarnings("unchecked")
    private static void assertBest(String word, String jsonLine) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(jsonLine);
        List<Map<String, Object>> c = (List<Map<String, Object>>) m.get("candidates");
        assertEquals(word, c.get(0).get("token"), jsonLine);
        double p = ((Number) c.get(0).get("probability")).doubleValue();
        double left = ((Number) c.get(0).get("left")).doubleValue();
        assertTrue(p > 0.9, "P(" + word + ") = " + p + " in " + jsonLine);
        assertTrue(left < 0.8, "left to right alone cannot tell (" + left + ") in " + jsonLine);
    }
}
