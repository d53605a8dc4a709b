/*
 * BidirectionalRecurrent: torch.nn.RNN/GRU/LSTM(num_layers=L, bidirectional=True) semantics.
 *
 *   per layer l: a forward and a reverse RecurrentLayer read the same input;
 *                out_l (T,B,2H) = [forward h_t | reverse h_t] per row;  the input of layer l+1 is
 *                out_l (after inverted dropout in training, as PyTorch's `dropout`)
 *   states:      h0, h_n, c0, c_n (L*2, B, H), index 2l = forward, 2l+1 = reverse (PyTorch's order);
 *                the reverse direction's final state is its state at time 0
 *   backward:    dOut_l split into the two directions; dLoss/d(out_{l-1}) = dX_fwd + dX_rev
 *
 * NOT FOR LEFT-TO-RIGHT LANGUAGE MODELLING. Every output at time t depends on x_{t+1..T-1} through
 * the reverse direction, so predicting token t+1 from it has already seen token t+1. A bidirectional
 * language model keeps two independent directional stacks (StackedRecurrent, one with reverse
 * layers) and predicts left to right from the forward stack only; use this class for tasks that see
 * the whole sequence (classifying it, filling a gap, encoding). For the same reason it has no step().
 *
 * Concatenation and splitting are row copies (O(T*B*H), small next to the products). Buffers are
 * sized once per (T,B) capacity. Not thread-safe: one instance per worker.
 */
package org.rnnlm4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.math.NumpyRandom;

public final class BidirectionalRecurrent {
    private final RecurrentLayer[] fwd;    // (L) reverse == false
    private final RecurrentLayer[] rev;    // (L) reverse == true
    private final Dropout[] dropouts;      // (L-1) or null
    private final boolean[] dropped;       // (L-1)
    public final int inputSize;            // E
    public final int hidden;               // H per direction
    private boolean training = true;
    private float[][] outs = new float[0][];   // (L) each (T,B,2H)
    private float[] dF = new float[0];     // (T,B,H) forward direction's share of dOut
    private float[] dR = new float[0];     // (T,B,H) reverse direction's share
    private float[] dCat = new float[0];   // (T,B,2H) dLoss/d(out_{l-1})
    private float[] dX = new float[0];     // (T,B,E)
    private int steps = -1;
    private int batch;

    public BidirectionalRecurrent(List<RecurrentLayer> forward, List<RecurrentLayer> reverse) {
        this(forward, reverse, 0f, null);
    }

    /** forward.get(l) and reverse.get(l) form layer l; dropout p in [0,1) between layers. */
    public BidirectionalRecurrent(List<RecurrentLayer> forward, List<RecurrentLayer> reverse, float dropout, NumpyRandom rng) {
        if (forward.isEmpty() || forward.size() != reverse.size()) {
            throw new IllegalArgumentException("need as many reverse layers as forward layers (at least one), got "
                    + forward.size() + " and " + reverse.size());
        }
        this.fwd = forward.toArray(new RecurrentLayer[0]);
        this.rev = reverse.toArray(new RecurrentLayer[0]);
        this.inputSize = fwd[0].inputSize;
        this.hidden = fwd[0].hidden;
        String cell = fwd[0].cell.id();
        for (int l = 0; l < fwd.length; l++) {
            int in = l == 0 ? inputSize : 2 * hidden;
            for (RecurrentLayer r : new RecurrentLayer[] {fwd[l], rev[l]}) {
                boolean wantReverse = r == rev[l];
                if (r.reverse != wantReverse || !r.cell.id().equals(cell) || r.hidden != hidden || r.inputSize != in) {
                    throw new IllegalArgumentException("layer " + l + (wantReverse ? " reverse" : " forward") + " is a "
                            + r.cell.id() + (r.reverse ? " reverse" : " forward") + " layer (E=" + r.inputSize + ", H="
                            + r.hidden + ") but needs a " + cell + (wantReverse ? " reverse" : " forward") + " layer (E="
                            + in + ", H=" + hidden + ")");
                }
            }
        }
        int gaps = fwd.length - 1;
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

    public int layerCount() {
        return fwd.length;
    }

    public RecurrentLayer forwardLayer(int l) {
        return fwd[l];
    }

    public RecurrentLayer reverseLayer(int l) {
        return rev[l];
    }

    /** Parameters in PyTorch's order: per layer, forward direction then reverse. */
    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        for (int l = 0; l < fwd.length; l++) {
            p.addAll(fwd[l].params());
            p.addAll(rev[l].params());
        }
        return p;
    }

    public void train(boolean training) {
        this.training = training;
    }

    public boolean isTraining() {
        return training;
    }

    private void ensureCapacity(int T, int B) {
        int n = T * B * 2 * hidden;
        if (outs.length != fwd.length || outs[0].length < n || dX.length < T * B * inputSize) {
            outs = new float[fwd.length][n];
            dF = new float[T * B * hidden];
            dR = new float[T * B * hidden];
            dCat = new float[n];
            dX = new float[T * B * inputSize];
        }
    }

    /**
     * Runs both directions of every layer. x (T,B,E) at xOff unchanged until backward; h0, c0
     * (L*2,B,H) or null for zeros (c0 for LSTM only). Returns the outputs (T,B,2H) at offset 0.
     */
    public float[] forward(float[] x, int xOff, int T, int B, float[] h0, float[] c0) {
        ensureCapacity(T, B);
        int H = hidden;
        int bh = B * H;
        float[] in = x;
        int inOff = xOff;
        for (int l = 0; l < fwd.length; l++) {
            float[] of = fwd[l].forward(in, inOff, T, B, h0, 2 * l * bh, c0, 2 * l * bh);
            int fo = fwd[l].outputOffset();
            float[] ob = rev[l].forward(in, inOff, T, B, h0, (2 * l + 1) * bh, c0, (2 * l + 1) * bh);
            int bo = rev[l].outputOffset();
            float[] cat = outs[l];
            for (int r = 0; r < T * B; r++) {
                System.arraycopy(of, fo + r * H, cat, r * 2 * H, H);
                System.arraycopy(ob, bo + r * H, cat, r * 2 * H + H, H);
            }
            in = cat;
            inOff = 0;
            if (l < fwd.length - 1) {
                dropped[l] = training && dropouts != null;
                if (dropped[l]) {
                    in = dropouts[l].forward(cat, 0, T * B * 2 * H);
                }
            }
        }
        steps = T;
        batch = B;
        return outs[fwd.length - 1];
    }

    /** h_n (L*2,B,H) and, for LSTM, c_n (L*2,B,H) of the last forward (c may be null). */
    public void finalState(float[] h, float[] c) {
        int bh = batch * hidden;
        for (int l = 0; l < fwd.length; l++) {
            fwd[l].finalState(h, 2 * l * bh, c, 2 * l * bh);
            rev[l].finalState(h, (2 * l + 1) * bh, c, (2 * l + 1) * bh);
        }
    }

    /**
     * BPTT through both directions of every layer. dOut (T,B,2H) at dOutOff or null; dhN, dcN
     * (L*2,B,H) or null. Adds into every layer's parameter sinks; returns dX (T,B,E) at offset 0.
     */
    public float[] backward(float[] dOut, int dOutOff, float[] dhN, float[] dcN) {
        if (steps < 0) {
            throw new IllegalStateException("call forward before backward");
        }
        int H = hidden;
        int bh = batch * H;
        int rows = steps * batch;
        float[] d = dOut;
        int dOff = dOutOff;
        for (int l = fwd.length - 1; l >= 0; l--) {
            if (d != null) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(d, dOff + r * 2 * H, dF, r * H, H);
                    System.arraycopy(d, dOff + r * 2 * H + H, dR, r * H, H);
                }
            }
            float[] xf = fwd[l].backward(d == null ? null : dF, 0, dhN, 2 * l * bh, dcN, 2 * l * bh);
            float[] xr = rev[l].backward(d == null ? null : dR, 0, dhN, (2 * l + 1) * bh, dcN, (2 * l + 1) * bh);
            float[] sum = l == 0 ? dX : dCat;
            int n = rows * (l == 0 ? inputSize : 2 * H);
            for (int i = 0; i < n; i++) {
                sum[i] = xf[i] + xr[i];
            }
            if (l > 0 && dropped[l - 1]) {
                dropouts[l - 1].backward(dCat, 0, n);
            }
            d = dCat;
            dOff = 0;
        }
        return dX;
    }

    /** dLoss/dh0 (L*2,B,H) after backward, copied into dst. */
    public void initialStateGrad(float[] dst) {
        int bh = batch * hidden;
        for (int l = 0; l < fwd.length; l++) {
            System.arraycopy(fwd[l].initialStateGrad(), 0, dst, 2 * l * bh, bh);
            System.arraycopy(rev[l].initialStateGrad(), 0, dst, (2 * l + 1) * bh, bh);
        }
    }

    /** dLoss/dc0 (L*2,B,H) after backward (LSTM), copied into dst. */
    public void initialCellGrad(float[] dst) {
        if (!fwd[0].cell.hasCellState()) {
            throw new IllegalStateException("a " + fwd[0].cell.id() + " network has no cell state");
        }
        int bh = batch * hidden;
        for (int l = 0; l < fwd.length; l++) {
            System.arraycopy(fwd[l].initialCellGrad(), 0, dst, 2 * l * bh, bh);
            System.arraycopy(rev[l].initialCellGrad(), 0, dst, (2 * l + 1) * bh, bh);
        }
    }

    /** The dropout between layers l and l+1, or null (for tests). */
    Dropout dropout(int l) {
        return dropouts == null ? null : dropouts[l];
    }
}
