/*
 * CorpusEvaluation: a model's figures on a whole text — tokens, nats per token, perplexity with and
 * without the OOV predictions, OOV rate, bits per character for character models — accumulated
 * sentence by sentence in constant memory (add), or a window of sentences at a time, scored in
 * batches (addAll).
 *
 * Definitions (KenLM's query summary uses the same two perplexities):
 *   perplexity                  exp(total nats / predictions); predictions include each sentence's end
 *   perplexity excluding OOVs   the same over the predictions whose target is a known word, i.e.
 *                               without the unknown symbol's probability mass
 *   bits per character          (character models) nats / predictions / ln 2: every prediction is a
 *                               character, each line's end counted as one, as a stream reads it
 * Sentences made only of unknown words are skipped and counted (they carry no information about the
 * model's quality), and so are sentences with a symbol a model without an unknown symbol cannot
 * read (a character model that never saw 'Q'); their words still count towards the OOV rate.
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.RnnlmException;

public final class CorpusEvaluation {
    private final boolean characters;
    private long sentences;
    private long predictions;
    private long words;
    private long oovs;
    private long oovPredictions;
    private long skipped;
    private long unscorable;
    private double nats;
    private double oovNats;

    /** characters: the model reads characters (adds bits per character to the figures). */
    public CorpusEvaluation(boolean characters) {
        this.characters = characters;
    }

    /** Adds one sentence's tokens, scored with scorer. */
    public void add(Scorer scorer, List<String> tokens) {
        if (scorable(scorer, tokens)) {
            accumulate(scorer.scoreTokens(String.join(" ", tokens), tokens));
        }
    }

    /**
     * Adds sentences in order, the scorable ones scored together in batches of up to `batch`
     * (Scorer.scoreAll): the same figures as add() one by one, up to float rounding (bitwise for 1).
     */
    public void addAll(Scorer scorer, List<List<String>> sentences, int batch) {
        List<Scorer.Prepared> scored = new ArrayList<>();
        for (List<String> tokens : sentences) {
            if (scorable(scorer, tokens)) {
                scored.add(scorer.prepare(String.join(" ", tokens), tokens, Scorer.Boundaries.SENTENCE));
            }
        }
        for (Scorer.SentenceScore s : scorer.scoreAll(scored, batch)) {
            accumulate(s);
        }
    }

    /** False for a sentence that is skipped (counted here): empty, only unknown words, or unreadable. */
    private boolean scorable(Scorer scorer, List<String> tokens) {
        if (tokens.isEmpty()) {
            return false;
        }
        int unknown = scorer.unknownWords(tokens);
        if (unknown == tokens.size() || (unknown > 0 && scorer.vocabulary().unknownId() < 0)) {
            if (unknown == tokens.size()) {
                skipped++;
            } else {
                unscorable++;
            }
            words += tokens.size();
            oovs += unknown;
            return false;
        }
        return true;
    }

    private void accumulate(Scorer.SentenceScore s) {
        sentences++;
        predictions += s.predictions();
        words += s.tokens().size();
        oovs += s.oovs();
        nats += s.nats();
        for (Scorer.TokenScore t : s.perToken()) {
            if (t.oov()) {
                oovPredictions++;
                oovNats -= t.log10Prob() * Scorer.LN10;
            }
        }
    }

    public long predictions() {
        return predictions;
    }

    public double natsPerToken() {
        return nats / predictions;
    }

    public double perplexity() {
        return Math.exp(natsPerToken());
    }

    /** Perplexity over the predictions of known words only; NaN if every prediction was an OOV. */
    public double perplexityExcludingOovs() {
        long known = predictions - oovPredictions;
        return known == 0 ? Double.NaN : Math.exp((nats - oovNats) / known);
    }

    public double oovRate() {
        return words == 0 ? 0 : (double) oovs / words;
    }

    public Map<String, Object> toMap() {
        if (predictions == 0) {
            throw new RnnlmException("nothing to evaluate: the input has no sentence with a known word");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sentences", sentences);
        m.put("tokens", predictions);
        m.put("words", words);
        m.put("oovs", oovs);
        m.put("nats_per_token", natsPerToken());
        m.put("bits_per_token", natsPerToken() / Math.log(2));
        if (characters) {
            m.put("bits_per_char", natsPerToken() / Math.log(2));
        }
        m.put("perplexity", perplexity());
        double excluding = perplexityExcludingOovs();
        m.put("perplexity_excluding_oovs", Double.isNaN(excluding) ? null : excluding);
        m.put("tokens_excluding_oovs", predictions - oovPredictions);
        m.put("oov_rate", oovRate());
        m.put("skipped_sentences", skipped);
        m.put("skipped_unseen_symbols", unscorable);
        return m;
    }
}
