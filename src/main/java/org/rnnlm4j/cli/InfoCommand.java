/*
 * `rnnlm4j info`: what a model file holds — architecture, text settings, vocabulary, provenance.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.nn.Param;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Describe a model file.",
        footer = {"", "Example:", "  rnnlm4j info --model ptb.model"})
final class InfoCommand implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Override
    public void run() {
        LanguageModel m = Inputs.load(model);
        System.out.println("file:        " + model + " (" + TrainingSession.humanSize(model) + ")");
        System.out.println("model:       " + m.config().describe());
        System.out.println("text:        " + m.text().toMap());
        List<String> words = m.vocabulary().words();
        boolean chars = m.text().level() == org.rnnlm4j.data.TextConfig.Level.CHAR;
        List<String> shown = new java.util.ArrayList<>();
        for (String w : words.subList(0, Math.min(12, words.size()))) {
            shown.add(chars && w.codePointCount(0, w.length()) == 1 ? org.rnnlm4j.io.Json.write(w) : w);
        }
        System.out.println("vocabulary:  " + words.size() + " symbols, most frequent first: "
                + String.join(" ", shown) + (words.size() > 12 ? " ..." : ""));
        System.out.println("tensors:");
        for (Param p : m.params().values()) {
            System.out.println("  " + p);
        }
        System.out.println("provenance:");
        for (Map.Entry<String, String> e : m.provenance().entrySet()) {
            System.out.println("  " + e.getKey().replaceFirst("^provenance\\.", "") + ": " + e.getValue());
        }
    }
}
