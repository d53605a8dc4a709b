/*
 * Network: one worker's view of a LanguageModel — embedding, recurrent stack and softmax output
 * wired over the model's shared weights, with their own caches — and the computations on whole
 * sequences and single steps.
 *
 *   inputs (T,B) -> embedding (T,B,E) -> Recurrence (T,B,H) -> softmax output -> loss, dLogits
 *   backward in exactly the reverse order, adding into the parameters' gradient sinks.
 *
 * Contract: not thread-safe (caches); create one per thread. Gradients accumulate until the caller
 * zeroes them (zeroGrad). The one-sentence methods (ids with START..END, batch 1) are the
 * tutorial's; the batched ones take time-major inputs/targets (index t*B + b; target < 0 = padding).
 * targetLogProbs scores a padded batch of sequences forward only (BatchScorer's pass).
 */
package org.rnnlm4j.model;

import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.nn.Embedding;
import org.rnnlm4j.nn.Param;
import org.rnnlm4j.nn.SoftmaxOutput;
import org.rnnlm4j.nn.TokenRows;

public final class Network {
    private final LanguageModel model;
    private final Kernels k;
    private final Embedding embedding;
    private final Recurrence recurrence;
    private final SoftmaxOutput output;
    private final int hidden;
    private float[] embedded = new float[0];   // (T, B, E)
    private float[] topOut;                    // (T, B, H) at topOff: the last layer's outputs
    private int topOff;
    private int[] inputs = new int[0];         // (T*B)
    private TokenRows inputRows;               // inputs as rows of the embedding's table (for the first layer)
    private int[] targets = new int[0];        // (T*B)
    private int tokens;                        // T*B of the last forward
    private float[] logProbBuffer = new float[0];
    /** Rows of logits computed at once by targetLogProbs: bounds its (rows, V) buffer. */
    static final int SCORE_ROWS = 512;
    private float[] gathered = new float[0];   // (SCORE_ROWS, H) top outputs of non-padded positions
    private int[] gatheredTargets = new int[0];
    private int[] gatheredAt = new int[0];     // each gathered row's position t*B + b
    private float[] gatheredLogProbs = new float[0];
    private final org.rnnlm4j.math.NumpyRandom dropoutRng; // null without dropout

    private final boolean backward;
    private final boolean tied;   // the decoder's weight is the embedding's
    private final boolean overlapOutputBackward;

    /** backward: the right-to-left stack of a bidirectional model (over reversed sequences). */
    Network(LanguageModel model, Kernels k, float dropout, long seed, boolean backward) {
        this.model = model;
        this.k = k;
        ModelConfig c = model.config();
        this.hidden = c.hidden();
        this.embedding = new Embedding(model.param("embedding.weight"));
        if (dropout > 0 && !GatedStack.handles(c) && !backward) {
            throw new org.rnnlm4j.RnnlmException("--dropout works with --cell gru or lstm");
        }
        if (dropout > 0 && c.layers() < 2) {
            throw new org.rnnlm4j.RnnlmException("--dropout acts between stacked layers: use --layers 2 or more");
        }
        this.dropoutRng = dropout > 0 ? new org.rnnlm4j.math.NumpyRandom(seed) : null;
        this.backward = backward;
        this.recurrence = GatedStack.handles(c) || backward ? new GatedStack(model, k, dropout, dropoutRng, backward)
                : new TutorialRnnStack(model, k);
        this.tied = c.tieWeights();
        if (!tied) {
            embedding.table.trackRows();   // only Embedding writes the table's gradient: rows used, marked
        }
        this.overlapOutputBackward = !tied && 3 * recurrentWeights(model) >= (long) c.vocabSize() * c.hidden();
        this.output = new SoftmaxOutput(model.param(tied ? "embedding.weight" : "decoder.weight"),
                model.params().get("decoder.bias"), k);
    }

    public LanguageModel model() {
        return model;
    }

    /** Whether this is a bidirectional model's right-to-left network (it reads sequences reversed). */
    public boolean isBackward() {
        return backward;
    }

    private int prepare(int[] ids) {
        int t = ids.length - 1;
        if (t < 1) {
            throw new IllegalArgumentException("a sequence needs at least 2 ids");
        }
        ensure(t);
        System.arraycopy(ids, 0, inputs, 0, t);
        System.arraycopy(ids, 1, targets, 0, t);
        return t;
    }

    private void ensure(int n) {
        if (inputs.length < n) {
            inputs = new int[n];
            targets = new int[n];
        }
    }

    private void forward(int T, int B, State initial) {
        int e = embedding.dim;
        tokens = T * B;
        if (embedded.length < tokens * e) {
            embedded = new float[tokens * e];
        }
        embedding.forward(inputs, tokens, embedded);
        if (inputRows == null || inputRows.tokens() != inputs) {
            inputRows = new TokenRows(embedding, inputs);
        }
        topOut = recurrence.forward(embedded, 0, inputRows, T, B, initial);
        topOff = recurrence.outputOffset();
    }

    /** Elements of the recurrent layers' weight matrices (rnn.weight_*), both directions. */
    private static long recurrentWeights(LanguageModel model) {
        long n = 0;
        for (Param p : model.params().values()) {
            if (p.name.startsWith("rnn.weight_")) {
                n += p.w.length;
            }
        }
        return n;
    }

    /**
     * The output layer's weight gradients (the largest GEMM of a word model's backward) are computed
     * in slices on the other threads while the recurrent layers and the embedding do their backward on
     * this one (they write different sinks), which then takes the slices not yet begun
     * (SoftmaxOutput.backwardParamsStart), when that backward is about as much work: its three products per
     * weight matrix against the output layer's one (word LSTMs, char LSTMs; not the tutorial's RNN,
     * whose tiny recurrence would leave the output GEMM to one thread). With few rows (the tutorial's
     * RNN: one sentence) SoftmaxOutput.backwardStart() returns dS and leaves the decoder's update to
     * the other threads while the recurrence does its backward here; backwardFinish() joins. With tied
     * weights (the embedding's backward writes the decoder's sink) SoftmaxOutput.backward() does all
     * of the output layer first.
     */
    private void backward(int truncate) {
        backward(truncate, false);
    }

    /** leaveRunning: return without waiting for the chunked output update (see lossAndGradientOverlapped). */
    private void backward(int truncate, boolean leaveRunning) {
        float[] d;
        Parallel.Pending outputParams = null;
        boolean started = false;
        boolean done = false;
        if (overlapOutputBackward) {
            d = output.backwardInput();
            outputParams = output.backwardParamsStart();
        } else if (!tied && output.fewRows()) {
            d = output.backwardStart(leaveRunning);
            started = true;
        } else {
            d = output.backward();
        }
        try {
            d = recurrence.backward(d, truncate);
            if (d != null) {   // null: the first layer worked per symbol and added dX into the table's sink
                embedding.backward(inputs, tokens, d, k);
            }
            done = true;
        } finally {
            if (outputParams != null) {
                outputParams.join();
            }
            if (started && !(leaveRunning && done)) {
                output.backwardFinish();
            }
        }
    }

    /**
     * Forward and backward on one sentence (ids with START..END, batch 1). Returns the summed
     * cross-entropy (nats) over its T predictions, times scale; gradients of that quantity are added
     * to the parameters. truncate <= 0: full BPTT; K > 0: the tutorial's truncation (one rnn layer).
     */
    public double lossAndGradient(int[] ids, int truncate, float scale) {
        int t = prepare(ids);
        forward(t, 1, null);
        double loss = output.forwardLoss(topOut, topOff, t, targets, scale, null);
        backward(truncate);
        return loss;
    }

    /**
     * lossAndGradient(ids, truncate, scale) for a training loop over sentences under fused SGD: the
     * same results, but it may return while other threads still apply the output layer's update (the
     * chunked backward of a sentence of at most SoftmaxOutput.CHUNKED_MAX_ROWS steps), which then
     * overlaps the next call's forward through the recurrence: that forward reads no weight the update
     * writes, and the output layer waits for the update before it reads the decoder. From the second
     * such call in a row the output layer may keep the decoder in its aligned copy (SoftmaxOutput), the
     * weights stale meanwhile. Call finishPending() before anything else reads or writes the parameters
     * (saving, evaluating with another network, ending the run); calls on this network that reach the
     * output layer wait, or write the copy back, by themselves.
     */
    public double lossAndGradientOverlapped(int[] ids, int truncate, float scale) {
        int t = prepare(ids);
        try {
            forward(t, 1, null);
        } catch (RuntimeException | Error e) {
            finishPending();
            throw e;
        }
        double loss = output.forwardLoss(topOut, topOff, t, targets, scale, null);
        backward(truncate, true);
        return loss;
    }

    /**
     * Waits for the output update that lossAndGradientOverlapped may have left running and writes the
     * decoder's aligned copy back into its weights (no-op if neither): the parameters are whole after it.
     */
    public void finishPending() {
        output.releaseDecoderCopy();
    }

    /**
     * Forward and backward on a batch: in (T*B) and tgt (T*B) time-major, from initial (null =
     * zeros). Returns sum over non-padded positions of scale * cross-entropy; if finalState != null it
     * receives the state after step T-1 (for carrying into the next window).
     */
    public double lossAndGradient(int[] in, int[] tgt, int T, int B, float scale, State initial, State finalState) {
        ensure(T * B);
        System.arraycopy(in, 0, inputs, 0, T * B);
        System.arraycopy(tgt, 0, targets, 0, T * B);
        forward(T, B, initial);
        if (finalState != null) {
            recurrence.finalState(finalState);
        }
        double loss = output.forwardLoss(topOut, topOff, T * B, targets, scale, null);
        backward(0);
        return loss;
    }

    /**
     * Forward only on a batch (time-major, target < 0 = padding): returns the summed cross-entropy
     * (nats) over the non-padded positions; finalState (nullable) receives the state after step T-1.
     */
    public double loss(int[] in, int[] tgt, int T, int B, State initial, State finalState) {
        int n = T * B;
        ensure(n);
        System.arraycopy(in, 0, inputs, 0, n);
        System.arraycopy(tgt, 0, targets, 0, n);
        forward(T, B, initial);
        if (finalState != null) {
            recurrence.finalState(finalState);
        }
        if (logProbBuffer.length < n) {
            logProbBuffer = new float[n];
        }
        output.logProbs(topOut, topOff, n, targets, logProbBuffer);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] >= 0) {
                sum -= logProbBuffer[i];
            }
        }
        return sum;
    }

    /**
     * Forward only, for scoring B sequences at once from zero states: in, tgt (T*B) time-major,
     * target < 0 = padding; out[t*B + b] := ln p(tgt | inputs of row b up to t), NaN at padding.
     * Padding sits after each row's last real position, so it never reaches a real one (a row's
     * state only flows forward in time). Logits are computed only for the non-padded positions, in
     * near-equal chunks of at most SCORE_ROWS rows; no loss gradient is formed. Each row's figures equal that row
     * scored alone (tokenLogProbs) up to float rounding; with B = 1, bitwise.
     */
    public void targetLogProbs(int[] in, int[] tgt, int T, int B, float[] out) {
        int n = T * B;
        ensure(n);
        System.arraycopy(in, 0, inputs, 0, n);
        forward(T, B, null);
        if (gathered.length < SCORE_ROWS * hidden) {
            gathered = new float[SCORE_ROWS * hidden];
            gatheredTargets = new int[SCORE_ROWS];
            gatheredAt = new int[SCORE_ROWS];
            gatheredLogProbs = new float[SCORE_ROWS];
        }
        int real = 0;
        for (int i = 0; i < n; i++) {
            real += tgt[i] < 0 ? 0 : 1;
        }
        // near-equal chunks: none of one row unless there is only one (a single row takes the gemv path)
        int chunks = (real + SCORE_ROWS - 1) / SCORE_ROWS;
        int rows = 0;
        int done = 0;
        int chunk = 0;
        for (int i = 0; i < n; i++) {
            out[i] = Float.NaN;
            if (tgt[i] < 0) {
                continue;
            }
            System.arraycopy(topOut, topOff + i * hidden, gathered, rows * hidden, hidden);
            gatheredTargets[rows] = tgt[i];
            gatheredAt[rows++] = i;
            if (done + rows == (int) ((long) real * (chunk + 1) / chunks)) {
                scoreGathered(rows, out);
                done += rows;
                rows = 0;
                chunk++;
            }
        }
    }

    private void scoreGathered(int rows, float[] out) {
        if (rows == 0) {
            return;
        }
        output.logProbs(gathered, 0, rows, gatheredTargets, gatheredLogProbs);
        for (int r = 0; r < rows; r++) {
            out[gatheredAt[r]] = gatheredLogProbs[r];
        }
    }

    /** Summed cross-entropy (nats) of one sentence, forward only. */
    public double loss(int[] ids) {
        int t = prepare(ids);
        forward(t, 1, null);
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
        forward(t, 1, null);
        output.logProbs(topOut, topOff, t, targets, out);
    }

    /** Hidden outputs of the top layer after the last forward (for tests): (T,B,H) at topOffset(). */
    public float[] topStates() {
        return topOut;
    }

    public int topOffset() {
        return topOff;
    }

    /** The logits (T*B, V) of the last batched forward (valid until the next call; for tests). */
    public float[] lastLogits(int n) {
        return output.logits(topOut, topOff, n);
    }

    /** The dropout masks' generator state (null without dropout), for exact resume. */
    public int[] dropoutRngState() {
        return dropoutRng == null ? null : dropoutRng.state();
    }

    public void setDropoutRngState(int[] state) {
        if (dropoutRng != null) {
            dropoutRng.setState(state);
        }
    }

    public void zeroGrad() {
        for (Param p : model.params().values()) {
            p.zeroGrad();
        }
    }

    /** A fresh left-to-right state for B sequences: zeros. */
    public State newState(int batch) {
        return State.zeros(model.config().layers(), batch, hidden, recurrence.hasCellState());
    }

    public State newState() {
        return newState(1);
    }

    /** Feeds one token (batch 1): advances state and writes the next-token logits (V) into logitsOut. */
    public void step(State state, int token, float[] logitsOut) {
        recurrence.stepToken(embedding, token, state);
        float[] logits = output.logits(state.h(), recurrence.topOffset(state), 1);
        System.arraycopy(logits, 0, logitsOut, 0, output.vocab);
    }
}
