/*
 * WhitespaceTokenizer ("whitespace"): tokens are the runs of non-whitespace characters.
 *
 * Contract: exactly Python's str.split() with no argument, for text that is already tokenized
 * (Penn Treebank style, one sentence per line). "<unk>" and every other token are kept as they are.
 */
package org.rnnlm4j.data;

import java.util.List;

public final class WhitespaceTokenizer implements Tokenizer {

    public static final WhitespaceTokenizer INSTANCE = new WhitespaceTokenizer();

    @Override
    public List<String> tokenize(String sentence) {
        return PythonChars.splitOnSpace(sentence);
    }

    @Override
    public String name() {
        return "whitespace";
    }
}
