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
        StringBuilder sb = new StringBuilder();
        String prev = null;
        for (String t : tokens) {
            append(sb, prev, t, characters);
            prev = t;
        }
        return sb.toString();
    }

    /**
     * Appends token to text that ends with token prev (null at the start), with join()'s spacing:
     * join(tokens) is the same as appending them one by one, so a prefix's text is a prefix of the text.
     */
    public static void append(StringBuilder text, String prev, String token, boolean characters) {
        if (characters) {
            text.append(token);
            return;
        }
        if (prev != null && !NO_SPACE_BEFORE.contains(token) && !NO_SPACE_AFTER.contains(prev)) {
            text.append(' ');
        }
        text.append(token.equals("``") || token.equals("''") ? "\"" : token);
    }
}
