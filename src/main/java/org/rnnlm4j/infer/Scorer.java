/*
 * Scorer: how likely a sentence is under a model — the figure MT and ASR rescoring need.
 *
 * A sentence's tokens w_1..w_n are scored as SENTENCE_START w_1 .. w_n SENTENCE_END: n+1
 * predictions, each log p(next | history) from a fresh zero state. Out-of-vocabulary words are
 * scored as UNKNOWN_TOKEN (as the tutorial maps them) and counted. log10 probability is the sum;
 * perplexity = exp(-(sum of ln p) / (n+1)).
 * Contract: one Scorer per thread (it owns a Network); the model is shared read-only.
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;

public final class Scorer {
    private static final double LN10 = Math.log(10);

    /** One prediction: the token (SENTENCE_END last), whether it was unknown, its log10 probability. */
    public record TokenScore(String token, boolean oov, double log10Prob) {
    }

    /** One sentence's figures. predictions = tokens + 1 (the end of sentence). */
    public record SentenceScore(String text, List<String> tokens, double log10Prob, int predictions, int oovs,
                                double perplexity, List<TokenScore> perToken) {
        public double nats() {
            return -log10Prob * LN10;
        }
    }

    private final LanguageModel model;
    private final Network net;
    private final Vocabulary vocab;
    private float[] logProbs = new float[64];

    public Scorer(LanguageModel model, Kernels k) {
        this.model = model;
        this.net = model.newNetwork(k);
        this.vocab = model.vocabulary();
    }

    /** Tokens of one line of user text, the way the model's training text was tokenized. */
    public List<String> tokenize(String line) {
        String s = model.text().lowercase() ? line.toLowerCase(java.util.Locale.ROOT) : line;
        return model.text().tokenizer().tokenize(s);
    }

    /** Scores one line of text as one sentence. Blank input -> null. */
    public SentenceScore score(String line) {
        List<String> tokens = tokenize(line);
        if (tokens.isEmpty()) {
            return null;
        }
        return scoreTokens(line, tokens);
    }

    /** Scores already tokenized text. Throws if every token is unknown to the model. */
    public SentenceScore scoreTokens(String text, List<String> tokens) {
        int n = tokens.size();
        int[] ids = new int[n + 2];
        ids[0] = vocab.startId();
        int oovs = 0;
        for (int i = 0; i < n; i++) {
            String t = tokens.get(i);
            boolean known = vocab.contains(t);
            if (!known && vocab.unknownId() < 0) {
                throw new RnnlmException("\"" + t + "\" in \"" + abbreviate(text) + "\" is not among the model's "
                        + vocab.size() + " symbols and it has no unknown symbol: remove it or use a model trained on such text");
            }
            ids[i + 1] = vocab.id(t);
            if (!known) {
                oovs++;
            }
        }
        ids[n + 1] = vocab.endId();
        if (oovs == n) {
            throw new RnnlmException("every word of \"" + abbreviate(text) + "\" is unknown to the model ("
                    + vocab.size() + " symbols): check the language and case of the input, or use a model trained on similar text");
        }
        if (logProbs.length < n + 1) {
            logProbs = new float[2 * (n + 1)];
        }
        net.tokenLogProbs(ids, logProbs);
        double sumLn = 0;
        List<TokenScore> per = new ArrayList<>(n + 1);
        for (int i = 0; i <= n; i++) {
            sumLn += logProbs[i];
            String tok = i < n ? tokens.get(i) : Vocabulary.END;
            per.add(new TokenScore(tok, i < n && !vocab.contains(tok), logProbs[i] / LN10));
        }
        return new SentenceScore(text, List.copyOf(tokens), sumLn / LN10, n + 1, oovs, Math.exp(-sumLn / (n + 1)), per);
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }
}
