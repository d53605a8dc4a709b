/*
 * `rnnlm4j score`: each input line's log10 probability, token and OOV counts and perplexity,
 * streamed line by line (one output line per input line, blank lines included, flushed as it goes).
 * The output forms are ScoreFormats'.
 */
package org.rnnlm4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.rnnlm4j.Rnnlm;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.io.Json;
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
                "breaks are escaped (\\s \\t \\n). Corpus totals: rnnlm4j eval."})
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

    @Override
    public void run() {
        Rnnlm lm = Rnnlm.of(Inputs.model(model));
        Scorer.Boundaries boundaries = new Scorer.Boundaries(!noBos, !noEos);
        PrintStream out = System.out;
        Inputs.forEachLine(input, (n, line) -> {
            Scorer.SentenceScore s;
            try {
                s = lm.score(line, boundaries);
            } catch (RnnlmException e) {
                throw new RnnlmException("line " + n + ": " + e.getMessage());
            }
            if (json) {
                out.println(Json.write(s.toMap(perToken)));
            } else {
                out.println(perToken ? ScoreFormats.kenlm(s) : ScoreFormats.columns(s));
            }
            out.flush();
        });
    }
}
