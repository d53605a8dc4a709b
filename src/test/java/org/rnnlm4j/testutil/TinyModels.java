/*
 * TinyModels: untrained models small enough to search exhaustively, made in the test — a sentence
 * model over three words (6 symbols with the markers) and a character stream model over "\n", "a",
 * "b", "c" (no unknown symbol). Weights are drawn uniform(+-1.5) from a fixed seed, so the next-token
 * distributions are far from flat and differ from step to step.
 */
package org.rnnlm4j.testutil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.nn.Activation;

public final class TinyModels {
    private TinyModels() {
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
