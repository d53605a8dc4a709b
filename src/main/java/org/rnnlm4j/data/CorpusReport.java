/*
 * CorpusReport: what a user should know about a corpus before training on it.
 *
 * Contract: plain numbers, computed from the corpus's own counts under a given vocabulary (which
 * may come from a model trained elsewhere). Tokens are counted WITHOUT the START/END markers, and
 * the OOV rate is the fraction of those tokens that map to UNKNOWN. The least frequent kept word
 * ignores the three special symbols; among equally rare words it is the one with the highest id.
 * toString() is the one-line summary the CLI prints.
 */
package org.rnnlm4j.data;

import java.util.List;
import java.util.Locale;

public record CorpusReport(int sentences, long tokensWithoutMarkers, int vocabularySize,
                           String leastFrequentKept, long leastFrequentKeptCount,
                           long unknownTokens, double oovRate) {

    static CorpusReport of(Corpus corpus, Vocabulary vocabulary) {
        long[] counts = new long[vocabulary.size()];
        long tokens = 0;
        for (List<String> sentence : corpus.sentences()) {
            for (int i = 1; i < sentence.size() - 1; i++) { // skip START and END
                counts[vocabulary.id(sentence.get(i))]++;
                tokens++;
            }
        }
        String rarest = null;
        long rarestCount = Long.MAX_VALUE;
        for (int id = 0; id < counts.length; id++) {
            if (id == vocabulary.unknownId() || id == vocabulary.startId() || id == vocabulary.endId()) {
                continue;
            }
            if (counts[id] <= rarestCount) {
                rarest = vocabulary.word(id);
                rarestCount = counts[id];
            }
        }
        long unknown = counts[vocabulary.unknownId()];
        return new CorpusReport(corpus.size(), tokens, vocabulary.size(), rarest,
                rarest == null ? 0 : rarestCount, unknown, tokens == 0 ? 0.0 : (double) unknown / tokens);
    }

    @Override
    public String toString() {
        String rarest = leastFrequentKept == null ? ""
                : String.format(Locale.ROOT, " (least frequent kept: \"%s\" x%d)", leastFrequentKept, leastFrequentKeptCount);
        return String.format(Locale.ROOT, "corpus: %d sentences, %,d tokens (without START/END); vocabulary %d%s; OOV %.2f%%",
                sentences, tokensWithoutMarkers, vocabularySize, rarest, 100.0 * oovRate);
    }
}
