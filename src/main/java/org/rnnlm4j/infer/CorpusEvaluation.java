/*
 * CorpusEvaluation: a model's figures on a whole text — tokens, nats per token, perplexity, OOV
 * rate — accumulated sentence by sentence in constant memory.
 * Perplexity = exp(total nats / predictions); predictions include each sentence's end.
 * Sentences made only of unknown words are skipped and counted (they carry no information about the
 * model's quality).
 */
package org.rnnlm4j.infer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.RnnlmException;

public final class CorpusEvaluation {
    private long sentences;
    private long predictions;
    private long words;
    private long oovs;
    private long skipped;
    private double nats;

    /** Adds one sentence's tokens, scored with scorer. */
    public void add(Scorer scorer, List<String> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        Scorer.SentenceScore s;
        try {
            s = scorer.scoreTokens(String.join(" ", tokens), tokens);
        } catch (RnnlmException allUnknown) {
            skipped++;
            words += tokens.size();
            oovs += tokens.size();
            return;
        }
        sentences++;
        predictions += s.predictions();
        words += s.tokens().size();
        oovs += s.oovs();
        nats += s.nats();
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
        m.put("nats_per_token", natsPerToken());
        m.put("bits_per_token", natsPerToken() / Math.log(2));
        m.put("perplexity", perplexity());
        m.put("oov_rate", oovRate());
        m.put("skipped_sentences", skipped);
        return m;
    }
}
