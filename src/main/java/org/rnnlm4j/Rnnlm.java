/*
 * Rnnlm: the library's front door — train a model on a text file, load and save it, score sentences,
 * generate text — in a few plain calls. Everything here is a thin layer over the packages below
 * (data, model, train, infer, io); use those directly for finer control.
 *
 * Contract: a loaded or trained Rnnlm is safe to share between threads (each thread gets its own
 * scorer and caches; the weights are only read). Errors a user can fix are RnnlmExceptions with a
 * one-line message.
 */
package org.rnnlm4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.infer.DecodingOptions;
import org.rnnlm4j.infer.Generator;
import org.rnnlm4j.infer.Sample;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.io.Provenance;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.model.ModelStore;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.train.TrainConfig;
import org.rnnlm4j.train.Trainer;
import org.rnnlm4j.train.TrainingData;
import org.rnnlm4j.train.TrainingListener;

public final class Rnnlm {
    private final LanguageModel model;
    private final ThreadLocal<Scorer> scorers;

    private Rnnlm(LanguageModel model) {
        this.model = model;
        this.scorers = ThreadLocal.withInitial(() -> new Scorer(model, KernelSelector.get()));
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

    public Scorer.SentenceScore score(String sentence) {
        Scorer.SentenceScore s = scorers.get().score(sentence);
        if (s == null) {
            throw new RnnlmException("cannot score an empty sentence");
        }
        return s;
    }

    /** count sentences sampled from the model (temperature 1), reproducible from seed. */
    public List<String> generate(int count, long seed) {
        DecodingOptions o = DecodingOptions.builder().count(count).seed(seed).build();
        return new Generator(model, KernelSelector.get()).generate(new int[0], o).stream().map(Sample::text).toList();
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
