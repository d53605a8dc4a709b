/*
 * StackedRecurrent: L recurrent layers of one cell type and direction, layer l+1 reading layer l's
 * outputs, with optional inverted dropout on those outputs between layers (not after the last
 * layer, not on the recurrent connections), as torch.nn.RNN/GRU/LSTM(num_layers=L, dropout=p).
 *
 *   forward   x (T,B,E) -> layer 0 -> [dropout] -> layer 1 -> ... -> layer L-1 -> outputs (T,B,H)
 *   backward  the layers' backwards in exactly the reverse order; the gradient for layer l's outputs
 *             is layer l+1's dX times the saved dropout mask; dLoss/dh_n, dc_n slice per layer.
 *
 * Pipelined pairs: with two or more threads and no dropout in use, layers 2i and 2i+1 run side by
 * side in chunks of time steps: while the caller runs the lower layer's recurrence over chunk j+1,
 * a worker runs the upper layer's over chunk j (backward: the upper layer's chunk j on the caller,
 * the lower layer's chunk j+1 on the worker, in reverse time), and the products that connect them
 * (the upper layer's input projection forward, its dX backward) are split by columns between the
 * two. Each thread's products then run on one core with no per-step hand-over, instead of every
 * small per-step product being split over both cores. The caller never waits for the worker until
 * the pair is done, so a worker that starts late (or never: then the caller runs its share at the
 * end) only costs time. Same float operations on the same data as the layer-by-layer order:
 * results are bitwise identical (StackedRecurrentTest). rnnlm4j.pipeline=false turns it off.
 *
 * States are stacked PyTorch's way: h0, h_n, c0, c_n (L,B,H), layer l at offset l*B*H. Dropout acts
 * only in training mode (the default); eval mode and step() never drop. The masks come from one
 * seeded NumpyRandom, drawn in forward order, so a training run is reproducible from the seed.
 * Holds no parameters of its own: the layers' Params. Not thread-safe: one instance per worker.
 */
package org.rnnlm4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.math.Parallel;

public final class StackedRecurrent {
    /** System property: false turns the pipelined layer pairs off (for comparisons). */
    public static final String PIPELINE_PROPERTY = "rnnlm4j.pipeline";
    private static final boolean PIPELINE = !"false".equalsIgnoreCase(System.getProperty(PIPELINE_PROPERTY, "true"));

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
        return forward(x, xOff, null, T, B, h0, c0);
    }

    /**
     * forward, told that x's rows are table rows (null if not): layer 0 may then work per symbol
     * (RecurrentLayer), and backward returns null, having added dX into the table's sink.
     */
    public float[] forward(float[] x, int xOff, TokenRows rows, int T, int B, float[] h0, float[] c0) {
        int bh = B * hidden;
        float[] in = x;
        int inOff = xOff;
        float[] out = null;
        boolean pipelined = pipelined();
        for (int l = 0; l < layers.length; l++) {
            if (pipelined && l + 1 < layers.length) {
                forwardPair(l, in, inOff, l == 0 ? rows : null, T, B, h0, c0);
                l++;
                out = layers[l].states();
            } else {
                out = layers[l].forward(in, inOff, l == 0 ? rows : null, T, B, h0, l * bh, c0, l * bh);
            }
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
        pipelinedLast = pipelined;
        return out;
    }

    private boolean pipelinedLast;   // whether the last forward (so its backward) ran pairs

    /** Whether the last forward ran pipelined layer pairs (for tests). */
    boolean lastForwardPipelined() {
        return pipelinedLast;
    }

    /** Whether this forward runs layer pairs side by side: 2+ layers, 2+ threads, no dropout. */
    private boolean pipelined() {
        return PIPELINE && layers.length >= 2 && Parallel.threads() >= 2 && !(training && dropouts != null);
    }

    /** Time steps per pipeline chunk: about 16 chunks (fewer, smaller hand-overs vs a shorter fill). */
    static int chunkSteps(int T) {
        return Math.max(1, (T + 15) / 16);
    }

    /** A column split of n at a multiple of 32 near the middle (0 < split < n when n >= 64). */
    private static int half(int n) {
        int h = n / 2 / 32 * 32;
        return h > 0 ? h : n / 2;
    }

    /** forward() of layers l (lower) and l+1 (upper) side by side; see the class comment. */
    private void forwardPair(int l, float[] x, int xOff, TokenRows rows, int T, int B, float[] h0, float[] c0) {
        RecurrentLayer lo = layers[l];
        RecurrentLayer up = layers[l + 1];
        int bh = B * hidden;
        lo.beginForward(x, xOff, rows, T, B, h0, l * bh, c0, l * bh);
        up.beginForward(lo.states(), lo.outputOffset(), null, T, B, h0, (l + 1) * bh, c0, (l + 1) * bh);
        lo.projectSteps(0, T, 0, lo.gateWidth(), lo.kernels());   // one large product, all threads
        Kernels one = lo.kernels().serial();
        int chunk = chunkSteps(T);
        int gh = up.gateWidth();
        int split = half(gh);
        StepProgress lowerDone = new StepProgress();
        StepProgress projected = new StepProgress();
        Parallel.Pending worker = Parallel.tryBackground(() -> {
            for (int s0 = 0; s0 < T; s0 += chunk) {
                int s1 = Math.min(T, s0 + chunk);
                lowerDone.await(s1);
                up.projectSteps(s0, s1, split, gh, one);
                projected.await(s1);
                up.runSteps(s0, s1, one);
            }
        });
        if (worker == null) {
            lo.runSteps(0, T, lo.kernels());
            up.projectSteps(0, T, 0, gh, up.kernels());
            up.runSteps(0, T, up.kernels());
            return;
        }
        try {
            for (int s0 = 0; s0 < T; s0 += chunk) {
                int s1 = Math.min(T, s0 + chunk);
                lo.runSteps(s0, s1, one);
                lowerDone.advance(s1);
                up.projectSteps(s0, s1, 0, split, one);
                projected.advance(s1);
            }
        } catch (RuntimeException | Error e) {
            lowerDone.abort();
            projected.abort();
            joinAfterFailure(worker, e);
            throw e;
        }
        worker.join();
    }

    /** Waits for the worker after the caller failed, keeping the caller's exception first. */
    private static void joinAfterFailure(Parallel.Pending worker, Throwable e) {
        try {
            worker.join();
        } catch (RuntimeException | Error other) {
            if (other != e) {
                e.addSuppressed(other);
            }
        }
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
     * offset 0 (layer 0's buffer, valid until its next backward), or null when layer 0 worked per
     * symbol (its TokenRows' table got the gradient).
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
            if (pipelinedLast && l % 2 == 1) {
                dx = backwardPair(l - 1, d, dOff, dhN, dcN);
                l--;
            } else {
                dx = layers[l].backward(d, dOff, dhN, l * bh, dcN, l * bh);
            }
            if (l > 0 && dropped[l - 1]) {
                dropouts[l - 1].backward(dx, 0, steps * bh);
            }
            d = dx;
            dOff = 0;
        }
        return dx;
    }

    /**
     * backward() of layers l+1 (upper, on this thread) and l (lower, on a worker) side by side, in
     * reverse time; returns the lower layer's dX. Per layer the phases keep backward()'s order.
     */
    private float[] backwardPair(int l, float[] dOut, int dOutOff, float[] dhN, float[] dcN) {
        RecurrentLayer lo = layers[l];
        RecurrentLayer up = layers[l + 1];
        int T = steps;
        int bh = batch * hidden;
        up.beginBackward(dOut, dOutOff, dhN, (l + 1) * bh, dcN, (l + 1) * bh);
        lo.beginBackward(up.inputGradBuffer(), 0, dhN, l * bh, dcN, l * bh);
        Kernels one = lo.kernels().serial();
        int chunk = chunkSteps(T);
        int e = up.inputSize;
        int split = half(e);
        StepProgress upperDone = new StepProgress();   // steps counted from the end: T - s0
        StepProgress inputGradDone = new StepProgress();
        Parallel.Pending worker = Parallel.tryBackground(() -> {
            for (int s1 = T; s1 > 0; s1 -= chunk) {
                int s0 = Math.max(0, s1 - chunk);
                upperDone.await(T - s0);
                up.inputGrad(s0, s1, split, e, one);
                inputGradDone.await(T - s0);
                lo.backSteps(s0, s1, one);
            }
            lo.recurrentWeightGrads(one);
            lo.inputGrad(0, T, 0, lo.inputSize, one);
            lo.inputWeightGrad(one);
        });
        if (worker == null) {
            up.finishBackward(up.kernels());
            lo.finishBackward(lo.kernels());
            return lo.inputGradBuffer();
        }
        try {
            for (int s1 = T; s1 > 0; s1 -= chunk) {
                int s0 = Math.max(0, s1 - chunk);
                up.backSteps(s0, s1, one);
                upperDone.advance(T - s0);
                up.inputGrad(s0, s1, 0, split, one);
                inputGradDone.advance(T - s0);
            }
            up.recurrentWeightGrads(one);
        } catch (RuntimeException | Error err) {
            upperDone.abort();
            inputGradDone.abort();
            joinAfterFailure(worker, err);
            throw err;
        }
        worker.join();
        up.inputWeightGrad(up.kernels());   // after the worker's share of dX: the sink may be W_ih itself
        return lo.inputGradBuffer();
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

    /** step(e.table.w, token * e.dim, 1, h, c): one token of embedding e (RecurrentLayer.stepToken). */
    public void stepToken(Embedding e, int token, float[] h, float[] c) {
        layers[0].stepToken(e, token, h, 0, c, 0);
        for (int l = 1; l < layers.length; l++) {
            layers[l].step(h, (l - 1) * hidden, 1, h, l * hidden, c, l * hidden);
        }
    }

    /** The dropout between layers l and l+1, or null (for tests and inspection). */
    Dropout dropout(int l) {
        return dropouts == null ? null : dropouts[l];
    }
}
