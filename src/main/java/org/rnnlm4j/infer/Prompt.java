/*
 * Prompt: a text the user gives (a prime) as the model's tokens and ids.
 *
 * Tokens: stream models split as their training stream was (characters, line breaks included, or
 * whitespace-separated words, StreamSymbols); sentence models as their training sentences were
 * (lower-casing and tokenizer from the model's TextConfig, like Scorer). A token the model never saw
 * becomes its unknown symbol, or is skipped when it has none; either way it is listed in unseen, so
 * the caller can warn.
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rnnlm4j.data.TextConfig.Level;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.data.batch.StreamSymbols;
import org.rnnlm4j.model.LanguageModel;

public record Prompt(List<String> tokens, int[] ids, Set<String> unseen) {

    public static Prompt of(LanguageModel m, String text) {
        Vocabulary v = m.vocabulary();
        List<String> tokens = tokens(m, text);
        int[] ids = new int[tokens.size()];
        int n = 0;
        Set<String> unseen = new LinkedHashSet<>();
        for (String t : tokens) {
            if (!v.contains(t)) {
                unseen.add(t);
            }
            if (v.contains(t) || v.unknownId() >= 0) {
                ids[n++] = v.id(t);
            }
        }
        return new Prompt(tokens, java.util.Arrays.copyOf(ids, n), unseen);
    }

    /** The tokens of text, split the way the model's training text was. */
    public static List<String> tokens(LanguageModel m, String text) {
        if (m.vocabulary().isStream()) {
            if (m.text().level() == Level.CHAR) {
                return StreamSymbols.characters(text);
            }
            List<String> words = new ArrayList<>();
            for (String w : text.strip().split("\\s+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            return words;
        }
        String s = m.text().lowercase() ? text.toLowerCase(Locale.ROOT) : text;
        return m.text().tokenizer().tokenize(s);
    }
}
