/*
 * TrainingData: a training file (and optional validation file or held-out share) turned into what
 * the trainer consumes — token sentences with SENTENCE_START/END, a vocabulary built on the training
 * split only, and the id sequences of both splits.
 *
 * Contract: fails fast with one-line RnnlmExceptions (unreadable, empty, binary, not UTF-8, a CSV
 * without the column, a vocabulary size below 2) before any training time is spent. The held-out
 * split is drawn with a seed, so the same seed gives the same split.
 */
package org.rnnlm4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.Corpus;
import org.rnnlm4j.data.CorpusReport;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.TrainValidSplit;
import org.rnnlm4j.data.Vocabulary;

public record TrainingData(Vocabulary vocabulary, Corpus train, Corpus valid, List<int[]> trainIds, List<int[]> validIds) {

    /**
     * data: the training file; valid: a validation file or null, else validFraction of the
     * sentences is held out (0 for none); maxSentences > 0 keeps only the first N sentences.
     */
    public static TrainingData load(Path data, TextConfig text, int vocabSize, Path valid, double validFraction,
                                    int maxSentences, long seed) {
        return load(data, text, vocabSize, valid, validFraction, maxSentences, seed, null);
    }

    /** As above; a non-null vocabulary (a model's, for fine-tuning) is used instead of building one. */
    public static TrainingData load(Path data, TextConfig text, int vocabSize, Path valid, double validFraction,
                                    int maxSentences, long seed, Vocabulary vocabulary) {
        if (vocabSize < Vocabulary.MIN_SIZE) {
            throw new RnnlmException("--vocab-size must be at least " + Vocabulary.MIN_SIZE + " (got " + vocabSize
                    + "): the vocabulary needs SENTENCE_START, SENTENCE_END and UNKNOWN_TOKEN");
        }
        if (validFraction < 0 || validFraction >= 1) {
            throw new RnnlmException("--valid-fraction must be in [0, 1) (got " + validFraction + ")");
        }
        List<List<String>> sentences = new ArrayList<>(withoutMarkers(Corpus.load(data, text)));
        if (maxSentences > 0 && sentences.size() > maxSentences) {
            sentences = new ArrayList<>(sentences.subList(0, maxSentences));
        }
        List<List<String>> held = List.of();
        if (valid != null) {
            held = withoutMarkers(Corpus.load(valid, text));
        } else if (validFraction > 0 && sentences.size() > 1) {
            TrainValidSplit<List<String>> split = TrainValidSplit.of(sentences, validFraction, seed);
            sentences = split.train();
            held = split.valid();
        }
        if (sentences.isEmpty()) {
            throw new RnnlmException(data + " has no sentences to train on: check --format and --csv-column");
        }
        Corpus trainCorpus = Corpus.ofTokenSentences(sentences);
        Corpus validCorpus = Corpus.ofTokenSentences(held);
        Vocabulary vocab = vocabulary != null ? vocabulary : Vocabulary.build(trainCorpus.sentences(), vocabSize);
        return new TrainingData(vocab, trainCorpus, validCorpus, trainCorpus.encode(vocab), validCorpus.encode(vocab));
    }

    /** The token lists of a corpus without its START/END markers, for re-splitting. */
    private static List<List<String>> withoutMarkers(Corpus c) {
        List<List<String>> out = new ArrayList<>(c.size());
        for (List<String> s : c.sentences()) {
            out.add(s.subList(1, s.size() - 1));
        }
        return out;
    }

    public CorpusReport trainReport() {
        return train.report(vocabulary);
    }

    public CorpusReport validReport() {
        return valid.report(vocabulary);
    }
}
