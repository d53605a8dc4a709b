/*
 * `rnnlm4j eval`: a model's corpus figures on a file, tokenized exactly as the model's training
 * text was (same format, splitting and tokenizer).
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.infer.CorpusEvaluation;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on a text: perplexity, nats per token, OOV rate.",
        footer = {"", "Examples:", "  rnnlm4j eval --model ptb.model data/ptb/ptb.test.txt",
                "  rnnlm4j eval --model ptb.model data/ptb/ptb.test.txt --json"})
final class EvalCommand implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Parameters(index = "0", paramLabel = "FILE", description = "Text in the model's training format.")
    Path file;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Override
    public void run() {
        LanguageModel m = Inputs.model(model);
        Scorer scorer = new Scorer(m, KernelSelector.get());
        CorpusEvaluation ev = new CorpusEvaluation();
        for (List<String> sentence : m.text().sentencesOfFile(file)) {
            ev.add(scorer, strip(sentence));
        }
        Map<String, Object> r = ev.toMap();
        if (json) {
            System.out.println(Json.write(r));
        } else {
            System.out.printf(Locale.ROOT, "%s: %,d sentences, %,d predicted tokens%n", file, r.get("sentences"), r.get("tokens"));
            System.out.printf(Locale.ROOT, "perplexity     %.2f%n", ev.perplexity());
            System.out.printf(Locale.ROOT, "nats/token     %.4f  (%.4f bits)%n", ev.natsPerToken(), ev.natsPerToken() / Math.log(2));
            System.out.printf(Locale.ROOT, "OOV rate       %.2f%%%n", 100 * ev.oovRate());
            long skipped = (Long) r.get("skipped_sentences");
            if (skipped > 0) {
                System.out.printf(Locale.ROOT, "skipped        %,d sentences made only of unknown words%n", skipped);
            }
        }
    }

    /** Drops the SENTENCE_START/END markers if the corpus reader added them. */
    static List<String> strip(List<String> s) {
        int from = !s.isEmpty() && s.get(0).equals(Vocabulary.START) ? 1 : 0;
        int to = !s.isEmpty() && s.get(s.size() - 1).equals(Vocabulary.END) ? s.size() - 1 : s.size();
        return s.subList(from, Math.max(from, to));
    }
}
