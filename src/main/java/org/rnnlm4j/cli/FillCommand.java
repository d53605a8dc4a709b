/*
 * `rnnlm4j fill`: the most likely words for a blank (___) in a sentence, from both sides, with a
 * bidirectional model (see infer.Filler for how the two directions are combined). Sentences come
 * from the arguments, or one per line from standard input.
 */
package org.rnnlm4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.infer.Filler;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.KernelSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fill", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict a missing word (written ___) from both sides, with a model trained with --bidirectional.",
        footer = {"", "Examples:",
                "  rnnlm4j fill --model ptb-bi.model \"the company said it ___ to buy the unit\"",
                "  rnnlm4j fill --model ptb-bi.model --top 10 --json - < sentences.txt",
                "  echo \"the ___ of new york\" | rnnlm4j fill --model ptb-bi.model -",
                "Probabilities combine the left-to-right and right-to-left predictions (their product, renormalized);",
                "the columns 'left' and 'right' show each side's own probability."})
final class FillCommand implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "A model trained with --bidirectional.")
    Path model;

    @Option(names = {"-k", "--top"}, defaultValue = "5", description = "Candidates to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "One JSON object per sentence.")
    boolean json;

    @Parameters(arity = "0..*", paramLabel = "TEXT",
            description = "Sentences with one ___ each; '-' or nothing reads them from standard input, one per line.")
    List<String> texts;

    @Override
    public void run() {
        if (top < 1) {
            throw new RnnlmException("--top must be at least 1 (got " + top + ")");
        }
        Filler filler = new Filler(Inputs.load(model), KernelSelector.get());
        if (texts == null || texts.isEmpty() || texts.equals(List.of("-"))) {
            Inputs.forEachLine("-", (n, line) -> lineOf(filler, n, line));
        } else {
            for (String t : texts) {
                print(filler, t);
            }
        }
    }

    private void lineOf(Filler filler, long n, String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            print(filler, line);
        } catch (RnnlmException e) {
            throw new RnnlmException("line " + n + ": " + e.getMessage());
        }
    }

    private void print(Filler filler, String text) {
        Filler.Gap gap = filler.gap(text);
        if (!gap.unseen().isEmpty()) {
            System.err.println("rnnlm4j: warning: not in the model's vocabulary, read as its unknown symbol: "
                    + String.join(" ", gap.unseen()));
        }
        List<Filler.Candidate> cands = filler.fill(gap, top);
        PrintStream out = System.out;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", text.strip());
            List<Object> list = new ArrayList<>();
            for (Filler.Candidate c : cands) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("token", c.token());
                o.put("probability", c.probability());
                o.put("left", c.leftProbability());
                o.put("right", c.rightProbability());
                list.add(o);
            }
            m.put("candidates", list);
            out.println(Json.write(m));
        } else {
            out.println(text.strip());
            int width = 4;
            for (Filler.Candidate c : cands) {
                width = Math.max(width, c.token().codePointCount(0, c.token().length()));
            }
            out.printf(Locale.ROOT, "  %-" + width + "s  %8s  %8s  %8s%n", "", "P", "left", "right");
            for (Filler.Candidate c : cands) {
                out.printf(Locale.ROOT, "  %-" + width + "s  %8.4f  %8.4f  %8.4f%n", visible(c.token()), c.probability(),
                        c.leftProbability(), c.rightProbability());
            }
        }
        out.flush();
    }

    /** Characters a terminal would not show (space, newline) written visibly. */
    private static String visible(String token) {
        return token.equals(" ") ? "' '" : token.equals("\n") ? "\\n" : token.equals("\t") ? "\\t" : token;
    }
}
