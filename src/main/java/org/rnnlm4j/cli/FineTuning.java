/*
 * FineTuning: `train --init MODEL` — start from a trained model's weights and go on training on
 * new text. The architecture, vocabulary and tokenization come from MODEL (so flags that would change
 * them are refused); the optimizer, schedule and counters start fresh (unlike --resume, which
 * continues one run exactly). Symbols of the new text outside the vocabulary are read as the model's
 * unknown symbol, or, if it has none, stop the run with the symbol named.
 */
package org.rnnlm4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.Provenance;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelStore;

final class FineTuning {
    /** Flags that set what --init takes from the model. */
    static final List<String> MODEL_FLAGS = List.of("--cell", "--hidden", "--embedding", "--layers", "--activation", "--bias",
            "--tie-weights", "--bidirectional", "--vocab-size", "--level", "--tokenizer", "--lowercase");

    private static final String RUN_KEY = "fine_tuning";

    private FineTuning() {
    }

    /** Loads the model to start from and checks that the flags and mode agree with it. */
    static LanguageModel load(Path file, picocli.CommandLine.ParseResult flags, String mode) {
        for (String f : MODEL_FLAGS) {
            if (flags.hasMatchedOption(f)) {
                throw new RnnlmException(f + " conflicts with --init: the architecture, vocabulary and tokenization come from "
                        + file + "; drop " + f);
            }
        }
        LanguageModel m = ModelStore.load(file);
        boolean stream = m.vocabulary().isStream();
        if (stream != mode.equals("stream")) {
            throw new RnnlmException(file + " was trained in " + (stream ? "stream" : "sentence") + " mode: fine-tune it with --mode "
                    + (stream ? "stream" : "sentence"));
        }
        return m;
    }

    /** The model whose weights training will change: initial's weights, provenance of this run plus the origin. */
    static LanguageModel start(LanguageModel initial, Map<String, String> provenance, PrintStream console) {
        Map<String, String> p = new LinkedHashMap<>(provenance);
        String from = initial.provenance().getOrDefault(Provenance.CORPUS_SHA256, "");
        p.put("provenance.fine_tuned_from_corpus_sha256", from);
        console.println("fine-tuning from the given model's weights (optimizer and schedule start fresh)");
        return initial.withProvenance(p);
    }

    /** The run settings of a checkpoint, marked when the run fine-tunes (so resume keeps the model's vocabulary). */
    static Map<String, String> mark(Map<String, String> run, LanguageModel initial) {
        if (initial != null) {
            run.put(RUN_KEY, "true");
        }
        return run;
    }

    static boolean marked(Map<String, String> run) {
        return "true".equals(run.get(RUN_KEY));
    }
}
