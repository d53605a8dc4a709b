/*
 * StackedRecurrent: L recurrent layers of one cell type and direction, layer l+1 reading layer l's
 * outputs, with optional inverted dropout on those outputs between layers (not after the last
 * layer, not on the recurrent connections), as torch.nn.RNN/GRU/LSTM(num_layers=L, dropout=p).
 *
 *   forward   x (T,B,E) -> layer 0 -> [dropout] -> layer 1 -> ... -> layer L-1 -> outputs (T,B,H)
 *   backward  the layers' backwards in exactly the reverse order; the gradient for layer l's outputs
 *             is layer l+1's dX times the saved dropout mask; dLoss/dh_n, dc_n slice per layer.
 *
 * States are stacked PyTorch's way: h0, h_n, c0, c_n (L,B,H), layer l at offset l*B*H. Dropout acts
 * only in training mode (the default); eval mode and step() never drop. The masks come from one
 * seeded NumpyRandom, drawn in forward order, so a training run is reproducible from the seed.
 * Holds no parameters of its own: the layers' Params. Not thread-safe: one instance per worker.
 */
package org.rnnlm4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.math.NumpyRandom;

public final class StackedRecurrent {
    private final RecurrentLayer[] layers;
    private final Dropout[] dropouts;     // (L-1) between layers, or null without dropout
    private final boolean[] dropped;      // (L-1) whether the last forward applied dropout there
    public final int inputSize;           // E
    public final int hidden;              // H
    private boolean training = true;
    private int steps = -1;               // T of the last forward
    private int batch;                    // B of the last forward

    /** Layers without dropout. */
    public StackedRecurrent(List<RecurrentLayer> layers) {
        this(layers, 0f, null);
    }

    /** dropout p in [0,1) between layers; rng (seeded) is needed when p > 0 and there are 2+ layers. */
    public StackedRecurrent(List<RecurrentLayer> layers, float dropout, NumpyRandom rng) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one layer");
        }
        this.layers = layers.toArray(new RecurrentLayer[0]);
        RecurrentLayer first = this.layers[0];
        this.inputSize = first.inputSize;
        this.hidden = first.hidden;
        for (int l = 1; l < this.layers.length; l++) {
            RecurrentLayer r = this.layers[l];
            if (!r.cell.id().equals(first.cell.id()) || r.reverse != first.reverse || r.hidden != hidden) {
                throw new IllegalArgumentException("layer " + l + " is a " + describe(r) + " but layer 0 is a "
                        + describe(first) + ": the layers of a stack share cell, direction and H");
            }
            if (r.inputSize != hidden) {
                throw new IllegalArgumentException("layer " + l + " takes inputs of width " + r.inputSize
                        + " but layer " + (l - 1) + " gives H=" + hidden);
            }
        }
        int gaps = this.layers.length - 1;
        this.dropped = new boolean[gaps];
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + dropout);
        }
        if (dropout > 0f && gaps > 0) {
            if (rng == null) {
                throw new IllegalArgumentException("dropout " + dropout + " needs a seeded NumpyRandom");
            }
            this.dropouts = new Dropout[gaps];
            for (int l = 0; l < gaps; l++) {
                dropouts[l] = new Dropout(dropout, rng);
            }
        } else {
            this.dropouts = null;
        }
    }

    private static String describe(RecurrentLayer r) {
        return r.cell.id() + (r.reverse ? " reverse" : "") + " layer with H=" + r.hidden;
    }

    public int layerCount() {
        return layers.length;
    }

    public RecurrentLayer layer(int l) {
        return layers[l];
    }

    /** Every layer's parameters, layer by layer. */
    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        for (RecurrentLayer r : layers) {
            p.addAll(r.params());
        }
        return p;
    }

    /** Training mode (dropout active) or evaluation mode (no dropout). */
    public void train(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    /**
     * Runs the stack. x (T,B,E) at xOff unchanged until backward; h0, c0 (L,B,H) or null for zeros
     * (c0 for LSTM only). Returns the buffer holding the top layer's outputs (T,B,H) at outputOffset().
     */
    public float[] forward(float[] x, int xOff, int T, int B, float[] h0, float[] c0) {
        int bh = B * hidden;
        float[] in = x;
        int inOff = xOff;
        float[] out = null;
        for (int l = 0; l < layers.length; l++) {
            out = layers[l].forward(in, inOff, T, B, h0, l * bh, c0, l * bh);
            int outOff = layers[l].outputOffset();
            if (l == layers.length - 1) {
                break;
            }
            dropped[l] = training && dropouts != null;
            if (dropped[l]) {
                in = dropouts[l].forward(out, outOff, T * bh);
                inOff = 0;
            } else {
                in = out;
                inOff = outOff;
            }
        }
        steps = T;
        batch = B;
        return out;
    }

    /** Offset of the top layer's outputs in the buffer forward() returned. */
    public int outputOffset() {
        return layers[layers.length - 1].outputOffset();
    }

    /** h_n (L,B,H) and, for LSTM, c_n (L,B,H) of the last forward (c may be null). */
    public void finalState(float[] h, float[] c) {
        int bh = batch * hidden;
        for (int l = 0; l < layers.length; l++) {
            layers[l].finalState(h, l * bh, c, l * bh);
        }
    }

    /**
     * BPTT through the stack. dOut (T,B,H) at dOutOff: dLoss/d(top outputs), or null; dhN, dcN (L,B,H):
     * dLoss/dh_n, dLoss/dc_n, or null. Adds into every layer's parameter sinks; returns dX (T,B,E) at
     * offset 0 (layer 0's buffer, valid until its next backward).
     */
    public float[] backward(float[] dOut, int dOutOff, float[] dhN, float[] dcN) {
        if (steps < 0) {
            throw new IllegalStateException("call forward before backward");
        }
        int bh = batch * hidden;
        float[] d = dOut;
        int dOff = dOutOff;
        float[] dx = null;
        for (int l = layers.length - 1; l >= 0; l--) {
            dx = layers[l].backward(d, dOff, dhN, l * bh, dcN, l * bh);
            if (l > 0 && dropped[l - 1]) {
                dropouts[l - 1].backward(dx, 0, steps * bh);
            }
            d = dx;
            dOff = 0;
        }
        return dx;
    }

    /** dLoss/dh0 (L,B,H) after backward, copied into dst. */
    public void initialStateGrad(float[] dst) {
        int bh = batch * hidden;
        for (int l = 0; l < layers.length; l++) {
            System.arraycopy(layers[l].initialStateGrad(), 0, dst, l * bh, bh);
        }
    }

    /** dLoss/dc0 (L,B,H) after backward (LSTM), copied into dst. */
    public void initialCellGrad(float[] dst) {
        if (!layers[0].cell.hasCellState()) {
            throw new IllegalStateException("a " + layers[0].cell.id() + " stack has no cell state");
        }
        int bh = batch * hidden;
        for (int l = 0; l < layers.length; l++) {
            System.arraycopy(layers[l].initialCellGrad(), 0, dst, l * bh, bh);
        }
    }

    /**
     * One inference step for B rows through all layers, in place: h, c (L,B,H) (c for LSTM only)
     * := the next states for input x (B,E) at xOff. No dropout. The top output is h at (L-1)*B*H.
     */
    public void step(float[] x, int xOff, int B, float[] h, float[] c) {
        int bh = B * hidden;
        layers[0].step(x, xOff, B, h, 0, c, 0);
        for (int l = 1; l < layers.length; l++) {
            layers[l].step(h, (l - 1) * bh, B, h, l * bh, c, l * bh);
        }
    }

    /** The dropout between layers l and l+1, or null (for tests and inspection). */
    Dropout dropout(int l) {
        return dropouts == null ? null : dropouts[l];
    }
}
