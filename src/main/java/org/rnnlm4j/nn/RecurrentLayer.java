/*
 * RecurrentLayer: one recurrent layer of any Cell over T time steps and B sequences, with its BPTT.
 * The layer owns the time loop and the matrix products; the cell owns one step's elementwise math.
 *
 *   forward   IH (T*B, G*H) = X (T*B, E) W_ih^T + b_ih                  one GEMM for all T steps
 *             per step t:  hh (B, G*H) = h_{t-1} W_hh^T + b_hh           one GEMM over the batch
 *                          (W_hh^T prepared — packed — once per forward, not in every step's GEMM)
 *                          h_t [, c_t] = cell(IH_t, hh, h_{t-1} [, c_{t-1}])
 *   backward  per step, in the reverse of forward's order (t = T-1 .. 0; 0 .. T-1 when reverse):
 *                          dh = dOut_t + dhNext;  cell -> dIh_t, dHh_t, dhNext := direct part [, dcNext]
 *                          dhNext += dHh_t (B, G*H) W_hh (G*H, H)        one GEMM over the batch (W_hh prepared once)
 *             after the loop, one GEMM each:
 *                          dW_hh += dHh^T Hprev    db_hh += colsum dHh    db_ih += colsum dIh
 *                          dX = dIh W_ih           dW_ih += dIh^T X
 *
 * Per symbol (TokenRows, layer 0 of a language model whose vocabulary V is at most half of T*B, e.g.
 * a char model): forward's projection is P (V, G*H) = table W_ih^T + b_ih, one row gathered per
 * position; backward sums dIh per symbol, S (V, G*H), and takes dTable = S W_ih and dW_ih += S^T
 * table instead of the two (T*B)-row products; it adds dTable into the embedding's sink itself and
 * returns null for dX. Same sums in another order: equal to the per-position results up to rounding.
 *
 * reverse = true runs time backwards (t = T-1 .. 0), as PyTorch's reverse direction of a
 * bidirectional RNN: its h_0 is the initial state and its final state is the one at time 0.
 *
 * Parameters are PyTorch's: W_ih (G*H, E), W_hh (G*H, H), b_ih, b_hh (G*H), gate blocks in the
 * cell's order; biases optional. Backward ADDS sinkScale() * gradient into each Param's sink(), and
 * reads each weight for the last time before adding into its sink (fused SGD: the sink may be the
 * weight itself): W_hh in the loop, then dW_hh; W_ih for dX, then dW_ih.
 *
 * Layout: time-major. x (T,B,E) at xOff, owned by the caller, unchanged until backward. States live
 * in hs (T+1, B, H) in TIME order: forward direction slot 0 = h0 and slot t+1 = h_t; reverse
 * direction slot t = h_t and slot T = h0. So the outputs (T,B,H) are contiguous at outputOffset()
 * and the previous states of all steps are contiguous too (for dW_hh). Caches are sized once per
 * (T,B) capacity and reused (IH's buffer holds dIh during backward; only GRU needs a separate dHh);
 * no allocation per step or per call once sized. Backward may be repeated after one forward (it
 * adds again). Not thread-safe: one instance per worker (the Params may be shared).
 */
package org.rnnlm4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnnlm4j.math.ArrayAlignment;
import org.rnnlm4j.math.Kernels;

public final class RecurrentLayer {
    public final Cell cell;
    /** Single-token steps of a layer before it copies its weights aligned (see alignedStepWeights). */
    static final int STEP_COPY_AFTER = 64;
    private float[] stepWeights;   // [pad | W_ih (G*H,E) | to a whole line | W_hh (G*H,H)], or null
    private int stepIhOff;
    private int stepHhOff;
    private int stepIhVersion;
    private int stepHhVersion;
    private int singleSteps;            // single-token steps so far, counted up to STEP_COPY_AFTER
    private boolean alignmentUnknown;   // ArrayAlignment cannot align here: no copies
    private float[] tokenTable;    // stepToken's (V, G*H) rows W_ih e_v, from tokenTableOff, tokenTableStride apart; or null
    private int tokenTableOff;
    private int tokenTableStride;
    private Param tokenTableSource;
    private int tokenTableIhVersion;
    private int tokenTableEmbeddingVersion;

    public final Param weightIh;   // (G*H, E)
    public final Param weightHh;   // (G*H, H)
    public final Param biasIh;     // (G*H) or null
    public final Param biasHh;     // (G*H) or null
    public final boolean reverse;
    public final int inputSize;    // E
    public final int hidden;       // H
    private final int gh;          // G*H
    private final int cw;          // cache width per row: cell.cacheWidth() * H
    private final Kernels k;
    private final CellStep s;

    private float[] hs = new float[0];     // (T+1, B, H) states, time order (see the contract)
    private float[] cs = new float[0];     // (T+1, B, H) cell states, LSTM only
    private float[] pre = new float[0];    // (T, B, G*H) input projections; dIh during backward
    private float[] dHh = new float[0];    // (T, B, G*H) only when the cell separates it, else pre
    private float[] cache = new float[0];  // (T, B, cw)
    private float[] dX = new float[0];     // (T, B, E)
    private float[] hh = new float[0];     // (B, G*H) one step's recurrent projection
    private float[] dh = new float[0];     // (B, H) everything reaching h_t
    private float[] dhNext = new float[0]; // (B, H) dLoss/dh_{t-1}; dLoss/dh0 after backward
    private float[] dcNext = new float[0]; // (B, H) dLoss/dc_{t-1}; dLoss/dc0 after backward (LSTM)
    private float[] stepIh = new float[0];    // (B, G*H) for step()
    private float[] stepCache = new float[0]; // (B, cw) for step()
    private final double[] biasGrad;       // (G*H) bias gradient accumulator
    private org.rnnlm4j.math.PreparedB whhT;  // W_hh^T (H, G*H) prepared for forward's steps
    private org.rnnlm4j.math.PreparedB whh;   // W_hh (G*H, H) prepared for backward's steps
    // A pipeline's column halves of W_ih, prepared once per forward (backward) for the products of its
    // chunks: slot 0 the half from column 0, slot 1 the other; each half is used by one thread only.
    private final ColumnHalf[] ihT = {new ColumnHalf(), new ColumnHalf()};  // W_ih[c0:c1]^T (E, c1-c0), forward
    private final ColumnHalf[] ih = {new ColumnHalf(), new ColumnHalf()};   // W_ih[:, e0:e1] (G*H, e1-e0), backward
    private int pass;                      // counts forwards and backwards: a half prepared in an earlier one is stale

    /** One column range of W_ih as prepared in pass `pass`, or nothing yet. */
    private static final class ColumnHalf {
        org.rnnlm4j.math.PreparedB prepared;
        int col0 = -1;
        int col1 = -1;
        int pass = -1;
    }
    private float[] x;                     // the last forward's input, owned by the caller
    private int xOff;
    private int steps = -1;                // T of the last forward; -1 before any
    private int batch;                     // B of the last forward
    private TokenRows tokenRows;           // the last forward's input as table rows when it works per symbol, else null
    private float[] symbolRows = new float[0];  // (V, E) the table as of forward (its sink may be the table itself)
    private float[] symbolGates = new float[0]; // (V, G*H) forward: P = table W_ih^T + b_ih; backward: S
    private float[] symbolGrad = new float[0];  // (V, E) S W_ih: dLoss/d(table row)
    private int[] symbolCount = new int[0];     // (V) positions per symbol in the last backward

    public RecurrentLayer(Cell cell, Param weightIh, Param weightHh, Param biasIh, Param biasHh,
                          boolean reverse, Kernels k) {
        if (cell == null || weightIh == null || weightHh == null || k == null) {
            throw new IllegalArgumentException("a recurrent layer needs a cell, W_ih, W_hh and kernels");
        }
        int g = cell.gates();
        if (weightHh.shape.length != 2 || weightHh.shape[0] % g != 0 || weightHh.shape[0] != g * weightHh.shape[1]) {
            throw new IllegalArgumentException(weightHh.name + " has shape " + Arrays.toString(weightHh.shape)
                    + " but a " + cell.id() + " layer needs (" + g + "*H, H)");
        }
        this.hidden = weightHh.shape[1];
        this.gh = g * hidden;
        if (weightIh.shape.length != 2 || weightIh.shape[0] != gh) {
            throw new IllegalArgumentException(weightIh.name + " has shape " + Arrays.toString(weightIh.shape)
                    + " but a " + cell.id() + " layer with H=" + hidden + " needs (" + gh + ", E)");
        }
        for (Param b : new Param[] {biasIh, biasHh}) {
            if (b != null && (b.shape.length != 1 || b.shape[0] != gh)) {
                throw new IllegalArgumentException(b.name + " has shape " + Arrays.toString(b.shape)
                        + " but a " + cell.id() + " layer with H=" + hidden + " needs (" + gh + ")");
            }
        }
        this.cell = cell;
        this.weightIh = weightIh;
        this.weightHh = weightHh;
        this.biasIh = biasIh;
        this.biasHh = biasHh;
        this.reverse = reverse;
        this.inputSize = weightIh.shape[1];
        this.cw = cell.cacheWidth() * hidden;
        this.k = k;
        this.s = new CellStep(hidden);
        this.biasGrad = new double[gh];
    }

    /** The layer's parameters in PyTorch's order: W_ih, W_hh, then the biases present. */
    public List<Param> params() {
        List<Param> p = new ArrayList<>(List.of(weightIh, weightHh));
        if (biasIh != null) {
            p.add(biasIh);
        }
        if (biasHh != null) {
            p.add(biasHh);
        }
        return p;
    }

    private void ensureCapacity(int T, int B) {
        int states = (T + 1) * B * hidden;
        if (hs.length < states) {
            hs = new float[states];
            cs = cell.hasCellState() ? new float[states] : cs;
        }
        if (pre.length < T * B * gh || dX.length < T * B * inputSize) {
            pre = new float[T * B * gh];
            dHh = cell.separateRecurrentGradient() ? new float[T * B * gh] : dHh;
            cache = new float[T * B * cw];
            dX = new float[T * B * inputSize];
        }
        ensureRows(B);
    }

    private void ensureRows(int B) {
        if (hh.length < B * gh) {
            hh = new float[B * gh];
            dh = new float[B * hidden];
            dhNext = new float[B * hidden];
            dcNext = new float[B * hidden];
        }
    }

    /** forward(x, xOff, T, B, h0, 0, c0, 0). */
    public float[] forward(float[] x, int xOff, int T, int B, float[] h0, float[] c0) {
        return forward(x, xOff, T, B, h0, 0, c0, 0);
    }

    /**
     * Runs T steps (backwards in time when reverse). x (T,B,E) at xOff must stay unchanged until
     * backward. h0 (B,H) at h0Off and c0 (B,H) at c0Off (LSTM only) may be null for zeros. Returns the
     * buffer holding the outputs h_t (T,B,H) at outputOffset(), valid until the next forward.
     */
    public float[] forward(float[] x, int xOff, int T, int B, float[] h0, int h0Off, float[] c0, int c0Off) {
        return forward(x, xOff, null, T, B, h0, h0Off, c0, c0Off);
    }

    /**
     * forward, told that x's rows are table rows (rows: x row r at xOff = table row tokens[r]; null
     * if not): then the layer may work per symbol (see the class comment) and backward returns null.
     */
    public float[] forward(float[] x, int xOff, TokenRows rows, int T, int B, float[] h0, int h0Off, float[] c0, int c0Off) {
        beginForward(x, xOff, rows, T, B, h0, h0Off, c0, c0Off);
        projectSteps(0, T, 0, gh, k);
        runSteps(0, T, k);
        return hs;
    }

    // ---- forward in phases: forward() = beginForward + projectSteps(all) + runSteps(all). StackedRecurrent's
    // ---- pipeline calls them chunk by chunk on two threads; the results are bitwise those of forward().

    /** Everything of forward but the products: checks, caches sized, initial state set, W_hh^T prepared. */
    void beginForward(float[] x, int xOff, TokenRows rows, int T, int B, float[] h0, int h0Off, float[] c0, int c0Off) {
        checkSizes(x, xOff, T, B);
        checkState("h0", h0, h0Off, B);
        checkCell("c0", c0, c0Off, B);
        ensureCapacity(T, B);
        this.x = x;
        this.xOff = xOff;
        this.steps = T;
        this.batch = B;
        this.pass++;
        this.tokenRows = perSymbol(rows, T * B) ? rows : null;
        if (tokenRows != null) {
            Embedding e = tokenRows.embedding();
            if (symbolRows.length < e.vocab * inputSize) {
                symbolRows = new float[e.vocab * inputSize];
                symbolGates = new float[e.vocab * gh];
                symbolGrad = new float[e.vocab * inputSize];
                symbolCount = new int[e.vocab];
            }
            System.arraycopy(e.table.w, 0, symbolRows, 0, e.vocab * inputSize);
        }
        int bh = B * hidden;
        int init = (reverse ? T : 0) * bh;
        copyOrZero(h0, h0Off, hs, init, bh);
        if (cell.hasCellState()) {
            copyOrZero(c0, c0Off, cs, init, bh);
        }
        if (B > 1) {
            whhT = k.prepare(true, hidden, gh, weightHh.w, 0, hidden, whhT);
        }
        s.rows = B;
        s.ih = pre;
        s.hh = hh;
        s.hhOff = 0;
        s.states(hs, cs);
        s.cache = cache;
    }

    /** Whether to work per symbol for input rows of n positions: a table of at most n/2 rows, as wide as x. */
    private boolean perSymbol(TokenRows rows, int n) {
        if (rows == null) {
            return false;
        }
        if (rows.tokens().length < n) {
            throw new IllegalArgumentException("token rows: " + rows.tokens().length + " tokens for " + n + " input rows");
        }
        Embedding e = rows.embedding();
        return e.dim == inputSize && 2L * e.vocab <= n;
    }

    /** Whether the last forward worked per symbol (TokenRows). */
    public boolean workedPerSymbol() {
        return tokenRows != null;
    }

    /** First time row of steps [s0, s1): step s is time reverse ? T-1-s : s, so the rows are contiguous. */
    private int firstTime(int s0, int s1) {
        return reverse ? steps - s1 : s0;
    }

    /**
     * Input projections of steps [s0, s1), columns [col0, col1) of G*H:
     * pre (rows, col0:col1) = x (rows, E) W_ih[col0:col1]^T + b_ih[col0:col1], with kernels kk.
     */
    void projectSteps(int s0, int s1, int col0, int col1, Kernels kk) {
        int rows = (s1 - s0) * batch;
        int r0 = firstTime(s0, s1) * batch;
        int n = col1 - col0;
        if (tokenRows != null) {
            projectSymbols(r0, rows, col0, col1, kk);
            return;
        }
        float beta = fillBiasIh(pre, r0, rows, col0, col1);
        if (steps * batch == 1) {   // a chunk of one row still takes gemm's path when the whole does (same bits)
            kk.gemv(n, inputSize, weightIh.w, col0 * inputSize, inputSize, x, xOff + r0 * inputSize, beta, pre, r0 * gh + col0);
        } else if (rows < steps * batch) {   // a pipeline chunk: W_ih's columns packed once per forward (same bits)
            org.rnnlm4j.math.PreparedB w = prepared(ihT, true, col0, col1, kk);
            kk.gemmPrepared(rows, 1f, x, xOff + r0 * inputSize, inputSize, w, beta, pre, r0 * gh + col0, gh);
        } else {
            kk.gemm(false, true, rows, n, inputSize, 1f, x, xOff + r0 * inputSize, inputSize,
                    weightIh.w, col0 * inputSize, inputSize, beta, pre, r0 * gh + col0, gh);
        }
    }

    /** Rows [r0, r0+rows) of dst (G*H wide), columns [col0, col1) := b_ih; returns the GEMM beta that keeps it (1) or 0. */
    private float fillBiasIh(float[] dst, int r0, int rows, int col0, int col1) {
        if (biasIh == null) {
            return 0f;
        }
        for (int r = r0; r < r0 + rows; r++) {
            System.arraycopy(biasIh.w, col0, dst, r * gh + col0, col1 - col0);
        }
        return 1f;
    }

    /** projectSteps per symbol: P (V, col0:col1) = table W_ih[col0:col1]^T + b_ih, then pre row r = P row tokens[r]. */
    private void projectSymbols(int r0, int rows, int col0, int col1, Kernels kk) {
        int vocab = tokenRows.embedding().vocab;
        int n = col1 - col0;
        float beta = fillBiasIh(symbolGates, 0, vocab, col0, col1);
        kk.gemm(false, true, vocab, n, inputSize, 1f, symbolRows, 0, inputSize,
                weightIh.w, col0 * inputSize, inputSize, beta, symbolGates, col0, gh);
        int[] tokens = tokenRows.tokens();
        for (int r = r0; r < r0 + rows; r++) {
            System.arraycopy(symbolGates, tokens[r] * gh + col0, pre, r * gh + col0, n);
        }
    }

    /**
     * Columns [c0, c1) of W_ih prepared for this pass: transposed (forward: W_ih[c0:c1]^T, k = E) or
     * not (backward: W_ih[:, c0:c1], k = G*H); reused by the pass's later chunks.
     */
    private org.rnnlm4j.math.PreparedB prepared(ColumnHalf[] halves, boolean transposed, int c0, int c1, Kernels kk) {
        ColumnHalf h = halves[c0 == 0 ? 0 : 1];
        if (h.pass != pass || h.col0 != c0 || h.col1 != c1) {
            h.prepared = transposed
                    ? kk.prepare(true, inputSize, c1 - c0, weightIh.w, c0 * inputSize, inputSize, h.prepared)
                    : kk.prepare(false, gh, c1 - c0, weightIh.w, c0, inputSize, h.prepared);
            h.col0 = c0;
            h.col1 = c1;
            h.pass = pass;
        }
        return h.prepared;
    }

    /** The recurrence of steps [s0, s1) in step order, with kernels kk; steps before s0 must be done. */
    void runSteps(int s0, int s1, Kernels kk) {
        int T = steps;
        int B = batch;
        int bh = B * hidden;
        for (int step = s0; step < s1; step++) {
            int t = reverse ? T - 1 - step : step;
            int prev = (reverse ? t + 1 : t) * bh;
            recurrent(hs, prev, B, whhT, kk);
            s.ihOff = t * B * gh;
            s.stateOffsets(prev, (reverse ? t : t + 1) * bh);
            s.cacheOff = t * B * cw;
            cell.forward(kk, s);
        }
    }

    /** The buffer of forward's states (see outputOffset()), for the layer above in a pipeline. */
    float[] states() {
        return hs;
    }

    /** G*H: the width of the gate pre-activations. */
    int gateWidth() {
        return gh;
    }

    /** The kernels this layer was built with. */
    Kernels kernels() {
        return k;
    }

    /** dst (rows, G*H) = x (rows, E) W_ih^T + b_ih. */
    private void project(float[] x, int xOff, int rows, float[] dst) {
        float beta = fillBias(biasIh, dst, rows);
        if (rows == 1) {
            k.gemv(gh, inputSize, weightIh.w, 0, inputSize, x, xOff, beta, dst, 0);
        } else {
            k.gemm(false, true, rows, gh, inputSize, 1f, x, xOff, inputSize, weightIh.w, 0, inputSize, beta, dst, 0, gh);
        }
    }

    /** hh (B, G*H) = h (B,H) at hOff W_hh^T + b_hh; prepared: W_hh^T as prepared now, or null. */
    private void recurrent(float[] h, int hOff, int B, org.rnnlm4j.math.PreparedB prepared, Kernels kk) {
        float beta = fillBias(biasHh, hh, B);
        if (B == 1) {
            kk.gemv(gh, hidden, weightHh.w, 0, hidden, h, hOff, beta, hh, 0);
        } else if (prepared != null) {
            kk.gemmPrepared(B, 1f, h, hOff, hidden, prepared, beta, hh, 0, gh);
        } else {
            kk.gemm(false, true, B, gh, hidden, 1f, h, hOff, hidden, weightHh.w, 0, hidden, beta, hh, 0, gh);
        }
    }

    /** Each of rows rows of dst (G*H wide) := bias; returns the GEMM beta that keeps it (1) or 0. */
    private float fillBias(Param bias, float[] dst, int rows) {
        if (bias == null) {
            return 0f;
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias.w, 0, dst, r * gh, gh);
        }
        return 1f;
    }

    /** Offset of the outputs (T,B,H) in the buffer forward() returned. */
    public int outputOffset() {
        return reverse ? 0 : batch * hidden;
    }

    /** finalState(h, 0, c, 0). */
    public void finalState(float[] h, float[] c) {
        finalState(h, 0, c, 0);
    }

    /**
     * The last state the layer computed, copied: h (B,H) at hOff, and for LSTM c (B,H) at cOff (c may
     * be null). For reverse that is the state at time 0, as PyTorch's h_n.
     */
    public void finalState(float[] h, int hOff, float[] c, int cOff) {
        requireForward();
        int bh = batch * hidden;
        int last = (reverse ? 0 : steps) * bh;
        System.arraycopy(hs, last, h, hOff, bh);
        if (c != null && cell.hasCellState()) {
            System.arraycopy(cs, last, c, cOff, bh);
        }
    }

    /** backward(dOut, 0, dhLast, 0, dcLast, 0). */
    public float[] backward(float[] dOut, float[] dhLast, float[] dcLast) {
        return backward(dOut, 0, dhLast, 0, dcLast, 0);
    }

    /**
     * BPTT for the last forward. dOut (T,B,H) at dOutOff: dLoss/dh_t from above (null: none);
     * dhLast, dcLast (B,H): dLoss/d(final state) from beyond (null: none; dcLast LSTM only). Adds into
     * the parameters' sinks; returns dX (T,B,E) at offset 0, valid until the next backward. Then
     * initialStateGrad() / initialCellGrad() hold dLoss/dh0, dLoss/dc0. After a forward that worked per
     * symbol, dX went into the embedding's sink as per-symbol sums and this returns null.
     */
    public float[] backward(float[] dOut, int dOutOff, float[] dhLast, int dhLastOff, float[] dcLast, int dcLastOff) {
        beginBackward(dOut, dOutOff, dhLast, dhLastOff, dcLast, dcLastOff);
        finishBackward(k);
        return inputGradBuffer();
    }

    /** Everything of backward after beginBackward, in its order, with kernels kk. */
    void finishBackward(Kernels kk) {
        backSteps(0, steps, kk);
        recurrentWeightGrads(kk);
        inputGrad(0, steps, 0, inputSize, kk);
        inputWeightGrad(kk);
    }

    // ---- backward in phases: backward() = beginBackward + backSteps(all) + recurrentWeightGrads +
    // ---- inputGrad(all) + inputWeightGrad, in this order (the pipeline keeps it per layer).

    private float[] bwdOut;     // dOut of the backward in progress, or null
    private int bwdOutOff;

    /** Everything of backward before its loop: checks, dLoss/d(final state) taken in, W_hh prepared. */
    void beginBackward(float[] dOut, int dOutOff, float[] dhLast, int dhLastOff, float[] dcLast, int dcLastOff) {
        requireForward();
        int T = steps;
        int B = batch;
        int H = hidden;
        int bh = B * H;
        int tb = T * B;
        if (dOut != null && dOut.length < dOutOff + tb * H) {
            throw new IllegalArgumentException("dOut holds " + (dOut.length - dOutOff) + " values after offset "
                    + dOutOff + " but (T,B,H) = (" + T + "," + B + "," + H + ") needs " + tb * H);
        }
        checkState("dhLast", dhLast, dhLastOff, B);
        checkCell("dcLast", dcLast, dcLastOff, B);
        copyOrZero(dhLast, dhLastOff, dhNext, 0, bh);
        if (cell.hasCellState()) {
            copyOrZero(dcLast, dcLastOff, dcNext, 0, bh);
        }
        bwdOut = dOut;
        bwdOutOff = dOutOff;
        pass++;
        s.rows = B;
        s.states(hs, cs);
        s.cache = cache;
        s.dh = dh;
        s.dhOff = 0;
        s.dc = dcNext;          // read, then overwritten in place with dLoss/dc_{t-1}
        s.dcOff = 0;
        s.dcPrev = dcNext;
        s.dcPrevOff = 0;
        s.dhPrev = dhNext;
        s.dhPrevOff = 0;
        s.dIh = pre;
        s.dHh = recurrentGrad();
        if (B > 1) {
            whh = k.prepare(false, gh, H, weightHh.w, 0, H, whh);   // read-only until dW_hh
        }
    }

    /** (T,B,G*H) dLoss/d(hh): its own buffer when the cell separates it, else pre (= dIh). */
    private float[] recurrentGrad() {
        return cell.separateRecurrentGradient() ? dHh : pre;
    }

    /**
     * BPTT through steps [s0, s1), from s1-1 down to s0, with kernels kk; steps from s1 on must be
     * done, and dOut's rows of these steps written.
     */
    void backSteps(int s0, int s1, Kernels kk) {
        int T = steps;
        int B = batch;
        int H = hidden;
        int bh = B * H;
        float[] dRec = recurrentGrad();
        for (int step = s1 - 1; step >= s0; step--) {
            int t = reverse ? T - 1 - step : step;
            // dh (B,H) = dOut_t + dhNext
            if (bwdOut == null) {
                System.arraycopy(dhNext, 0, dh, 0, bh);
            } else {
                int o = bwdOutOff + t * bh;
                for (int i = 0; i < bh; i++) {
                    dh[i] = bwdOut[o + i] + dhNext[i];
                }
            }
            s.stateOffsets((reverse ? t + 1 : t) * bh, (reverse ? t : t + 1) * bh);
            s.cacheOff = t * B * cw;
            s.dIhOff = t * B * gh;
            s.dHhOff = t * B * gh;
            cell.backward(kk, s);
            // dhNext (B,H) += dRec_t (B,G*H) W_hh (G*H,H)
            if (B == 1) {
                kk.gemvT(gh, H, weightHh.w, 0, H, dRec, t * gh, 1f, dhNext, 0);
            } else {
                kk.gemmPrepared(B, 1f, dRec, t * B * gh, gh, whh, 1f, dhNext, 0, H);
            }
        }
    }

    /** After the loop: dW_hh += dRec^T Hprev, and the bias gradients. */
    void recurrentWeightGrads(Kernels kk) {
        int B = batch;
        int H = hidden;
        int tb = steps * B;
        float[] dRec = recurrentGrad();
        // dW_hh (G*H,H) += dRec^T (G*H, T*B) Hprev (T*B, H); the previous states are contiguous in hs
        int prev0 = reverse ? B * H : 0;
        kk.gemm(true, false, gh, H, tb, weightHh.sinkScale(), dRec, 0, gh, hs, prev0, H, weightHh.claimZeroSink() ? 0f : 1f,
                weightHh.sink(), 0, H);
        addBiasGrad(biasIh, pre, tb);
        addBiasGrad(biasHh, dRec, tb);
    }

    /**
     * dX of steps [s0, s1), columns [e0, e1) of E: dX (rows, e0:e1) = dIh (rows, G*H) W_ih[:, e0:e1];
     * before inputWeightGrad (the sink may be W_ih itself).
     */
    void inputGrad(int s0, int s1, int e0, int e1, Kernels kk) {
        if (tokenRows != null) {
            if (s0 != 0 || s1 != steps || e0 != 0 || e1 != inputSize) {
                throw new IllegalStateException("per symbol, dX is taken for all steps and columns at once");
            }
            symbolSums(kk);
            return;
        }
        int E = inputSize;
        int rows = (s1 - s0) * batch;
        int r0 = firstTime(s0, s1) * batch;
        if (rows < steps * batch) {   // a pipeline chunk: W_ih's columns packed once per backward (same bits)
            kk.gemmPrepared(rows, 1f, pre, r0 * gh, gh, prepared(ih, false, e0, e1, kk), 0f, dX, r0 * E + e0, E);
        } else {
            kk.gemm(false, false, rows, e1 - e0, gh, 1f, pre, r0 * gh, gh, weightIh.w, e0, E, 0f, dX, r0 * E + e0, E);
        }
    }

    /** inputGrad per symbol: S (V, G*H) = dIh's rows summed per token, then symbolGrad (V, E) = S W_ih. */
    private void symbolSums(Kernels kk) {
        int vocab = tokenRows.embedding().vocab;
        int[] tokens = tokenRows.tokens();
        Arrays.fill(symbolGates, 0, vocab * gh, 0f);
        Arrays.fill(symbolCount, 0, vocab, 0);
        for (int r = 0; r < steps * batch; r++) {
            int v = tokens[r];
            symbolCount[v]++;
            kk.axpy(gh, 1f, pre, r * gh, symbolGates, v * gh);
        }
        kk.gemm(false, false, vocab, inputSize, gh, 1f, symbolGates, 0, gh, weightIh.w, 0, inputSize, 0f, symbolGrad, 0, inputSize);
    }

    /** dW_ih += dIh^T X, after every inputGrad (per symbol: S^T table, then the table's gradient into its sink). */
    void inputWeightGrad(Kernels kk) {
        if (tokenRows != null) {
            Embedding e = tokenRows.embedding();
            kk.gemm(true, false, gh, inputSize, e.vocab, weightIh.sinkScale(), symbolGates, 0, gh, symbolRows, 0, inputSize,
                    weightIh.claimZeroSink() ? 0f : 1f, weightIh.sink(), 0, inputSize);
            e.addRowGradients(symbolGrad, symbolCount, kk);
            return;
        }
        int E = inputSize;
        kk.gemm(true, false, gh, E, steps * batch, weightIh.sinkScale(), pre, 0, gh, x, xOff, E,
                weightIh.claimZeroSink() ? 0f : 1f, weightIh.sink(), 0, E);
    }

    /** dX's buffer (T,B,E) at offset 0, filled by inputGrad (the dOut of the layer below); null per symbol. */
    float[] inputGradBuffer() {
        return tokenRows != null ? null : dX;
    }

    /**
     * db (G*H) += sum over rows of d (rows, G*H): summed in double (O(T*B*G*H), nothing next to the
     * GEMMs; it keeps a sum of many cancelling terms accurate), then added once into the sink.
     */
    private void addBiasGrad(Param b, float[] d, int rows) {
        if (b == null) {
            return;
        }
        Arrays.fill(biasGrad, 0.0);
        for (int r = 0; r < rows; r++) {
            int o = r * gh;
            for (int g = 0; g < gh; g++) {
                biasGrad[g] += d[o + g];
            }
        }
        float[] sink = b.sink();
        float scale = b.sinkScale();
        for (int g = 0; g < gh; g++) {
            sink[g] += scale * (float) biasGrad[g];
        }
    }

    /** dLoss/dh0 (B,H) at offset 0 after backward (valid until the next backward or step). */
    public float[] initialStateGrad() {
        return dhNext;
    }

    /** dLoss/dc0 (B,H) at offset 0 after backward (LSTM); null for cells without c. */
    public float[] initialCellGrad() {
        return cell.hasCellState() ? dcNext : null;
    }

    /** step(x, xOff, B, h, 0, c, 0). */
    public void step(float[] x, int xOff, int B, float[] h, float[] c) {
        step(x, xOff, B, h, 0, c, 0);
    }

    /**
     * One inference step for B rows, in place: h (B,H) at hOff [and c (B,H) at cOff, LSTM] := the
     * cell's next state for input x (B,E) at xOff. Needs no forward; does not disturb the caches of
     * a forward awaiting its backward. The reverse flag plays no part (one step has no direction).
     */
    public void step(float[] x, int xOff, int B, float[] h, int hOff, float[] c, int cOff) {
        step(x, xOff, B, h, hOff, c, cOff, B == 1 && weightIh != null && alignedStepWeights(pastFirstSingleSteps()));
    }

    /** step, where aligned says whether alignedStepWeights holds (asked once per step: steps are counted). */
    private void step(float[] x, int xOff, int B, float[] h, int hOff, float[] c, int cOff, boolean aligned) {
        checkSizes(x, xOff, 1, B);
        prepareStep(B, h, hOff, c, cOff);
        if (B == 1 && weightIh != null) {   // generation: both products in one split over threads
            float betaIh = fillBias(biasIh, stepIh, 1);
            float betaHh = fillBias(biasHh, hh, 1);
            if (aligned) {
                k.gemvPair(gh, inputSize, stepWeights, stepIhOff, x, xOff, betaIh, stepIh,
                        hidden, stepWeights, stepHhOff, h, hOff, betaHh, hh);
            } else {
                k.gemvPair(gh, inputSize, weightIh.w, 0, x, xOff, betaIh, stepIh, hidden, weightHh.w, 0, h, hOff, betaHh, hh);
            }
        } else {
            project(x, xOff, B, stepIh);
            recurrent(h, hOff, B, null, k);
        }
        cellStep(B, h, hOff, c, cOff);
    }

    /**
     * step(e.table.w, token * e.dim, 1, h, hOff, c, cOff) for a first layer fed by embedding e, the
     * same bits: after the layer's first STEP_COPY_AFTER single-token steps, where the vocabulary is
     * at most twice the embedding width, the input products of all V symbols are a table (V,G*H) of
     * W_ih e_v, made again when W_ih or the embedding moves (Param.version), and a step reads one
     * row of it instead of all of W_ih (with or without the aligned copies of alignedStepWeights). The char workload's sampling: 7.7% fewer
     * bytes per character, and each core's half of the weights 1.66 -> 1.53 MB of its 2 MB L2.
     */
    public void stepToken(Embedding e, int token, float[] h, int hOff, float[] c, int cOff) {
        boolean warm = weightIh != null && pastFirstSingleSteps();
        boolean aligned = warm && alignedStepWeights(true);
        if (!warm || e.dim != inputSize || (long) e.vocab > 2L * inputSize) {
            step(e.table.w, token * e.dim, 1, h, hOff, c, cOff, aligned);
            return;
        }
        if (token < 0 || token >= e.vocab) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary [0, " + e.vocab + ")");
        }
        prepareStep(1, h, hOff, c, cOff);
        float[] table = tokenTable(e, aligned);
        if (fillBias(biasIh, stepIh, 1) == 0f) {
            System.arraycopy(table, tokenTableOff + token * tokenTableStride, stepIh, 0, gh);
        } else {
            k.axpy(gh, 1f, table, tokenTableOff + token * tokenTableStride, stepIh, 0);   // bias + W_ih e, as gemv's beta 1
        }
        float betaHh = fillBias(biasHh, hh, 1);
        if (aligned) {
            k.gemv(gh, hidden, stepWeights, stepHhOff, hidden, h, hOff, betaHh, hh, 0);
        } else {
            k.gemv(gh, hidden, weightHh.w, 0, hidden, h, hOff, betaHh, hh, 0);
        }
        cellStep(1, h, hOff, c, cOff);
    }

    /** Checks a step's state arguments for B rows and sizes its buffers. */
    private void prepareStep(int B, float[] h, int hOff, float[] c, int cOff) {
        if (h == null) {
            throw new IllegalArgumentException("step needs the state h (B,H) to update");
        }
        checkState("h", h, hOff, B);
        if (cell.hasCellState() && c == null) {
            throw new IllegalArgumentException("step of an lstm layer needs the cell state c (B,H) too");
        }
        checkCell("c", c, cOff, B);
        ensureRows(B);
        if (stepIh.length < B * gh) {
            stepIh = new float[B * gh];
            stepCache = new float[B * cw];
        }
    }

    /**
     * The token table of stepToken for e, made or made again as needed, from the aligned copy of
     * W_ih (current: alignedStepWeights refreshed it) or from the Param itself: the same values.
     */
    private float[] tokenTable(Embedding e, boolean aligned) {
        if (tokenTable == null || tokenTableSource != e.table) {
            tokenTableStride = ArrayAlignment.rowStride(gh);
            tokenTableOff = ArrayAlignment.padFloats();
            tokenTable = new float[tokenTableOff + e.vocab * tokenTableStride];
            tokenTableSource = e.table;
            tokenTableIhVersion = weightIh.version() - 1;
        }
        int vi = weightIh.version();
        if (tokenTableIhVersion != vi || tokenTableEmbeddingVersion != e.table.version()) {
            tokenTableEmbeddingVersion = e.table.version();
            tokenTableIhVersion = vi;
            for (int v = 0; v < e.vocab; v++) {
                k.gemv(gh, inputSize, aligned ? stepWeights : weightIh.w, aligned ? stepIhOff : 0, inputSize,
                        e.table.w, v * inputSize, 0f, tokenTable, tokenTableOff + v * tokenTableStride);
            }
        }
        return tokenTable;
    }

    /** The cell's step on stepIh and hh into h, c in place (B rows). */
    private void cellStep(int B, float[] h, int hOff, float[] c, int cOff) {
        s.rows = B;
        s.ih = stepIh;
        s.ihOff = 0;
        s.hh = hh;
        s.hhOff = 0;
        s.states(h, c);          // in place: the cell reads each old element before writing it
        s.hPrevOff = hOff;
        s.hOff = hOff;
        s.cPrevOff = cOff;
        s.cOff = cOff;
        s.cache = stepCache;
        s.cacheOff = 0;
        cell.forward(k, s);
    }

    /**
     * Whether stepWeights holds current aligned copies of W_ih and W_hh for a single-token step:
     * made once warm (after the layer's first STEP_COPY_AFTER such steps, pastFirstSingleSteps)
     * where ArrayAlignment can align (object alignment of 32 bytes or more), made again when either
     * Param's version() has moved. A matrix read from a
     * Param starts 16 bytes into a cache line, so every 64-byte load of it touches two lines: the
     * char workload's sampling 28,000 -> 33,000 chars/s on AVX-512 with the copies.
     */
    private boolean alignedStepWeights(boolean warm) {
        if (stepWeights == null) {
            if (!warm || alignmentUnknown) {
                return false;
            }
            int pad = ArrayAlignment.padFloats();
            if (pad == 0) {   // alignment unknown: a copy would gain nothing
                alignmentUnknown = true;
                return false;
            }
            int ih = gh * inputSize;
            stepIhOff = pad;
            stepHhOff = pad + (ih + ArrayAlignment.MAX_PAD - 1) / ArrayAlignment.MAX_PAD * ArrayAlignment.MAX_PAD;
            stepWeights = new float[stepHhOff + gh * hidden];
            stepIhVersion = weightIh.version() - 1;   // stale: copied below
            stepHhVersion = weightHh.version() - 1;
        }
        int vi = weightIh.version();
        if (vi != stepIhVersion) {
            System.arraycopy(weightIh.w, 0, stepWeights, stepIhOff, gh * inputSize);
            stepIhVersion = vi;
        }
        int vh = weightHh.version();
        if (vh != stepHhVersion) {
            System.arraycopy(weightHh.w, 0, stepWeights, stepHhOff, gh * hidden);
            stepHhVersion = vh;
        }
        return true;
    }

    /** Counts a single-token step; false for the layer's first STEP_COPY_AFTER of them (then no copies, no table). */
    private boolean pastFirstSingleSteps() {
        if (singleSteps < STEP_COPY_AFTER) {
            singleSteps++;
            return false;
        }
        return true;
    }

    /** Whether stepToken now reads a token table (for tests). */
    boolean stepsFromTokenTable() {
        return tokenTable != null;
    }

    /** Whether single-token steps now read aligned copies of the weights (for tests). */
    boolean stepsFromAlignedCopies() {
        return stepWeights != null;
    }

    private void requireForward() {
        if (steps < 0) {
            throw new IllegalStateException("call forward before finalState or backward");
        }
    }

    private void checkSizes(float[] x, int xOff, int T, int B) {
        if (T < 1 || B < 1) {
            throw new IllegalArgumentException("T and B must be at least 1, got T=" + T + " B=" + B);
        }
        long need = (long) T * B * inputSize;
        if (x == null || xOff < 0 || x.length - (long) xOff < need) {
            throw new IllegalArgumentException("input (T,B,E) = (" + T + "," + B + "," + inputSize + ") needs "
                    + need + " values from offset " + xOff + " but the array has " + (x == null ? 0 : x.length));
        }
    }

    private void checkState(String what, float[] a, int off, int B) {
        if (a != null && (off < 0 || a.length - off < B * hidden)) {
            throw new IllegalArgumentException(what + " must hold (B,H) = (" + B + "," + hidden + ") values from offset "
                    + off + " but the array has " + a.length);
        }
    }

    private void checkCell(String what, float[] a, int off, int B) {
        if (a != null && !cell.hasCellState()) {
            throw new IllegalArgumentException(what + " given but a " + cell.id() + " layer has no cell state: pass null");
        }
        checkState(what, a, off, B);
    }

    private static void copyOrZero(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        if (src == null) {
            Arrays.fill(dst, dstOff, dstOff + n, 0f);
        } else {
            System.arraycopy(src, srcOff, dst, dstOff, n);
        }
    }
}
