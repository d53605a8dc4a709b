/*
 * CharTokenizer ("char"): one token per Unicode code point.
 *
 * Contract: a surrogate pair (an emoji, say) is one token, never two; every character including
 * spaces and tabs is a token; nothing is normalized. Line breaks are the caller's business (the
 * character-level TextConfig feeds one line at a time).
 */
package org.rnnlm4j.data;

import java.util.ArrayList;
import java.util.List;

public final class CharTokenizer implements Tokenizer {

    public static final CharTokenizer INSTANCE = new CharTokenizer();

    /** Shared strings for the first 256 code points: a 1 MB corpus is a million tokens. */
    private static final String[] LATIN1 = new String[256];

    static {
        for (int c = 0; c < LATIN1.length; c++) {
            LATIN1[c] = String.valueOf((char) c);
        }
    }

    @Override
    public List<String> tokenize(String sentence) {
        List<String> tokens = new ArrayList<>(sentence.length());
        for (int i = 0; i < sentence.length(); ) {
            int cp = sentence.codePointAt(i);
            int width = Character.charCount(cp);
            tokens.add(cp < LATIN1.length ? LATIN1[cp] : sentence.substring(i, i + width));
            i += width;
        }
        return tokens;
    }

    @Override
    public String name() {
        return "char";
    }
}
