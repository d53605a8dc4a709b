/*
 * Network: one worker's view of a LanguageModel — the layers wired over the model's shared weights,
 * with their own caches — and the computations on whole sequences and single steps.
 *
 *   ids (T+1) -> x = ids[0..T), y = ids[1..T]
 *   embedding (T,E) -> layer 0 .. layer L-1 (T,H) -> softmax output -> loss, dLogits
 *   backward in exactly the reverse order, adding into the parameters' gradients.
 *
 * Contract: not thread-safe (caches); create one per thread. Gradients accumulate until the caller
 * zeroes them (zeroGrad). Sequences here are one sentence (batch 1), as the tutorial trains.
 */
package org.rnnlm4j.model;

import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.nn.Embedding;
import org.rnnlm4j.nn.Param;
import org.rnnlm4j.nn.RnnLayer;
import org.rnnlm4j.nn.SoftmaxOutput;

public final class Network {
    private final LanguageModel model;
    private final Embedding embedding;
    private final RnnLayer[] layers;
    private final SoftmaxOutput output;
    private final int hidden;
    private float[] embedded = new float[0];   // (T, E)
    private float[] topOut;                    // (T, H) at topOff: the last layer's outputs
    private int topOff;
    private int[] inputs = new int[0];         // (T)
    private int[] targets = new int[0];        // (T)
    private float[] stepZ;                     // (H) scratch for step()
    private final Kernels k;

    Network(LanguageModel model, Kernels k) {
        this.model = model;
        ModelConfig c = model.config();
        this.hidden = c.hidden();
        this.embedding = new Embedding(model.param("embedding.weight"));
        this.layers = new RnnLayer[c.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new RnnLayer(model.params().get("rnn.weight_ih_l" + l), model.param("rnn.weight_hh_l" + l),
                    model.params().get("rnn.bias_ih_l" + l), model.params().get("rnn.bias_hh_l" + l),
                    c.activation(), k);
        }
        this.output = new SoftmaxOutput(model.param("decoder.weight"), model.params().get("decoder.bias"), k);
        this.stepZ = new float[hidden];
        this.k = k;
    }

    public LanguageModel model() {
        return model;
    }

    private int prepare(int[] ids) {
        int t = ids.length - 1;
        if (t < 1) {
            throw new IllegalArgumentException("a sequence needs at least 2 ids");
        }
        if (inputs.length < t) {
            inputs = new int[t];
            targets = new int[t];
        }
        System.arraycopy(ids, 0, inputs, 0, t);
        System.arraycopy(ids, 1, targets, 0, t);
        return t;
    }

    private void forwardStates(int t) {
        int e = embedding.dim;
        if (embedded.length < t * e) {
            embedded = new float[t * e];
        }
        embedding.forward(inputs, t, embedded);
        float[] x = embedded;
        int xOff = 0;
        for (RnnLayer layer : layers) {
            x = layer.forward(x, xOff, t, 1, null);
            xOff = layer.outputOffset();
        }
        topOut = x;
        topOff = xOff;
    }

    /**
     * Forward and backward on one sequence. Returns the summed cross-entropy (nats) over its T
     * predictions, times scale; gradients of that quantity are added to the parameters.
     * truncate <= 0: full BPTT; K > 0: the tutorial's truncation (single-layer models only).
     */
    public double lossAndGradient(int[] ids, int truncate, float scale) {
        int t = prepare(ids);
        forwardStates(t);
        double loss = output.forwardLoss(topOut, topOff, t, targets, scale, null);
        float[] d = output.backward();
        for (int l = layers.length - 1; l >= 0; l--) {
            d = layers[l].backward(d, null, truncate);
        }
        embedding.backward(inputs, t, d, k);
        return loss;
    }

    /** Summed cross-entropy (nats) of one sequence, forward only. */
    public double loss(int[] ids) {
        int t = prepare(ids);
        forwardStates(t);
        float[] lp = new float[t];
        output.logProbs(topOut, topOff, t, targets, lp);
        double sum = 0;
        for (float v : lp) {
            sum -= v;
        }
        return sum;
    }

    /** out[i] = ln p(ids[i+1] | ids[0..i]) for i < ids.length-1. */
    public void tokenLogProbs(int[] ids, float[] out) {
        int t = prepare(ids);
        forwardStates(t);
        output.logProbs(topOut, topOff, t, targets, out);
    }

    /** Hidden outputs of the top layer after the last forward (for tests): (T,H) at topOffset(). */
    public float[] topStates() {
        return topOut;
    }

    public int topOffset() {
        return topOff;
    }

    public void zeroGrad() {
        for (Param p : model.params().values()) {
            p.zeroGrad();
        }
    }

    /** A fresh left-to-right state: every layer's h = 0. */
    public float[][] newState() {
        return new float[layers.length][hidden];
    }

    /** Feeds one token: advances state and writes the next-token logits (V) into logitsOut. */
    public void step(float[][] state, int token, float[] logitsOut) {
        float[] x = embedding.table.w;
        int xOff = token * embedding.dim;
        for (int l = 0; l < layers.length; l++) {
            layers[l].step(x, xOff, state[l], stepZ, 1);
            x = state[l];
            xOff = 0;
        }
        float[] logits = output.logits(x, 0, 1);
        System.arraycopy(logits, 0, logitsOut, 0, output.vocab);
    }
}
