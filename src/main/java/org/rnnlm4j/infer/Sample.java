/*
 * Sample: one generated text and what the model thought of it.
 *
 *   text      the generated text (detokenized; without the prime; cut before a stop string)
 *   tokens    every generated token in order; when the sample ended at the end symbol, that symbol
 *             (SENTENCE_END, or a stream model's boundary) is the last token, as in Scorer's per-token list
 *   logProbs  for each token, ln p(token | prime and tokens before it) — natural log, of the MODEL's
 *             distribution (temperature 1, no top-k/top-p, penalties or bans), so that logProb of a
 *             finished sentence is what scoring the sentence gives (Scorer's log10 times ln 10)
 *   logProb   the sum of logProbs
 *   finish    why it ended: END (end symbol), LENGTH (maxLength tokens), STOP (a stop string)
 *   score     beam search only: the rank it had, (sum of ln p) / predictions^alpha (BeamSearch); NaN when sampled
 *
 * toMap() is the JSON object of `rnnlm4j generate --json` and the server's /generate: text, tokens,
 * logprobs, logprob, finish (end|length|stop) and, for beam search, score.
 */
package org.rnnlm4j.infer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public record Sample(String text, List<String> tokens, List<Double> logProbs, double logProb, Finish finish,
                     double score) {

    public enum Finish { END, LENGTH, STOP }

    public Sample {
        tokens = List.copyOf(tokens);
        logProbs = List.copyOf(logProbs);
        assert tokens.size() == logProbs.size();
    }

    /** Generated tokens, the end symbol not counted (what minLength and maxLength count). */
    public int length() {
        return tokens.size() - (finish == Finish.END ? 1 : 0);
    }

    /** The JSON object of this sample (see the class comment); callers may add "prime" before it. */
    public Map<String, Object> toMap() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("text", text);
        o.put("tokens", tokens);
        o.put("logprobs", logProbs);
        o.put("logprob", logProb);
        o.put("finish", finish.name().toLowerCase(Locale.ROOT));
        if (!Double.isNaN(score)) {
            o.put("score", score);
        }
        return o;
    }
}
