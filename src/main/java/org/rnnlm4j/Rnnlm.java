/*
 * Rnnlm: the library's front door — train a model on a text file, load and save it, score sentences,
 * generate text, and step a model token by token (Rnnlm.State) — in a few plain calls. Everything
 * here is a thin layer over the packages below (data, model, train, infer, io); use those directly
 * for finer control.
 *
 * Contract: a loaded or trained Rnnlm is immutable and safe to share between threads: every call
 * runs on its thread's own Network (scorer, caches, buffers) and only reads the weights. A State is
 * an ordinary mutable object for one thread at a time; copy() forks it. Errors a user can fix are
 * RnnlmExceptions with a one-line message. Log-probabilities are natural logs (ln) unless a name
 * says log10.
 */
package org.rnnlm4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.infer.DecodingOptions;
import org.rnnlm4j.infer.Generator;
import org.rnnlm4j.infer.Prompt;
import org.rnnlm4j.infer.Sample;
import org.rnnlm4j.infer.Sampler;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.io.Provenance;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.model.ModelStore;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.train.TrainConfig;
import org.rnnlm4j.train.Trainer;
import org.rnnlm4j.train.TrainingData;
import org.rnnlm4j.train.TrainingListener;

public final class Rnnlm {
    private final LanguageModel model;
    private final ThreadLocal<Scorer> scorers;
    private final ThreadLocal<Network> networks;

    private Rnnlm(LanguageModel model) {
        this.model = model;
        this.scorers = ThreadLocal.withInitial(() -> new Scorer(model, KernelSelector.get()));
        this.networks = ThreadLocal.withInitial(() -> model.newNetwork(KernelSelector.get()));
    }

    public static Rnnlm of(LanguageModel model) {
        return new Rnnlm(model);
    }

    public static Rnnlm load(Path file) {
        return new Rnnlm(ModelStore.load(file));
    }

    public void save(Path file) {
        ModelStore.save(model, file);
    }

    public LanguageModel model() {
        return model;
    }

    /** log10 P(sentence), the sentence scored as START w1 .. wn END. */
    public double log10Prob(String sentence) {
        return score(sentence).log10Prob();
    }

    public double perplexity(String sentence) {
        return score(sentence).perplexity();
    }

    /** The sentence START w1 .. wn END scored: log10 probability, perplexity, per-token figures. */
    public Scorer.SentenceScore score(String sentence) {
        Scorer.SentenceScore s = scorers.get().score(sentence);
        if (s == null) {
            throw new RnnlmException("cannot score an empty sentence");
        }
        return s;
    }

    /**
     * One line of text scored as `rnnlm4j score` scores it: split like the training text, the
     * boundaries as b says; an empty line predicts only the end (or nothing without b.eos()).
     */
    public Scorer.SentenceScore score(String line, Scorer.Boundaries b) {
        Scorer s = scorers.get();
        return s.scoreTokens(line, s.tokenize(line), b);
    }

    /** Like score(String) for text already split into the model's tokens. */
    public Scorer.SentenceScore scoreTokens(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new RnnlmException("cannot score an empty sentence");
        }
        return scorers.get().scoreTokens(String.join(" ", tokens), tokens);
    }

    /** The tokens of text, split the way the model's training text was. */
    public List<String> tokenize(String text) {
        return Prompt.tokens(model, text);
    }

    /** A state at the start of a sentence (SENTENCE_START read; a stream model: its boundary symbol). */
    public State newState() {
        return new State(this);
    }

    /** Samples (or a beam search's results) from the start of a sentence, as the options say. */
    public List<Sample> generate(DecodingOptions options) {
        return newState().generate(options);
    }

    /** Samples that continue prime (split like the training text); the samples do not repeat it. */
    public List<Sample> generate(String prime, DecodingOptions options) {
        return newState().advance(tokenize(prime)).generate(options);
    }

    /** count sentences sampled from the model (temperature 1), reproducible from seed. */
    public List<String> generate(int count, long seed) {
        return generate(DecodingOptions.builder().count(count).seed(seed).build()).stream().map(Sample::text).toList();
    }

    Network network() {
        return networks.get();
    }

    /**
     * What the model has read so far — from the start of a sentence, token by token — and its
     * distribution over the next token. advance() reads tokens (adding their ln p to
     * totalLogProb()); copy() forks an independent state, so one prefix can be continued many ways
     * (rescoring n-best lists, your own search); generate() continues it without changing it.
     * Not thread-safe: one thread at a time per State (copies are independent).
     */
    public static final class State {
        private final Rnnlm lm;
        private final org.rnnlm4j.model.State hidden;
        private final float[] logits;          // (V) next-token logits
        private double logSumExp = Double.NaN; // of logits; NaN until needed
        private int[] ids;                     // tokens read after the start symbol, [0, n)
        private int n;
        private double totalLogProb;

        private State(Rnnlm lm) {
            this.lm = lm;
            Network net = lm.network();
            this.hidden = net.newState();
            this.logits = new float[lm.model.vocabulary().size()];
            this.ids = new int[16];
            net.step(hidden, lm.model.vocabulary().startId(), logits);
        }

        private State(State s) {
            this.lm = s.lm;
            this.hidden = s.hidden.copy();
            this.logits = s.logits.clone();
            this.logSumExp = s.logSumExp;
            this.ids = s.ids.clone();
            this.n = s.n;
            this.totalLogProb = s.totalLogProb;
        }

        /** An independent fork: advancing either leaves the other as it was. */
        public State copy() {
            return new State(this);
        }

        /** Reads one token (a word the model does not know reads as its unknown symbol). */
        public State advance(String token) {
            return advance(id(token));
        }

        public State advance(List<String> tokens) {
            for (String t : tokens) {
                advance(t);
            }
            return this;
        }

        /** Reads the token with this vocabulary id. */
        public State advance(int id) {
            if (id < 0 || id >= logits.length) {
                throw new RnnlmException("token id " + id + " is outside the vocabulary of " + logits.length);
            }
            totalLogProb += logProb(id);
            if (n == ids.length) {
                ids = java.util.Arrays.copyOf(ids, 2 * n);
            }
            ids[n++] = id;
            lm.network().step(hidden, id, logits);
            logSumExp = Double.NaN;
            return this;
        }

        /** ln p(token | what was read); an unknown word gets its unknown symbol's probability. */
        public double logProb(String token) {
            return logProb(id(token));
        }

        /** ln p(end of sentence | what was read): with totalLogProb() a whole sentence's ln probability. */
        public double endLogProb() {
            return logProb(lm.model.vocabulary().endId());
        }

        /** ln p(next = id) for every vocabulary id (a new array of V). */
        public double[] logProbs() {
            double[] lp = new double[logits.length];
            for (int i = 0; i < lp.length; i++) {
                lp[i] = logProb(i);
            }
            return lp;
        }

        private double logProb(int id) {
            if (Double.isNaN(logSumExp)) {
                logSumExp = Sampler.logSumExp(logits.length, i -> logits[i]);
            }
            return logits[id] - logSumExp;
        }

        /** Sum of ln p of the tokens read so far (the start symbol not counted). */
        public double totalLogProb() {
            return totalLogProb;
        }

        /** The tokens read so far, as the vocabulary spells them. */
        public List<String> tokens() {
            Vocabulary v = lm.model.vocabulary();
            return java.util.Arrays.stream(ids, 0, n).mapToObj(v::word).toList();
        }

        /** Samples continuing this state as the options say; this state is unchanged. */
        public List<Sample> generate(DecodingOptions options) {
            return new Generator(lm.network()).generate(hidden, logits, ids, n, options);
        }

        private int id(String token) {
            Vocabulary v = lm.model.vocabulary();
            int id = v.id(token);
            if (id < 0) {
                throw new RnnlmException(org.rnnlm4j.io.Json.write(token) + " is not among the model's " + v.size()
                        + " symbols and it has no unknown symbol: use only symbols of its training text");
            }
            return id;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Training settings with the command line's defaults; train(file) runs it. */
    public static final class Builder {
        private int hidden = 100;
        private int vocabSize = 8000;
        private int epochs = 10;
        private double lr = 0.005;
        private int truncate = 0;
        private long seed = 10;
        private int maxSentences = 0;
        private double validFraction = 0;
        private Activation activation = Activation.TANH;
        private TextConfig text;
        private TrainingListener listener = new TrainingListener() { };

        public Builder hidden(int h) { this.hidden = h; return this; }
        public Builder vocabSize(int v) { this.vocabSize = v; return this; }
        public Builder epochs(int e) { this.epochs = e; return this; }
        public Builder learningRate(double r) { this.lr = r; return this; }
        public Builder bpttTruncate(int k) { this.truncate = k; return this; }
        public Builder seed(long s) { this.seed = s; return this; }
        public Builder maxSentences(int n) { this.maxSentences = n; return this; }
        public Builder validFraction(double f) { this.validFraction = f; return this; }
        public Builder activation(Activation a) { this.activation = a; return this; }
        public Builder text(TextConfig t) { this.text = t; return this; }
        public Builder listener(TrainingListener l) { this.listener = l; return this; }

        /** Trains on file: a .csv as the tutorial's reddit comments, anything else one tokenized sentence per line. */
        public Rnnlm train(Path file) {
            TextConfig t = text != null ? text
                    : file.toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? TextConfig.tutorial() : TextConfig.lines();
            TrainingData d = TrainingData.load(file, t, vocabSize, null, validFraction, maxSentences, seed + 2);
            ModelConfig arch = ModelConfig.tutorial(d.vocabulary().size(), hidden, activation);
            Map<String, String> prov = Provenance.provenance(seed, Provenance.sha256(file), Version.VERSION);
            LanguageModel m = LanguageModel.initialize(arch, d.vocabulary(), t, seed, prov);
            new Trainer(m, new TrainConfig(epochs, lr, truncate, 1, seed, true, 0, 0), KernelSelector.get(), listener)
                    .train(d.trainIds(), d.validIds(), () -> false, (model, reason) -> { });
            return new Rnnlm(m);
        }
    }
}
