/*
 * Detokenizer: tokens back to readable text. Characters are concatenated; words are joined with
 * spaces except before closing punctuation and contraction pieces ("do n't" -> "don't") and after
 * opening brackets. Good enough for reading generated text; not an inverse of every tokenizer.
 */
package org.rnnlm4j.infer;

import java.util.List;
import java.util.Set;

public final class Detokenizer {
    private static final Set<String> NO_SPACE_BEFORE = Set.of(".", ",", "!", "?", ";", ":", ")", "]", "}", "%",
            "n't", "'s", "'m", "'re", "'ve", "'ll", "'d", "''", "...");
    private static final Set<String> NO_SPACE_AFTER = Set.of("(", "[", "{", "``", "$", "#");

    private Detokenizer() {
    }

    public static String join(List<String> tokens, boolean characters) {
        if (characters) {
            return String.join("", tokens);
        }
        StringBuilder sb = new StringBuilder();
        String prev = null;
        for (String t : tokens) {
            if (prev != null && !NO_SPACE_BEFORE.contains(t) && !NO_SPACE_AFTER.contains(prev)) {
                sb.append(' ');
            }
            sb.append(t.equals("``") || t.equals("''") ? "\"" : t);
            prev = t;
        }
        return sb.toString();
    }
}
