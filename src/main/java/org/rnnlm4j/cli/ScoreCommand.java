/*
 * `rnnlm4j score`: each input line's log10 probability and perplexity, streamed line by line.
 * Text output is tab-separated: log10_prob, perplexity, the line; --per-token adds a line of
 * token=log10prob pairs; --json prints one object per sentence.
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
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.KernelSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score sentences (one per line): log10 probability and perplexity under the model.",
        footer = {"", "Examples:",
                "  echo \"the cat sat on the mat\" | rnnlm4j score --model ptb.model -",
                "  rnnlm4j score --model ptb.model --per-token sentences.txt",
                "  rnnlm4j score --model ptb.model --json sentences.txt > scores.jsonl",
                "Output columns (text): log10_prob <TAB> perplexity <TAB> sentence"})
final class ScoreCommand implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Sentences, one per line; '-' or nothing reads standard input.")
    String input;

    @Option(names = "--per-token", description = "Also print each token's log10 probability.")
    boolean perToken;

    @Option(names = "--json", description = "One JSON object per sentence.")
    boolean json;

    @Override
    public void run() {
        Scorer scorer = new Scorer(Inputs.model(model), KernelSelector.get());
        PrintStream out = System.out;
        Inputs.forEachLine(input, (n, line) -> {
            Scorer.SentenceScore s;
            try {
                s = scorer.score(line);
            } catch (RnnlmException e) {
                throw new RnnlmException("line " + n + ": " + e.getMessage());
            }
            if (s == null) {
                return;
            }
            if (json) {
                out.println(Json.write(toMap(s, perToken)));
            } else {
                out.printf(Locale.ROOT, "%.4f\t%.2f\t%s%n", s.log10Prob(), s.perplexity(), line.strip());
                if (perToken) {
                    StringBuilder sb = new StringBuilder();
                    for (Scorer.TokenScore t : s.perToken()) {
                        sb.append('\t').append(t.token()).append(t.oov() ? "=<unk>" : "").append('=')
                                .append(String.format(Locale.ROOT, "%.4f", t.log10Prob()));
                    }
                    out.println(sb);
                }
            }
            out.flush();
        });
    }

    static Map<String, Object> toMap(Scorer.SentenceScore s, boolean perToken) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", s.text());
        m.put("tokens", s.tokens());
        m.put("log10_prob", s.log10Prob());
        m.put("perplexity", s.perplexity());
        m.put("predictions", s.predictions());
        m.put("oov", s.oovs());
        if (perToken) {
            List<Object> per = new ArrayList<>();
            for (Scorer.TokenScore t : s.perToken()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("token", t.token());
                o.put("log10_prob", t.log10Prob());
                o.put("oov", t.oov());
                per.add(o);
            }
            m.put("per_token", per);
        }
        return m;
    }
}
