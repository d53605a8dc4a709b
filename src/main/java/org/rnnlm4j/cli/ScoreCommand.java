/*
 * `rnnlm4j score`: each input line's log10 probability, token and OOV counts and perplexity,
 * streamed line by line (one output line per input line, blank lines included, flushed as it goes);
 * with --batch N, N lines at a time, scored together (Scorer.scoreAll) and answered in input order.
 * The output forms are ScoreFormats'.
 */
package org.rnnlm4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.KernelSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score sentences (one per line) like KenLM's query: log10 probability, token count, OOV count "
                + "and perplexity of each, one output line per input line. Each line is scored from a fresh state as "
                + "START w1 .. wn END (the model's own start and end symbols).",
        footer = {"", "Examples:",
                "  echo \"the cat sat on the mat\" | rnnlm4j score --model ptb.model -",
                "  rnnlm4j score --model ptb.model --per-token sentences.txt",
                "  rnnlm4j score --model ptb.model --json --per-token sentences.txt > out.jsonl",
                "  rnnlm4j score --model ptb.model --batch 64 data/ptb/ptb.test.txt > scores.txt",
                "",
                "Text output: log10_prob, perplexity, tokens, oovs, sentence (TAB-separated);",
                "with the README's demo.model:",
                "  -15.2333  80.20  8  0  the company said it expects higher earnings",
                "--per-token, KenLM style: word=id log10prob for each prediction (an OOV word",
                "adds a field OOV), then the totals, TAB-separated:",
                "  the=0 -0.6586  company=47 -1.3944  ...  SENTENCE_END=3 -1.6354",
                "  Total: -15.2333 OOV: 0 Tokens: 8 Perplexity: 80.20",
                "tokens = predictions: the words, plus the end unless --no-eos, minus the first",
                "word with --no-bos; perplexity = 10^(-log10_prob / tokens). OOV words are",
                "scored as the model's unknown symbol. Words holding spaces, TABs or line",
                "breaks are escaped (\\s \\t \\n). Corpus totals: rnnlm4j eval.",
                "--batch N scores N lines together, sentences of similar length in one pass:",
                "the figures equal --batch 1's up to float rounding (about 1e-6 in ln p), so",
                "now and then a last printed digit differs."})
final class ScoreCommand implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Sentences, one per line; '-' or nothing reads standard input.")
    String input;

    @Option(names = "--per-token", description = "Each token's log10 probability (KenLM's query layout in text).")
    boolean perToken;

    @Option(names = "--json", description = "One JSON object per line of input.")
    boolean json;

    @Option(names = "--no-bos", description = "Do not start from the start symbol: the first word is only context (not scored).")
    boolean noBos;

    @Option(names = "--no-eos", description = "Do not predict the end symbol after the last word.")
    boolean noEos;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "N",
            description = "Read N lines, then score them together: faster on many lines; each answer waits for its "
                    + "N lines or the end of the input (default: ${DEFAULT-VALUE}, each line answered as it arrives).")
    int batch;

    @Override
    public void run() {
        if (batch < 1) {
            throw new RnnlmException("--batch must be at least 1 (got " + batch + ")");
        }
        Scorer scorer = new Scorer(Inputs.model(model), KernelSelector.get());
        Scorer.Boundaries boundaries = new Scorer.Boundaries(!noBos, !noEos);
        List<String> pending = new ArrayList<>(batch);
        long[] read = {0};
        Inputs.forEachLine(input, (n, line) -> {
            read[0] = n;
            pending.add(line);
            if (pending.size() == batch) {
                answer(scorer, pending, n - batch + 1, boundaries);
                pending.clear();
            }
        });
        answer(scorer, pending, read[0] - pending.size() + 1, boundaries);
    }

    /**
     * Scores lines (the first is line number first) together and prints their answers in order; a
     * line that cannot be scored ends the run with its error after the answers of the lines before it.
     */
    private void answer(Scorer scorer, List<String> lines, long first, Scorer.Boundaries b) {
        List<Scorer.Prepared> ready = new ArrayList<>(lines.size());
        RnnlmException error = null;
        for (int i = 0; i < lines.size() && error == null; i++) {
            String line = lines.get(i);
            try {
                ready.add(scorer.prepare(line, scorer.tokenize(line), b));
            } catch (RnnlmException e) {
                error = new RnnlmException("line " + (first + i) + ": " + e.getMessage());
            }
        }
        PrintStream out = System.out;
        for (Scorer.SentenceScore s : scorer.scoreAll(ready, batch)) {
            if (json) {
                out.println(Json.write(s.toMap(perToken)));
            } else {
                out.println(perToken ? ScoreFormats.kenlm(s) : ScoreFormats.columns(s));
            }
        }
        out.flush();
        if (error != null) {
            throw error;
        }
    }
}
