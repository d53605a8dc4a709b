/*
 * `rnnlm4j eval`: a model's corpus figures on a file or standard input, tokenized exactly as the
 * model's training text was (same format, splitting and tokenizer), streamed sentence by sentence
 * (SentenceStream) so the input's size does not matter: a window of 16 x --batch sentences at a time,
 * scored in batches of similar length (Scorer.scoreAll) and added in input order.
 */
package org.rnnlm4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.SentenceStream;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.infer.CorpusEvaluation;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a model on a text: perplexity including and excluding OOVs, nats per token, OOV rate, "
                + "and bits per character for character models. Each sentence (of a character model: each line) is "
                + "scored from a fresh state as START w1 .. wn END, as rnnlm4j score does.",
        footer = {"", "Examples:", "  rnnlm4j eval --model ptb.model data/ptb/ptb.test.txt",
                "  rnnlm4j eval --model ptb.model data/ptb/ptb.test.txt --json",
                "  zcat big.txt.gz | rnnlm4j eval --model ptb.model -",
                "  rnnlm4j eval --model ptb.model data/ptb/ptb.test.txt --batch 1",
                "",
                "A FILE is read in the model's training format (a tutorial model reads its CSV",
                "column; a --format text model reads paragraphs, so a blank line ends a",
                "sentence); standard input is one document per line. Both are streamed.",
                "'perplexity excluding OOVs' leaves out the predictions of unknown words, as",
                "KenLM's query does. Skipped and counted: sentences made only of unknown",
                "words, and sentences with a symbol that a model without an unknown symbol",
                "cannot read. Sentences are scored --batch at a time; the figures equal one at",
                "a time (--batch 1) up to float rounding."})
final class EvalCommand implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model file.")
    java.nio.file.Path model;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Text in the model's training format; '-' or nothing reads standard input.")
    String input;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
            description = "Score up to N sentences of similar length together (default: ${DEFAULT-VALUE}; 1: one at a time).")
    int batch;

    /** Sentences read ahead per batch: they are grouped by length within this window. */
    static final int WINDOW_BATCHES = 16;

    @Override
    public void run() {
        if (batch < 1) {
            throw new RnnlmException("--batch must be at least 1 (got " + batch + ")");
        }
        LanguageModel m = Inputs.model(model);
        Scorer scorer = new Scorer(m, KernelSelector.get());
        boolean chars = m.text().level() == TextConfig.Level.CHAR;
        CorpusEvaluation ev = new CorpusEvaluation(chars);
        boolean stdin = input == null || input.equals("-");
        List<List<String>> window = new ArrayList<>();
        Inputs.withReader(input, (reader, name) ->
                SentenceStream.forEach(m.text(), reader, name, stdin, sentence -> {
                    window.add(strip(sentence));
                    if (window.size() == WINDOW_BATCHES * batch) {
                        ev.addAll(scorer, window, batch);
                        window.clear();
                    }
                }));
        ev.addAll(scorer, window, batch);
        Map<String, Object> r = ev.toMap();
        if (json) {
            System.out.println(Json.write(r));
            return;
        }
        System.out.printf(Locale.ROOT, "%s: %,d sentences, %,d predicted tokens (%,d %s, %,d OOV)%n", Inputs.name(input),
                r.get("sentences"), r.get("tokens"), r.get("words"), chars ? "characters" : "words", r.get("oovs"));
        System.out.printf(Locale.ROOT, "perplexity                 %.2f%n", ev.perplexity());
        double excluding = ev.perplexityExcludingOovs();
        System.out.printf(Locale.ROOT, "perplexity excluding OOVs  %s  (%,d predictions)%n",
                Double.isNaN(excluding) ? "-" : String.format(Locale.ROOT, "%.2f", excluding), r.get("tokens_excluding_oovs"));
        System.out.printf(Locale.ROOT, "nats/token                 %.4f  (%.4f bits)%n", ev.natsPerToken(), ev.natsPerToken() / Math.log(2));
        if (chars) {
            System.out.printf(Locale.ROOT, "bits/char                  %.4f  (each line's end counts as a character)%n",
                    ev.natsPerToken() / Math.log(2));
        }
        System.out.printf(Locale.ROOT, "OOV rate                   %.2f%%%n", 100 * ev.oovRate());
        long skipped = (Long) r.get("skipped_sentences");
        if (skipped > 0) {
            System.out.printf(Locale.ROOT, "skipped                    %,d sentences made only of unknown words%n", skipped);
        }
        long unseen = (Long) r.get("skipped_unseen_symbols");
        if (unseen > 0) {
            System.out.printf(Locale.ROOT, "skipped                    %,d sentences with symbols the model lacks (it has no unknown symbol)%n", unseen);
        }
    }

    /** Drops the SENTENCE_START/END markers if the corpus reader added them. */
    static List<String> strip(List<String> s) {
        int from = !s.isEmpty() && s.get(0).equals(Vocabulary.START) ? 1 : 0;
        int to = !s.isEmpty() && s.get(s.size() - 1).equals(Vocabulary.END) ? s.size() - 1 : s.size();
        return s.subList(from, Math.max(from, to));
    }
}
