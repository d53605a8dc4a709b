/*
 * Corpus: the sentences of a training or test text, tokenized and wrapped in START/END markers.
 *
 * Contract: immutable. Every sentence is [START, tokens..., END] with at least one token, in input
 * order. load() reads a file through a TextConfig and fails with a one-line RnnlmException when the
 * file yields no sentence at all. encode() maps tokens to ids with a given Vocabulary (unknown
 * tokens -> UNKNOWN); report() summarizes size and coverage for the user.
 */
package org.rnnlm4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.rnnlm4j.RnnlmException;

public final class Corpus {

    private final List<List<String>> sentences;

    private Corpus(List<List<String>> sentencesWithMarkers) {
        this.sentences = Collections.unmodifiableList(sentencesWithMarkers);
    }

    /** The sentences of {@code file} read with {@code config}, each wrapped in START/END. */
    public static Corpus load(Path file, TextConfig config) {
        List<List<String>> tokenSentences = config.sentencesOfFile(file);
        if (tokenSentences.isEmpty()) {
            throw new RnnlmException(file + " has no sentences with " + describe(config)
                    + ": check --format" + (config.format() == TextConfig.Format.CSV ? " and --csv-column" : ""));
        }
        return ofTokenSentences(tokenSentences);
    }

    /** Text a user supplied (for scoring), read with {@code config} as TextConfig.sentencesOfText says. */
    public static Corpus ofText(String userText, TextConfig config) {
        return ofTokenSentences(config.sentencesOfText(userText));
    }

    /** Wraps each non-empty token list in START/END; empty lists are dropped. */
    public static Corpus ofTokenSentences(List<List<String>> tokenSentences) {
        List<List<String>> wrapped = new ArrayList<>(tokenSentences.size());
        for (List<String> tokens : tokenSentences) {
            if (tokens.isEmpty()) {
                continue;
            }
            List<String> sentence = new ArrayList<>(tokens.size() + 2);
            sentence.add(Vocabulary.START);
            sentence.addAll(tokens);
            sentence.add(Vocabulary.END);
            wrapped.add(Collections.unmodifiableList(sentence));
        }
        return new Corpus(wrapped);
    }

    /** The sentences, START/END included; unmodifiable. */
    public List<List<String>> sentences() {
        return sentences;
    }

    public int size() {
        return sentences.size();
    }

    public boolean isEmpty() {
        return sentences.isEmpty();
    }

    /** The tutorial's vocabulary of this corpus: see Vocabulary.build. */
    public Vocabulary buildVocabulary(int maxSize) {
        return Vocabulary.build(sentences, maxSize);
    }

    /** Each sentence as ids, START and END included (so a sentence of n tokens gives n + 2 ids). */
    public List<int[]> encode(Vocabulary vocabulary) {
        List<int[]> encoded = new ArrayList<>(sentences.size());
        for (List<String> sentence : sentences) {
            encoded.add(vocabulary.encode(sentence));
        }
        return encoded;
    }

    /** Size and coverage of this corpus under {@code vocabulary}. */
    public CorpusReport report(Vocabulary vocabulary) {
        return CorpusReport.of(this, vocabulary);
    }

    private static String describe(TextConfig config) {
        return "--level " + config.level().configName() + " --format " + config.format().configName()
                + " --tokenizer " + config.tokenizerName();
    }
}
