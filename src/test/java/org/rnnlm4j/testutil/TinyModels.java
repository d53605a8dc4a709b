/*
 * TinyModels: small untrained models with fixed weights (drawn from a fixed seed), for tests that
 * need exact, repeatable numbers rather than a good model.
 *
 *   sentenceModel(cell), charModel()  scoring, evaluation and rescoring; the golden files in
 *                                     src/test/resources/golden depend on them (changing a model
 *                                     here changes those files, and the golden tests will say so)
 *   sentences(...), chars()           decoding: vocabularies small enough to search exhaustively,
 *                                     weights uniform(+-1.5) so the distributions are far from flat
 *
 * Contract: the same call always returns a model with the same weights.
 */
package org.rnnlm4j.testutil;

import java.nio.file.Path;
import java.util.ArrayList;
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

    /** GRU, hidden 5; vocabulary: the words, SENTENCE_START, SENTENCE_END, UNKNOWN_TOKEN. */
    public static LanguageModel sentences(long seed, String... words) {
        List<String> sentence = new ArrayList<>();
        sentence.add(Vocabulary.START);
        sentence.addAll(List.of(words));
        sentence.add(Vocabulary.END);
        Vocabulary v = Vocabulary.build(List.of(sentence), words.length + 3);
        ModelConfig c = new ModelConfig("gru", Activation.TANH, v.size(), 4, 5, 1, true, true, true, "uniform:1.5", false);
        return LanguageModel.initialize(c, v, TextConfig.lines(), seed, Map.of());
    }

    public static LanguageModel sentences() {
        return sentences(7, "x", "y", "z");
    }

    /** LSTM, hidden 6, over "\n", "a", "b", "c" with "\n" as the boundary and no unknown symbol. */
    public static LanguageModel chars() {
        Vocabulary v = Vocabulary.ofStream(List.of("\n", "a", "b", "c"), "\n", null);
        ModelConfig c = new ModelConfig("lstm", Activation.TANH, v.size(), 3, 6, 1, true, true, true, "uniform:1.5", false);
        return LanguageModel.initialize(c, v, TextConfig.chars(TextConfig.Format.LINES), 5, Map.of());
    }
}
