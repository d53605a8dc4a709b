/*
 * TutorialRnnStack: vanilla RNN layers (RnnLayer) as a Recurrence — the tutorial's model and its
 * stacked / biased variants. Layer 0 may take the embedding as its projected input (no W_ih), and
 * backward supports the tutorial's per-output truncation for a single layer.
 */
package org.rnnlm4j.model;

import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.nn.RnnLayer;

final class TutorialRnnStack implements Recurrence {
    private final RnnLayer[] layers;
    private final int hidden;
    private float[] h0 = new float[0];   // (B,H) slice scratch
    private float[] stepZ;               // (B,H) scratch
    private float[] top;
    private int topOff;
    private int batch;

    TutorialRnnStack(LanguageModel m, Kernels k) {
        ModelConfig c = m.config();
        this.hidden = c.hidden();
        this.layers = new RnnLayer[c.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new RnnLayer(m.params().get("rnn.weight_ih_l" + l), m.param("rnn.weight_hh_l" + l),
                    m.params().get("rnn.bias_ih_l" + l), m.params().get("rnn.bias_hh_l" + l), c.activation(), k);
        }
        this.stepZ = new float[hidden];
    }

    @Override
    public float[] forward(float[] x, int xOff, org.rnnlm4j.nn.TokenRows rows, int T, int B, State initial) {
        batch = B;
        int bh = B * hidden;
        for (int l = 0; l < layers.length; l++) {
            float[] start = null;
            if (initial != null) {
                if (h0.length < bh) {
                    h0 = new float[bh];
                }
                System.arraycopy(initial.h(), l * bh, h0, 0, bh);
                start = h0;
            }
            x = layers[l].forward(x, xOff, T, B, start);
            xOff = layers[l].outputOffset();
        }
        top = x;
        topOff = xOff;
        return top;
    }

    @Override
    public int outputOffset() {
        return topOff;
    }

    @Override
    public void finalState(State s) {
        for (int l = 0; l < layers.length; l++) {
            layers[l].finalState(s.h(), l * batch * hidden);
        }
    }

    @Override
    public float[] backward(float[] dOut, int truncate) {
        float[] d = dOut;
        for (int l = layers.length - 1; l >= 0; l--) {
            d = layers[l].backward(d, null, truncate);
        }
        return d;
    }

    @Override
    public void step(float[] x, int xOff, State s) {
        int bh = s.batch() * hidden;
        if (stepZ.length < bh) {
            stepZ = new float[bh];
        }
        for (int l = 0; l < layers.length; l++) {
            layers[l].step(x, xOff, s.h(), l * bh, stepZ, s.batch());
            x = s.h();
            xOff = l * bh;
        }
    }

    @Override
    public boolean hasCellState() {
        return false;
    }
}
