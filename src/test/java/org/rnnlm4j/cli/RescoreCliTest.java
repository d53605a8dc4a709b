/*
 * `rnnlm4j rescore` on a tiny fixed model (TinyModels): the weighted, re-ranked output against a
 * golden file; totals = old + W * lm; each id's block best first with ties in input order; identical
 * hypotheses with identical scores (within and across ids); the feature in ln, agreeing with
 * `score`'s log10; without --weight nothing but the feature changes; bad lists are one-line errors.
 */
package org.rnnlm4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.testutil.TinyModels;

class RescoreCliTest {
    @TempDir
    static Path dir;
    static Path model;

    static final String NBEST = String.join("\n",
            "0 ||| the cat sat on the mat .  ||| d: 0 -2 lm: -30.1 tm: -3.2 w: -7 ||| -5.34",
            "0 ||| the cat sat on the mat  ||| d: 0 -2 lm: -29.0 tm: -3.0 w: -6 ||| -5.30",
            "0 ||| the dog sat on the mat .  ||| d: 0 -2 lm: -31.0 tm: -3.1 w: -7 ||| -5.41",
            "0 ||| the cat sat on the mat .  ||| d: 0 -2 lm: -30.1 tm: -3.3 w: -7 ||| -5.34",
            "0 ||| mat the on sat cat the .  ||| d: 0 -9 lm: -40.0 tm: -3.2 w: -7 ||| -6.00",
            "1 ||| the zebra sat ||| Distortion0= 0 LM0= -20.5 WordPenalty0= -3 ||| -4.1 ||| 0-0 1-1 2-2",
            "1 |||  ||| Distortion0= 0 LM0= -2.5 WordPenalty0= 0 ||| -9.0 ||| ",
            "1 ||| the cat sat on the mat . ||| Distortion0= 0 LM0= -30.1 WordPenalty0= -7 ||| -4.5 ||| 0-0",
            "");

    @BeforeAll
    static void saveModel() {
        model = TinyModels.save(TinyModels.sentenceModel("lstm"), dir, "lstm.model");
    }

    record Line(String id, String hyp, String features, double lm, double total, String raw) {
        static Line of(String raw) {
            String[] f = raw.split("\\|\\|\\|");
            String[] feats = f[2].strip().split(" ");
            return new Line(f[0].strip(), f[1].strip(), f[2].strip(), Double.parseDouble(feats[feats.length - 1]),
                    Double.parseDouble(f[3].strip()), raw);
        }
    }

    static List<Line> lines(String out) {
        List<Line> l = new ArrayList<>();
        for (String s : out.split("\n")) {
            l.add(Line.of(s));
        }
        return l;
    }

    @Test
    void weightedOutputMatchesTheGoldenFileAndIsRankedPerId() throws IOException {
        CliRunner.Result r = CliRunner.runWithInput(NBEST, "rescore", "--model", model.toString(), "--nbest", "-", "--weight", "0.5");
        assertEquals(0, r.exit(), r.err());
        Golden.assertMatches("rescore-weighted.txt", r.out());
        assertTrue(r.err().contains("rescored 8 hypotheses of 2 sentence ids") && r.err().contains("shared prefixes saved"), r.err());

        Map<String, Double> oldTotal = new HashMap<>();
        for (String s : NBEST.split("\n")) {
            Line in = Line.of(s);
            oldTotal.put(in.id() + "|" + in.hyp() + "|" + in.features(), in.total());
        }
        List<Line> out = lines(r.out());
        assertEquals(8, out.size());
        Map<String, Double> lmOf = new HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            Line l = out.get(i);
            String oldFeatures = l.features().substring(0, l.features().lastIndexOf(" rnnlm"));
            double old = oldTotal.get(l.id() + "|" + l.hyp() + "|" + oldFeatures);
            assertEquals(old + 0.5 * l.lm(), l.total(), 1e-4, l.raw());
            if (i > 0 && out.get(i - 1).id().equals(l.id())) {
                assertTrue(out.get(i - 1).total() >= l.total(), "best first: " + r.out());
            }
            Double before = lmOf.putIfAbsent(l.hyp(), l.lm());
            if (before != null) {
                assertEquals(before, l.lm(), 0.0, "identical hypotheses, identical scores: " + l.hyp());
            }
        }
        // the two identical hypotheses with identical totals keep their input order (tm: -3.2 before tm: -3.3)
        int a = r.out().indexOf("tm: -3.2 w: -7 rnnlm");
        int b = r.out().indexOf("tm: -3.3 w: -7 rnnlm");
        assertTrue(a >= 0 && a < b, r.out());
        assertTrue(r.out().contains("WordPenalty0= -3 rnnlm= "), "the list's own label style");
        assertTrue(r.out().contains("||| 0-0 1-1 2-2\n"), "trailing fields kept");
    }

    @Test
    void withoutWeightOnlyTheFeatureIsAddedAndItIsTheNaturalLog() {
        CliRunner.Result r = CliRunner.runWithInput(NBEST, "rescore", "--model", model.toString(), "--nbest", "-", "--feature", "rnn");
        assertEquals(0, r.exit(), r.err());
        String[] in = NBEST.split("\n");
        String[] out = r.out().split("\n");
        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length; i++) {
            String[] fi = in[i].split("\\|\\|\\|");
            String[] fo = out[i].split("\\|\\|\\|");
            assertEquals(fi[0].strip(), fo[0].strip());
            assertEquals(fi[1].strip(), fo[1].strip());
            assertTrue(fo[2].strip().startsWith(fi[2].strip() + " rnn"), out[i]);
            assertEquals(fi[3].strip(), fo[3].strip(), "total untouched");
        }
        String sentence = "the cat sat on the mat .";
        CliRunner.Result s = CliRunner.runWithInput(sentence + "\n", "score", "--model", model.toString());
        double log10 = Double.parseDouble(s.out().split("\t")[0]);
        assertEquals(log10 * Math.log(10), Line.of(out[0]).lm(), 1e-3);
    }

    @Test
    void badListsAreOneLineErrors() throws IOException {
        CliEndToEndTest.assertOneLineError(CliRunner.runWithInput("0 ||| a ||| f: 1 ||| -1\n0 ||| a b ||| f: 1\n",
                "rescore", "--model", model.toString(), "--nbest", "-"), "line 2 has 3 field");
        Path f = Files.writeString(dir.resolve("unsorted.nbest"), "0 ||| the ||| f: 1 ||| -1\n1 ||| cat ||| f: 1 ||| -1\n0 ||| mat ||| f: 1 ||| -1\n");
        CliEndToEndTest.assertOneLineError(CliRunner.run("rescore", "--model", model.toString(), "--nbest", f.toString()), "line 3");
        CliEndToEndTest.assertOneLineError(CliRunner.runWithInput("0 ||| a ||| rnnlm: 1 ||| -1\n", "rescore", "--model",
                model.toString(), "--nbest", "-"), "--feature");
        CliEndToEndTest.assertOneLineError(CliRunner.run("rescore", "--model", model.toString()), "--nbest");
        Path chars = TinyModels.save(TinyModels.charModel(), dir, "chars.model");
        CliEndToEndTest.assertOneLineError(CliRunner.runWithInput("0 ||| abz ||| f: 1 ||| -1\n", "rescore", "--model",
                chars.toString(), "--nbest", "-"), "line 1");
    }
}
