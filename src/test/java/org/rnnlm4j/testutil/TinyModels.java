/*
 * TinyModels: small untrained models with fixed weights (drawn from a fixed seed), for tests of
 * scoring, evaluation and rescoring that need exact, repeatable numbers rather than a good model.
 *
 * Contract: the same call always returns a model with the same weights. Changing a model here
 * changes the golden files in src/test/resources/golden (the golden tests will say so).
 */
package org.rnnlm4j.testutil;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.model.ModelStore;
import org.rnnlm4j.nn.Activation;

public final class TinyModels {
    private TinyModels() {
    }

    /** The words of sentenceModel(), markers and UNKNOWN_TOKEN included (id = index). */
    public static final List<String> WORDS = List.of(Vocabulary.START, Vocabulary.END, "the", "cat", "dog", "sat",
            "on", "mat", ".", Vocabulary.UNKNOWN);

    /** A sentence model (LINES text, whitespace tokens) of the given cell: E 5, H 6, weights uniform(+-0.8), seed 7. */
    public static LanguageModel sentenceModel(String cell) {
        Vocabulary v = Vocabulary.of(WORDS);
        ModelConfig c = new ModelConfig(cell, Activation.TANH, v.size(), 5, 6, 1, true, true, true, "uniform:0.8");
        return LanguageModel.initialize(c, v, TextConfig.lines(), 7, Map.of("provenance.seed", "7"));
    }

    /** A character stream model over "\n", " ", a, b, c with no unknown symbol: 2-layer LSTM, E 4, H 6, seed 1. */
    public static LanguageModel charModel() {
        Vocabulary v = Vocabulary.ofStream(List.of("\n", " ", "a", "b", "c"), "\n", null);
        ModelConfig c = new ModelConfig("lstm", Activation.TANH, v.size(), 4, 6, 2, true, true, true, "uniform:0.8");
        return LanguageModel.initialize(c, v, TextConfig.chars(TextConfig.Format.LINES), 1, Map.of("provenance.seed", "1"));
    }

    /** Saves m as dir/name and returns the path. */
    public static Path save(LanguageModel m, Path dir, String name) {
        Path p = dir.resolve(name);
        ModelStore.save(m, p);
        return p;
    }
}
