/*
 * ModelConfig: the architecture of a language model, validated on construction.
 *
 * Contract: immutable; every field maps 1:1 onto a CLI flag and a model-file metadata key
 * ("model.hidden", ...). The WildML tutorial's model is tutorial(V, H): an embedding of width H that
 * plays the role of U (no input matrix), one tanh layer W, an output matrix V, no biases, and the
 * tutorial's initialization (numpy's generator, uniform(+-1/sqrt(fan_in))).
 * This networks are vanilla RNNs; the cell field is there so gated cells slot in.
 */
package org.rnnlm4j.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.nn.Activation;

public record ModelConfig(
        String cell,               // "rnn" | "gru" | "lstm"
        Activation activation,     // tanh | relu
        int vocabSize,             // V
        int embedding,             // E
        int hidden,                // H
        int layers,                // L
        boolean inputProjection,   // false: layer 0 takes the embedding as its projected input (E == H)
        boolean bias,              // recurrent biases b_ih, b_hh
        boolean outputBias,        // output bias c
        String init,               // "tutorial" (numpy uniform +-1/sqrt(fan_in)) | "uniform:<a>" | "pytorch"
        boolean tieWeights,        // the output layer uses the embedding matrix (Press & Wolf 2017); needs E == H
        boolean bidirectional) {   // a second, right-to-left stack ("rnn.*_reverse") sharing embedding and output

    public ModelConfig {
        if (!List.of("rnn", "gru", "lstm").contains(cell)) {
            throw new RnnlmException("unknown cell '" + cell + "': use --cell rnn, gru or lstm");
        }
        if (!inputProjection && !cell.equals("rnn")) {
            throw new RnnlmException("--cell " + cell + " needs an input projection; only the tutorial's rnn works without one");
        }
        if (vocabSize < 2) {
            throw new RnnlmException("vocabulary size " + vocabSize + " is too small: a language model needs at least 2 symbols");
        }
        if (hidden < 1) {
            throw new RnnlmException("--hidden must be at least 1 (got " + hidden + ")");
        }
        if (embedding < 1) {
            throw new RnnlmException("--embedding must be at least 1 (got " + embedding + ")");
        }
        if (layers < 1) {
            throw new RnnlmException("--layers must be at least 1 (got " + layers + ")");
        }
        if (!inputProjection && embedding != hidden) {
            throw new RnnlmException("without an input projection the embedding width (" + embedding
                    + ") must equal --hidden (" + hidden + ")");
        }
        if (!init.equals("tutorial") && !init.equals("pytorch") && !init.startsWith("uniform:")) {
            throw new RnnlmException("unknown init '" + init + "': use tutorial, pytorch or uniform:<a>");
        }
        if (tieWeights && embedding != hidden) {
            throw new RnnlmException("--tie-weights shares the embedding with the output layer, so --embedding (" + embedding
                    + ") must equal --hidden (" + hidden + ")");
        }
        if (bidirectional && !inputProjection) {
            throw new RnnlmException("--bidirectional needs minibatch training (--mode stream, or --batch 8 or more in sentence mode)");
        }
        if ((long) vocabSize * Math.max(embedding, hidden) > 400_000_000L) {
            throw new RnnlmException("vocabulary " + vocabSize + " x hidden " + hidden + " is too large for one model: lower --vocab-size or --hidden");
        }
    }

    /** Without weight tying. */
    public ModelConfig(String cell, Activation activation, int vocabSize, int embedding, int hidden, int layers,
                       boolean inputProjection, boolean bias, boolean outputBias, String init) {
        this(cell, activation, vocabSize, embedding, hidden, layers, inputProjection, bias, outputBias, init, false);
    }

    /** Left to right only. */
    public ModelConfig(String cell, Activation activation, int vocabSize, int embedding, int hidden, int layers,
                       boolean inputProjection, boolean bias, boolean outputBias, String init, boolean tieWeights) {
        this(cell, activation, vocabSize, embedding, hidden, layers, inputProjection, bias, outputBias, init, tieWeights, false);
    }

    public ModelConfig withTiedWeights(boolean tie) {
        return new ModelConfig(cell, activation, vocabSize, embedding, hidden, layers, inputProjection, bias, outputBias, init, tie, bidirectional);
    }

    /** The WildML tutorial's RNN: s_t = f(U x_t + W s_{t-1}), o_t = softmax(V s_t), no biases. */
    public static ModelConfig tutorial(int vocabSize, int hidden, Activation activation) {
        return new ModelConfig("rnn", activation, vocabSize, hidden, hidden, 1, false, false, false, "tutorial");
    }

    public ModelConfig withVocabSize(int v) {
        return new ModelConfig(cell, activation, v, embedding, hidden, layers, inputProjection, bias, outputBias, init, tieWeights, bidirectional);
    }

    public ModelConfig withBidirectional(boolean b) {
        return new ModelConfig(cell, activation, vocabSize, embedding, hidden, layers, inputProjection, bias, outputBias, init, tieWeights, b);
    }

    /** Gates per cell: the recurrent matrices are (gates*H, in). RNN 1, GRU 3 (r,z,n), LSTM 4 (i,f,g,o). */
    public int gates() {
        return cell.equals("lstm") ? 4 : cell.equals("gru") ? 3 : 1;
    }

    /** Total number of trainable floats. */
    public long parameterCount() {
        long n = (long) vocabSize * embedding + (tieWeights ? 0 : (long) vocabSize * hidden) + (outputBias ? vocabSize : 0);
        for (int l = 0; l < layers * (bidirectional ? 2 : 1); l++) {
            int in = l % layers == 0 ? embedding : hidden;
            long gh = (long) gates() * hidden;
            if (l % layers > 0 || inputProjection) {
                n += gh * in;
            }
            n += gh * hidden + (bias ? 2L * gh : 0);
        }
        return n;
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model.cell", cell);
        m.put("model.activation", activation.id());
        m.put("model.vocab_size", Integer.toString(vocabSize));
        m.put("model.embedding", Integer.toString(embedding));
        m.put("model.hidden", Integer.toString(hidden));
        m.put("model.layers", Integer.toString(layers));
        m.put("model.input_projection", Boolean.toString(inputProjection));
        m.put("model.bias", Boolean.toString(bias));
        m.put("model.output_bias", Boolean.toString(outputBias));
        m.put("model.init", init);
        m.put("model.tie_weights", Boolean.toString(tieWeights));
        if (bidirectional) {
            m.put("model.bidirectional", "true");
        }
        return m;
    }

    public static ModelConfig fromMap(Map<String, String> m) {
        return new ModelConfig(
                get(m, "model.cell"),
                Activation.parse(get(m, "model.activation")),
                intOf(m, "model.vocab_size"),
                intOf(m, "model.embedding"),
                intOf(m, "model.hidden"),
                intOf(m, "model.layers"),
                Boolean.parseBoolean(get(m, "model.input_projection")),
                Boolean.parseBoolean(get(m, "model.bias")),
                Boolean.parseBoolean(get(m, "model.output_bias")),
                get(m, "model.init"),
                Boolean.parseBoolean(m.getOrDefault("model.tie_weights", "false")),
                Boolean.parseBoolean(m.getOrDefault("model.bidirectional", "false")));
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new RnnlmException("model file lacks the setting '" + key + "': it was not written by a compatible rnnlm4j");
        }
        return v;
    }

    private static int intOf(Map<String, String> m, String key) {
        try {
            return Integer.parseInt(get(m, key));
        } catch (NumberFormatException e) {
            throw new RnnlmException("model file setting '" + key + "' is not a number: the file is damaged");
        }
    }

    public String describe() {
        String kind = cell.equals("rnn") ? "rnn(" + activation.id() + ")" : cell;
        return String.format(Locale.ROOT, (bidirectional ? "bidirectional " : "") + "%s %d layer%s," + (tieWeights ? " tied weights," : "") + " hidden %d, embedding %d, vocabulary %d, %,d parameters",
                kind, layers, layers == 1 ? "" : "s", hidden, embedding, vocabSize, parameterCount());
    }
}
