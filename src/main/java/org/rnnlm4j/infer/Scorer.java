/*
 * Scorer: how likely a sentence is under a model — the figure MT and ASR rescoring need.
 *
 * A sentence's tokens w_1..w_n are scored as START w_1 .. w_n END (START/END: the model's start and
 * end symbols — SENTENCE_START/SENTENCE_END, or a stream model's boundary "\n" or "<eos>"): n+1
 * predictions, each log p(next | history) from a fresh zero state. Boundaries switch the ends off:
 *   bos = false  no START; w_1 is only context (an RNN has no prediction before its first input),
 *                so the predictions are w_2 .. w_n (END)
 *   eos = false  END is not predicted
 * Out-of-vocabulary words are scored as the unknown symbol (as the tutorial maps them) and counted
 * among the predictions. log10 probability is the sum over the predictions; perplexity =
 * 10^(-log10 / predictions) = exp(-(sum of ln p) / predictions), NaN when nothing is predicted.
 * scoreAll scores many sentences at once (BatchScorer: batches of similar length, one forward pass
 * each) with the same figures up to float rounding.
 * Contract: one Scorer per thread (it owns a Network); the model is shared read-only.
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;

public final class Scorer {
    static final double LN10 = Math.log(10);

    /** Which sentence boundaries take part: bos conditions on the start symbol, eos predicts the end. */
    public record Boundaries(boolean bos, boolean eos) {
        /** START w_1 .. w_n END: the default. */
        public static final Boundaries SENTENCE = new Boundaries(true, true);
    }

    /** One prediction: the token (the end symbol last), its id, whether it was unknown, its log10 probability. */
    public record TokenScore(String token, int id, boolean oov, double log10Prob) {
    }

    /**
     * One sentence's figures. predictions = perToken.size() (tokens + 1 with both boundaries); oovs
     * counts the unknown words among the predictions.
     */
    public record SentenceScore(String text, List<String> tokens, double log10Prob, int predictions, int oovs,
                                double perplexity, List<TokenScore> perToken) {
        public double nats() {
            return -log10Prob * LN10;
        }

        /**
         * The JSON object of `rnnlm4j score --json` and the server's /score: {"text", "tokens",
         * "log10_prob", "perplexity" (null when nothing was predicted), "predictions", "oov"} and, with
         * perToken, "per_token": [{"token", "id", "log10_prob", "oov"}].
         */
        public Map<String, Object> toMap(boolean perToken) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", text);
            m.put("tokens", tokens);
            m.put("log10_prob", log10Prob);
            m.put("perplexity", Double.isNaN(perplexity) ? null : perplexity);
            m.put("predictions", predictions);
            m.put("oov", oovs);
            if (perToken) {
                List<Object> per = new ArrayList<>();
                for (TokenScore t : this.perToken) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("token", t.token());
                    o.put("id", t.id());
                    o.put("log10_prob", t.log10Prob());
                    o.put("oov", t.oov());
                    per.add(o);
                }
                m.put("per_token", per);
            }
            return m;
        }
    }

    private final LanguageModel model;
    private final Network net;
    private final Vocabulary vocab;
    private float[] logProbs = new float[64];
    private BatchScorer batcher;   // created by scoreAll

    public Scorer(LanguageModel model, Kernels k) {
        this.model = model;
        this.net = model.newNetwork(k);
        this.vocab = model.vocabulary();
    }

    public Vocabulary vocabulary() {
        return vocab;
    }

    /** How many of tokens the model's vocabulary lacks. */
    public int unknownWords(List<String> tokens) {
        int n = 0;
        for (String t : tokens) {
            n += vocab.contains(t) ? 0 : 1;
        }
        return n;
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

    /** Scores already tokenized text as START tokens END. Throws if every token is unknown to the model. */
    public SentenceScore scoreTokens(String text, List<String> tokens) {
        return scoreTokens(text, tokens, Boundaries.SENTENCE);
    }

    /**
     * Scores already tokenized text (tokens may be empty: then only END is predicted, or nothing).
     * Throws if every one of at least one token is unknown to the model.
     */
    public SentenceScore scoreTokens(String text, List<String> tokens, Boundaries b) {
        Prepared p = prepare(text, tokens, b);
        int predictions = p.predictions();
        if (logProbs.length < predictions) {
            logProbs = new float[2 * predictions];
        }
        if (predictions > 0) {
            net.tokenLogProbs(p.ids(), logProbs);
        }
        return finish(p, logProbs);
    }

    /** A sentence checked and turned into the ids the network reads (see ids()); predictions = ids - 1. */
    public record Prepared(String text, List<String> tokens, Boundaries boundaries, int[] ids) {
        public int predictions() {
            return Math.max(0, ids.length - 1);
        }
    }

    /** Checks a sentence and maps it to ids, with scoreTokens' errors; scoreAll scores many at once. */
    public Prepared prepare(String text, List<String> tokens, Boundaries b) {
        int[] ids = ids(text, tokens, b);
        if (!tokens.isEmpty() && unknownWords(tokens) == tokens.size()) {
            throw new RnnlmException("every word of \"" + abbreviate(text) + "\" is unknown to the model ("
                    + vocab.size() + " symbols): check the language and case of the input, or use a model trained on similar text");
        }
        return new Prepared(text, List.copyOf(tokens), b, ids);
    }

    /**
     * The sentences scored together in batches of up to `batch` (BatchScorer), in the order given;
     * each equals scoreTokens of the same sentence up to float rounding (bitwise when batch is 1).
     */
    public List<SentenceScore> scoreAll(List<Prepared> sentences, int batch) {
        List<int[]> ids = new ArrayList<>(sentences.size());
        for (Prepared p : sentences) {
            ids.add(p.ids());
        }
        if (batcher == null || batcher.batch() != batch) {
            batcher = new BatchScorer(net, batch);
        }
        float[][] lp = batcher.logProbs(ids);
        List<SentenceScore> out = new ArrayList<>(sentences.size());
        for (int i = 0; i < lp.length; i++) {
            out.add(finish(sentences.get(i), lp[i]));
        }
        return out;
    }

    /** The figures of p from lp[i] = ln p of its i-th prediction. */
    private SentenceScore finish(Prepared p, float[] lp) {
        List<String> tokens = p.tokens();
        int n = tokens.size();
        int predictions = p.predictions();
        int firstScored = p.boundaries().bos() ? 0 : 1;   // index into tokens of the first prediction
        double sumLn = 0;
        int oovs = 0;
        List<TokenScore> per = new ArrayList<>(predictions);
        for (int i = 0; i < predictions; i++) {
            sumLn += lp[i];
            int t = firstScored + i;
            String tok = t < n ? tokens.get(t) : vocab.word(vocab.endId());
            boolean oov = t < n && !vocab.contains(tok);
            oovs += oov ? 1 : 0;
            per.add(new TokenScore(tok, p.ids()[i + 1], oov, lp[i] / LN10));
        }
        double ppl = predictions == 0 ? Double.NaN : Math.exp(-sumLn / predictions);
        return new SentenceScore(p.text(), tokens, sumLn / LN10, predictions, oovs, ppl, per);
    }

    /**
     * The ids the network reads for tokens: [START] w_1 .. w_n [END] as b says; unknown words map to
     * the unknown symbol. Throws (naming the word and text) for an unknown word when the model has
     * no unknown symbol.
     */
    public int[] ids(String text, List<String> tokens, Boundaries b) {
        int n = tokens.size();
        int first = b.bos() ? 1 : 0;
        int[] ids = new int[first + n + (b.eos() ? 1 : 0)];
        if (b.bos()) {
            ids[0] = vocab.startId();
        }
        for (int i = 0; i < n; i++) {
            String t = tokens.get(i);
            if (!vocab.contains(t) && vocab.unknownId() < 0) {
                throw new RnnlmException("\"" + t + "\" in \"" + abbreviate(text) + "\" is not among the model's "
                        + vocab.size() + " symbols and it has no unknown symbol: remove it or use a model trained on such text");
            }
            ids[first + i] = vocab.id(t);
        }
        if (b.eos()) {
            ids[ids.length - 1] = vocab.endId();
        }
        return ids;
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }
}
