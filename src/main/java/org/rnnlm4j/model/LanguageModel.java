/*
 * LanguageModel: a trained (or freshly initialized) model — architecture, weights, vocabulary and
 * the text settings that turn raw text into its tokens.
 *
 * Contract: after training the weights are only read, so one instance can be shared by any number
 * of threads, each with its own Network (caches) from newNetwork(). Parameter names and shapes
 * follow PyTorch's state_dict: embedding.weight (V,E), rnn.weight_ih_l{l} (G*H,in), rnn.weight_hh_l{l}
 * (G*H,H), rnn.bias_ih_l{l} / rnn.bias_hh_l{l} (G*H), decoder.weight (V,H), decoder.bias (V); G = gates.
 * A bidirectional model adds rnn.*_l{l}_reverse: a right-to-left stack of the same shapes.
 * In the tutorial preset embedding.weight is U^T, rnn.weight_hh_l0 is W and decoder.weight is V.
 */
package org.rnnlm4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.nn.Param;

public final class LanguageModel {
    private final ModelConfig config;
    private final Vocabulary vocabulary;
    private final TextConfig text;
    private final Map<String, Param> params;
    private final Map<String, String> provenance;

    public LanguageModel(ModelConfig config, Vocabulary vocabulary, TextConfig text,
                         Map<String, Param> params, Map<String, String> provenance) {
        if (vocabulary.size() != config.vocabSize()) {
            throw new org.rnnlm4j.RnnlmException("vocabulary has " + vocabulary.size()
                    + " symbols but the model expects " + config.vocabSize() + ": the model file is inconsistent");
        }
        this.config = config;
        this.vocabulary = vocabulary;
        this.text = text;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        for (Map.Entry<String, int[]> e : shapes(config).entrySet()) {
            Param p = this.params.get(e.getKey());
            if (p == null || !java.util.Arrays.equals(p.shape, e.getValue())) {
                throw new org.rnnlm4j.RnnlmException("model weights do not match its configuration at '" + e.getKey()
                        + "': the model file is inconsistent");
            }
        }
    }

    /** A new model with weights drawn as config.init() says, from the given seed. */
    public static LanguageModel initialize(ModelConfig config, Vocabulary vocabulary, TextConfig text,
                                           long seed, Map<String, String> provenance) {
        Map<String, Param> params = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes(config).entrySet()) {
            params.put(e.getKey(), new Param(e.getKey(), e.getValue()));
        }
        NumpyRandom rng = new NumpyRandom(seed);
        if (config.init().equals("tutorial")) {
            initTutorial(config, params, rng);
        } else if (config.init().equals("pytorch")) {
            initPytorch(config, params, rng);
        } else {
            double a = Double.parseDouble(config.init().substring("uniform:".length()));
            for (Param p : params.values()) {
                fillUniform(p.w, rng, a);
            }
        }
        return new LanguageModel(config, vocabulary, text, params, provenance);
    }

    /**
     * The tutorial's draws, in its order: U (H,V) with bound 1/sqrt(V), V (V,H) with 1/sqrt(H),
     * W (H,H) with 1/sqrt(H). Further matrices (more layers, input projections) use 1/sqrt(fan_in);
     * biases start at zero.
     */
    private static void initTutorial(ModelConfig c, Map<String, Param> params, NumpyRandom rng) {
        int v = c.vocabSize();
        int h = c.hidden();
        int e = c.embedding();
        float[] table = params.get("embedding.weight").w;   // (V,E) = U^T
        double bu = Math.sqrt(1.0 / v);
        for (int i = 0; i < e; i++) {
            for (int j = 0; j < v; j++) {
                table[j * e + i] = (float) rng.uniform(-bu, bu);
            }
        }
        if (!c.tieWeights()) {
            fillUniform(params.get("decoder.weight").w, rng, Math.sqrt(1.0 / h));
        }
        for (String dir : c.bidirectional() ? List.of("", "_reverse") : List.of("")) {
            for (int l = 0; l < c.layers(); l++) {
                fillUniform(params.get("rnn.weight_hh_l" + l + dir).w, rng, Math.sqrt(1.0 / h));
                Param ih = params.get("rnn.weight_ih_l" + l + dir);
                if (ih != null) {
                    fillUniform(ih.w, rng, Math.sqrt(1.0 / ih.shape[1]));
                }
            }
        }
    }

    /**
     * PyTorch's defaults: recurrent weights and biases uniform(+-1/sqrt(H)), the decoder
     * (Linear) uniform(+-1/sqrt(H)) for weight and bias, the embedding N(0, 1). (Same
     * distributions as PyTorch, not the same draws: its generator is not reproduced.)
     */
    private static void initPytorch(ModelConfig c, Map<String, Param> params, NumpyRandom rng) {
        double bound = 1.0 / Math.sqrt(c.hidden());
        for (Param p : params.values()) {
            if (p.name.equals("embedding.weight")) {
                for (int i = 0; i < p.w.length; i++) {
                    p.w[i] = (float) rng.nextGaussian();
                }
            } else {
                fillUniform(p.w, rng, bound);
            }
        }
    }

    private static void fillUniform(float[] w, NumpyRandom rng, double a) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.uniform(-a, a);
        }
    }

    /** The parameter names and shapes a configuration has, in canonical order. */
    public static Map<String, int[]> shapes(ModelConfig c) {
        Map<String, int[]> s = new LinkedHashMap<>();
        int h = c.hidden();
        int gh = c.gates() * h;
        s.put("embedding.weight", new int[] {c.vocabSize(), c.embedding()});
        for (String dir : c.bidirectional() ? List.of("", "_reverse") : List.of("")) {
            for (int l = 0; l < c.layers(); l++) {
                int in = l == 0 ? c.embedding() : h;
                if (l > 0 || c.inputProjection()) {
                    s.put("rnn.weight_ih_l" + l + dir, new int[] {gh, in});
                }
                s.put("rnn.weight_hh_l" + l + dir, new int[] {gh, h});
                if (c.bias()) {
                    s.put("rnn.bias_ih_l" + l + dir, new int[] {gh});
                    s.put("rnn.bias_hh_l" + l + dir, new int[] {gh});
                }
            }
        }
        if (!c.tieWeights()) {
            s.put("decoder.weight", new int[] {c.vocabSize(), h});
        }
        if (c.outputBias()) {
            s.put("decoder.bias", new int[] {c.vocabSize()});
        }
        return s;
    }

    /**
     * A left-to-right network for scoring, evaluation and generation (no dropout). For a bidirectional
     * model it is the forward stack alone: the right-to-left stack has seen the tokens it would predict.
     */
    public Network newNetwork(Kernels k) {
        return new Network(this, k, 0f, 0, false);
    }

    /** A network for training: dropout p between stacked layers, masks drawn from seed. */
    public Network newTrainingNetwork(Kernels k, float dropout, long seed) {
        return new Network(this, k, dropout, seed, false);
    }

    /**
     * The right-to-left language model of a bidirectional model: embedding, the "_reverse" stack and
     * the shared output layer; it reads a sequence reversed (END first) and predicts the token before.
     */
    public Network newBackwardNetwork(Kernels k, float dropout, long seed) {
        if (!config.bidirectional()) {
            throw new IllegalStateException("not a bidirectional model");
        }
        return new Network(this, k, dropout, seed, true);
    }

    public ModelConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public TextConfig text() {
        return text;
    }

    /** name -> parameter, in canonical order. The arrays are live: training updates them in place. */
    public Map<String, Param> params() {
        return params;
    }

    public Param param(String name) {
        Param p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }

    public List<Param> paramList() {
        return new ArrayList<>(params.values());
    }

    public Map<String, String> provenance() {
        return provenance;
    }

    /** The same weights with other provenance (e.g. after training finished). */
    public LanguageModel withProvenance(Map<String, String> p) {
        return new LanguageModel(config, vocabulary, text, params, p);
    }
}
