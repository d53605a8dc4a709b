/*
 * Tokenizer: turns one sentence (or one line) into tokens.
 *
 * Contract: tokenize is a pure function of its argument (no state, thread-safe) and never returns
 * empty or null tokens; whitespace never appears inside a token except for the "char" tokenizer,
 * where a space is a token like any other character. name() is the stable identifier stored in
 * model files (TextConfig) and accepted by --tokenizer; named() maps it back.
 */
package org.rnnlm4j.data;

import java.util.List;

import org.rnnlm4j.RnnlmException;

public interface Tokenizer {

    /** The tokens of {@code sentence}, in order. */
    List<String> tokenize(String sentence);

    /** The stable name: "nltk", "regex", "whitespace" or "char". */
    String name();

    /** Names accepted by {@link #named(String)}. */
    List<String> NAMES = List.of("nltk", "regex", "whitespace", "char");

    /** The tokenizer called {@code name}; RnnlmException for an unknown name. */
    static Tokenizer named(String name) {
        switch (name == null ? "" : name) {
            case "nltk":
                return TreebankWordTokenizer.INSTANCE;
            case "regex":
                return RegexWordTokenizer.INSTANCE;
            case "whitespace":
                return WhitespaceTokenizer.INSTANCE;
            case "char":
                return CharTokenizer.INSTANCE;
            default:
                throw new RnnlmException("unknown tokenizer \"" + name + "\": use one of "
                        + String.join(", ", NAMES));
        }
    }
}
