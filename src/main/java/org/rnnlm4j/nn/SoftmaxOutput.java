/*
 * SoftmaxOutput: the output layer o_t = softmax(V s_t + c) fused with cross-entropy and its gradient.
 *
 *   logits (N,V) = S (N,H) Dec^T (H,V) + c            one matrix product for all N = T*B positions
 *   loss         = sum_n scale * (logsumexp(logits_n) - logits_n[y_n])
 *   dLogits      = scale * (softmax(logits_n) - onehot(y_n))        (overwrites the logits buffer)
 *   dDec (V,H)  += dLogits^T S,   dc += column sums,   dS (N,H) = dLogits Dec
 *
 * A target < 0 marks a padded position: no loss, no gradient. `scale` is 1 for the tutorial's summed
 * loss, 1/N for a mean. Caches (logits, dS) are sized once per N capacity. Not thread-safe.
 *
 * backward() with few rows (N <= CHUNKED_MAX_ROWS: the tutorial's one sentence) works in fixed chunks
 * of CHUNK_ROWS vocabulary rows, spread over the threads: first every chunk's
 * dS_c (N,H) = dLogits[:, chunk] Dec[chunk] with Dec's old values (Kernels.outputChunksInput), then
 * the chunks' dDec rows and dc entries (outputChunksUpdate) on the other threads while this one adds
 * dS = the dS_c in chunk order (so the result does not depend on the thread count), and, split as
 * backwardStart / backwardFinish, while the layers below do their backward. (Per chunk, both halves
 * while the chunk is in cache measured no faster than the two passes.) The update may run on past
 * that: it reads its own copy of S and the dLogits array it started with, and every method here
 * that reads or writes Dec, the bias or their sinks first waits for it (backwardFinish), except
 * that the next forwardLoss of few rows starts the logits of each vocabulary range as soon as the
 * update parts covering that range are done (logitsAfterUpdate). So a training loop may leave it
 * running into the next step's forward through the layers below (Network.lossAndGradientOverlapped),
 * as long as nothing outside this object touches those parameters before backwardFinish().
 *
 * The decoder's aligned copy (fused SGD, overlapped steps, from the second in a row; only where the
 * JVM fixes where arrays start, ArrayAlignment): the chunked path then reads and updates Dec in a
 * copy whose rows start aligned (ArrayAlignment.rowStride: on 64-byte lines with the launcher's
 * object alignment, 100 -> 112 floats; on 32-byte vectors with an alignment of 32, 100 -> 104), and
 * Dec's own weights are stale until releaseDecoderCopy() writes the copy back
 * (Network.finishPending; every method here that takes another path does it first). Why: the
 * tutorial's 400-byte rows put every fourth 32-byte load of the chunk kernels across two cache
 * lines (and half the 64-byte loads of 512-bit vectors). The same float operations in the same order: the same bits.
 */
package org.rnnlm4j.nn;

import java.util.Arrays;
import org.rnnlm4j.math.ArrayAlignment;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.Parallel;

public final class SoftmaxOutput {
    public final Param weight;  // Dec (V, H)
    public final Param bias;    // c (V) or null
    public final int vocab;
    public final int hidden;
    private final Kernels k;

    /** Rows up to which backward() runs chunked over the vocabulary (its dS partials are chunks x N x H). */
    static final int CHUNKED_MAX_ROWS = 128;
    /**
     * Vocabulary rows per chunk, the unit of the thread split and of dS's partial sums. At the
     * tutorial's shapes (N = 18 and 56, H = 100, V = 4585; two threads) 96-128 rows beat both whole
     * products by ~10-17% (measured when each chunk did both halves in turn); with the two passes
     * of backwardStart, 64, 96 and 256 rows measured the same as 128 within the noise.
     */
    static final int CHUNK_ROWS = 128;
    /**
     * Parts per thread of the chunked update that backwardStart leaves running: fine enough that the
     * thread which did the recurrence's backward meanwhile finds work when it joins. Measured on the
     * tutorial (in-JVM epochs, alternating, median step us): 4 parts in all 604-637, 12 parts 573-624.
     */
    static final int UPDATE_PARTS_PER_THREAD = 6;
    /**
     * Slices of backwardParamsStart (word model: ~2.7 ms each on one thread), at least
     * PARAM_MIN_ROWS vocabulary rows each (a char model's 65 rows stay one part). One part for the
     * word model left the recurrence's thread waiting for the decoder's gradient: median step
     * 83.0-84.1 ms against 72.0-80.2 ms with 12 (`bench word --epochs 1`, alternating runs).
     */
    static final int PARAM_PARTS = 12;
    static final int PARAM_MIN_ROWS = 192;

    private float[] logits = new float[0];  // (N, V): logits, then probabilities / dLogits
    private float[] dS = new float[0];      // (N, H)
    private float[] dSChunks = new float[0]; // (chunks, N, H) the chunked backward's partial dS
    private float[] sKept = new float[0];   // backwardStart's S for the update it leaves running (Kernels.packOutputChunkS)
    private float[] lse = new float[0];     // (N) log-sum-exp of each row
    private float[] picked = new float[0];  // (N) the target's logit of each row
    private float[] s;                      // the input of the last forward, owned by the caller
    private int sOff;
    private int rows;
    private org.rnnlm4j.math.PreparedB decPrepared;   // Dec as backwardInput last prepared it (its buffer reused)
    private Parallel.Pending pendingParams;   // backwardStart's parameter gradients, until backwardFinish
    private int[] updateDone = new int[0];    // per part of that update: 1 once it has finished
    private int updateParts;                  // its part count
    private float[] decCopy;                  // the decoder's aligned copy (see the header), allocated on first use
    private int decCopyOff;                   // where its row 0 starts (aligned: ArrayAlignment.padFloats)
    private int decStride;                    // its row stride: hidden rounded up to aligned rows (ArrayAlignment.rowStride)
    private boolean copyHolds;                // decCopy holds the decoder's values; weight.w is stale
    private int overlappedSteps;              // backwardStart(true) calls since the copy was last released
    private static volatile Boolean alignedCopyOverride;   // tests: force the copy on or off

    public SoftmaxOutput(Param weight, Param bias, Kernels k) {
        this.weight = weight;
        this.bias = bias;
        this.vocab = weight.shape[0];
        this.hidden = weight.shape[1];
        this.k = k;
    }

    /** Tests: the aligned copy always (true), never (false), or where ArrayAlignment fixes the layout (null). */
    public static void alignedCopyForTests(Boolean on) {
        alignedCopyOverride = on;
    }

    /** Whether overlapped steps may take the aligned copy: where ArrayAlignment fixes the layout, or as tests force. */
    private static boolean alignedCopyWanted() {
        Boolean o = alignedCopyOverride;
        return o != null ? o : ArrayAlignment.padFloats() > 0;
    }

    /** The decoder as the chunked path reads it: the aligned copy while that holds the values, else the weights. */
    private float[] dec() {
        return copyHolds ? decCopy : weight.w;
    }

    private int decOff() {
        return copyHolds ? decCopyOff : 0;
    }

    private int ldDec() {
        return copyHolds ? decStride : hidden;
    }

    /** Starts using the aligned copy: the decoder's weights copied into it. */
    private void takeDecoderCopy() {
        if (decCopy == null) {
            decCopyOff = ArrayAlignment.padFloats();
            decStride = ArrayAlignment.rowStride(hidden);
            decCopy = new float[decCopyOff + vocab * decStride];
        }
        for (int v = 0; v < vocab; v++) {
            System.arraycopy(weight.w, v * hidden, decCopy, decCopyOff + v * decStride, hidden);
        }
        copyHolds = true;
    }

    /**
     * Waits for a pending update (backwardFinish), then writes the aligned copy of the decoder back
     * into its weights and stops using it (no-op when it does not hold them). After this the
     * decoder's weights are whole: Network.finishPending calls it before saving or evaluating.
     */
    public void releaseDecoderCopy() {
        backwardFinish();
        overlappedSteps = 0;
        if (copyHolds) {
            copyHolds = false;
            float[] w = weight.writable();
            for (int v = 0; v < vocab; v++) {
                System.arraycopy(decCopy, decCopyOff + v * decStride, w, v * hidden, hidden);
            }
        }
    }

    private void ensureCapacity(int n) {
        if (logits.length < n * vocab) {
            logits = new float[n * vocab];
            dS = new float[n * hidden];
            lse = new float[n];
            picked = new float[n];
        }
    }

    /** logits (N,V) for S (N,H) at s[sOff..]; returns the internal buffer (valid until the next call). */
    public float[] logits(float[] s, int sOff, int n) {
        releaseDecoderCopy();
        ensureCapacity(n);
        if (n == 1) {   // a generation step: the matrix-vector kernel, sized for it
            k.gemv(vocab, hidden, weight.w, 0, hidden, s, sOff, 0f, logits, 0);
        } else {
            k.gemm(false, true, n, vocab, hidden, 1f, s, sOff, hidden, weight.w, 0, hidden, 0f, logits, 0, vocab);
        }
        if (bias != null) {
            for (int r = 0; r < n; r++) {
                k.axpy(vocab, 1f, bias.w, 0, logits, r * vocab);
            }
        }
        return logits;
    }

    /**
     * Forward and loss gradient in one pass. Returns the summed (scaled) cross-entropy in nats; leaves
     * dLogits in place for backward(). If logProbs != null, logProbs[n] = log p(y_n) (natural log; NaN
     * where y_n < 0).
     */
    public double forwardLoss(float[] s, int sOff, int n, int[] targets, float scale, float[] logProbs) {
        Parallel.Pending update = n <= CHUNKED_MAX_ROWS ? pendingParams : null;
        if (update == null) {
            backwardFinish();
        }
        pendingParams = null;
        this.s = s;
        this.sOff = sOff;
        this.rows = n;
        if (!fewRows()) {
            releaseDecoderCopy();   // the whole products read the weights
        }
        ensureCapacity(n);
        if (update == null) {
            k.gemm(false, true, n, vocab, hidden, 1f, s, sOff, hidden, dec(), decOff(), ldDec(), 0f, logits, 0, vocab);
        } else {
            logitsAfterUpdate(update, s, sOff, n);
        }
        // one sweep per row while it is in cache (bias, softmax, gradient), rows split over threads;
        // few rows (the tutorial's sentence): one part per row, so the two threads end together (its
        // 18 rows as 4 parts of 4-5 left one thread waiting for the other's extra row: median step
        // 0.5258 -> 0.5200 ms over 12 alternating pairs)
        int split = Parallel.partsFor(n, (long) n * vocab);
        int parts = split > 1 && fewRows() ? n : split;
        Parallel.run(parts, q -> lossRows(n * q / parts, n * (q + 1) / parts, targets, scale));
        double loss = 0;
        for (int r = 0; r < n; r++) {
            if (targets[r] < 0) {
                if (logProbs != null) {
                    logProbs[r] = Float.NaN;
                }
                continue;
            }
            float lp = picked[r] - lse[r];
            loss -= lp;
            if (logProbs != null) {
                logProbs[r] = lp;
            }
        }
        return loss * scale;
    }

    /**
     * The logits (n,V) while backwardStart's update of Dec may still be running: this thread first
     * takes the update parts no one has started (Pending.help), then the logits run in LOGITS_PARTS
     * vocabulary ranges, each waiting only for the update parts that cover its rows (updateDone),
     * so neither thread waits for the other's last update part before starting on the logits.
     * Each logit is the same FMA chain as in one product over all rows: the same bits.
     */
    private void logitsAfterUpdate(Parallel.Pending update, float[] s, int sOff, int n) {
        update.help();
        Kernels one = k.serial();
        float[] dec = dec();
        int off = decOff();
        int ld = ldDec();
        int uparts = updateParts;
        int[] done = updateDone;
        int parts = Math.min(LOGITS_PARTS_PER_THREAD * Parallel.threads(), uparts);
        int chunks = (vocab + CHUNK_ROWS - 1) / CHUNK_ROWS;   // as backwardStart split them
        try {
            Parallel.run(parts, q -> {
                int u0 = uparts * q / parts;
                int u1 = uparts * (q + 1) / parts;
                for (int u = u0; u < u1; u++) {
                    while ((int) DONE.getAcquire(done, u) == 0) {
                        Thread.onSpinWait();
                    }
                }
                int v0 = Math.min(vocab, chunks * u0 / uparts * CHUNK_ROWS);
                int v1 = Math.min(vocab, chunks * u1 / uparts * CHUNK_ROWS);
                if (v1 > v0) {
                    one.gemm(false, true, n, v1 - v0, hidden, 1f, s, sOff, hidden, dec, off + v0 * ld, ld, 0f, logits, v0, vocab);
                }
            });
        } finally {
            update.join();   // every part has finished by now; rethrows an update part's failure
        }
    }

    /** Logits parts per thread after an overlapped update (logitsAfterUpdate). */
    static final int LOGITS_PARTS_PER_THREAD = 2;
    private static final java.lang.invoke.VarHandle DONE = java.lang.invoke.MethodHandles.arrayElementVarHandle(int[].class);

    /** Rows [r0,r1) of the logits: + bias, softmax (lse, picked kept), then scale * (p - onehot). */
    private void lossRows(int r0, int r1, int[] targets, float scale) {
        for (int r = r0; r < r1; r++) {
            int off = r * vocab;
            int y = targets[r];
            if (y < 0) {   // padding: no loss, no gradient
                picked[r] = 0f;
                if (bias != null) {
                    k.axpy(vocab, 1f, bias.w, 0, logits, off);
                }
                k.softmaxRows(1, vocab, logits, off, vocab, lse, r);
                Arrays.fill(logits, off, off + vocab, 0f);
                continue;
            }
            // the target's logit with its bias, as axpy adds it (fma(b, 1, x) is x + b rounded once)
            picked[r] = bias != null ? Math.fma(bias.w[y], 1f, logits[off + y]) : logits[off + y];
            lse[r] = k.softmaxGradientRow(logits, off, vocab, bias != null ? bias.w : null, y, scale);
        }
    }

    /** Log-probabilities of the targets without any gradient work (scoring). logProbs[n] natural log. */
    public void logProbs(float[] s, int sOff, int n, int[] targets, float[] logProbs) {
        logits(s, sOff, n);
        for (int r = 0; r < n; r++) {
            int y = targets[r];
            logProbs[r] = y < 0 ? Float.NaN : logits[r * vocab + y] - k.logSumExp(logits, r * vocab, vocab);
        }
    }

    /** Adds dDec and dc into their sinks; returns dS (N,H). Call after forwardLoss. */
    public float[] backward() {
        if (!fewRows()) {
            float[] d = backwardInput();
            backwardParams();
            return d;
        }
        float[] d = backwardStart(false);
        backwardFinish();
        return d;
    }

    /** Whether the last forward had few enough rows for the chunked backward (backwardStart). */
    public boolean fewRows() {
        return rows <= CHUNKED_MAX_ROWS;
    }

    /**
     * The chunked backward for few rows, started: returns dS (N,H) now, while the other threads
     * have begun adding dDec and dc into their sinks; backwardFinish() (this thread helps with what
     * is left, then waits) must come before anything reads or writes Dec, the bias or their sinks
     * (releaseDecoderCopy() before anything outside this object does, when keepCopy).
     * The layers below may do their backward meanwhile (Network does). keepCopy: the caller will call
     * releaseDecoderCopy() before anyone else reads the decoder (Network.lossAndGradientOverlapped's
     * protocol), so from the second such step in a row the aligned copy may be used; false releases it.
     */
    public float[] backwardStart(boolean keepCopy) {
        backwardFinish();
        if (!keepCopy || (copyHolds && !weight.sinksIntoWeights())) {
            releaseDecoderCopy();
        } else if (!copyHolds && weight.sinksIntoWeights() && ++overlappedSteps >= 2 && alignedCopyWanted()) {
            takeDecoderCopy();
        }
        int n = rows;
        int nh = n * hidden;
        int chunks = (vocab + CHUNK_ROWS - 1) / CHUNK_ROWS;
        if (dSChunks.length < chunks * nh) {
            dSChunks = new float[chunks * CHUNKED_MAX_ROWS * hidden];
        }
        Kernels one = k.serial();
        int parts = Parallel.partsFor(chunks, (long) n * vocab * hidden);
        // dS parts first: every chunk reads Dec before any update writes it (the sink may be Dec)
        Parallel.run(parts, q -> one.outputChunksInput(n, hidden, vocab, CHUNK_ROWS, chunks * q / parts,
                chunks * (q + 1) / parts, logits, dec(), decOff(), ldDec(), dSChunks));
        float[] sink = copyHolds ? decCopy : weight.sink();
        int sinkOff = decOff();
        int lds = ldDec();
        float alpha = weight.sinkScale();
        if (sKept.length < one.outputChunkSLength(n, hidden)) {
            sKept = new float[Math.max(one.outputChunkSLength(n, hidden), one.outputChunkSLength(CHUNKED_MAX_ROWS, hidden))];
        }
        // the update's S, packed once for all its parts: the caller may reuse its buffer meanwhile
        one.packOutputChunkS(n, hidden, s, sOff, sKept);
        float[] sUpdate = sKept;
        int uparts = parts == 1 ? 1 : Math.min(chunks, UPDATE_PARTS_PER_THREAD * Parallel.threads());
        if (updateDone.length < uparts) {
            updateDone = new int[uparts];
        }
        java.util.Arrays.fill(updateDone, 0, uparts, 0);
        int[] done = updateDone;
        updateParts = uparts;
        float[] dl = logits;   // this step's dLogits: the next forward may run (and reallocate) meanwhile
        pendingParams = Parallel.backgroundParts(uparts, q -> {
            int c0 = chunks * q / uparts;
            int c1 = chunks * (q + 1) / uparts;
            try {
                one.outputChunksUpdatePacked(n, hidden, vocab, CHUNK_ROWS, c0, c1, dl, sUpdate, alpha, sink, sinkOff, lds);
                if (bias != null) {
                    addBiasGradient(one, dl, n, c0 * CHUNK_ROWS, Math.min(vocab, c1 * CHUNK_ROWS));
                }
            } finally {
                DONE.setRelease(done, q, 1);   // logitsAfterUpdate may start on these rows
            }
        });
        System.arraycopy(dSChunks, 0, dS, 0, nh);
        for (int c = 1; c < chunks; c++) {
            one.axpy(nh, 1f, dSChunks, c * nh, dS, 0);
        }
        return dS;
    }

    /** Completes backwardStart's parameter gradients (no-op when none is pending). */
    public void backwardFinish() {
        Parallel.Pending p = pendingParams;
        if (p != null) {
            pendingParams = null;
            p.join();
        }
    }

    /** dc[c0,c1) += column sums of dLogits over the rows, row by row in order (same sums for any split). */
    private void addBiasGradient(Kernels kk, int c0, int c1) {
        addBiasGradient(kk, logits, rows, c0, c1);
    }

    /** addBiasGradient over dL (n rows of the vocabulary) in dl. */
    private void addBiasGradient(Kernels kk, float[] dl, int n, int c0, int c1) {
        for (int r = 0; r < n; r++) {
            kk.axpy(c1 - c0, bias.sinkScale(), dl, r * vocab + c0, bias.sink(), c0);
        }
    }

    /**
     * dS (N,H) = dLogits Dec, the gradient for the layer below; call after forwardLoss and before
     * backwardParams (which may update Dec in place when its sink is the weight itself).
     */
    public float[] backwardInput() {
        releaseDecoderCopy();
        // Dec packed once for all the product's parts (each part would pack all of it: k = V is the
        // long side); the same bits as gemm (Kernels.gemmPrepared)
        decPrepared = k.prepare(false, vocab, hidden, weight.w, 0, hidden, decPrepared);
        k.gemmPrepared(rows, 1f, logits, 0, vocab, decPrepared, 0f, dS, 0, hidden);
        return dS;
    }

    /**
     * dDec (V,H) += dLogits^T (V,N) S (N,H) and dc += column sums of dLogits, into the sinks. Reads
     * dLogits and the forward's S, writes only the sinks: it may run while the layers below do their
     * backward (Network does, unless the decoder shares its weight with the embedding).
     */
    public void backwardParams() {
        releaseDecoderCopy();
        int n = rows;
        k.gemm(true, false, vocab, hidden, n, weight.sinkScale(), logits, 0, vocab, s, sOff, hidden,
                weight.claimZeroSink() ? 0f : 1f, weight.sink(), 0, hidden);
        if (bias != null) {
            // columns split over threads
            int parts = Parallel.partsFor(vocab / 64, (long) n * vocab);
            Parallel.run(parts, q -> addBiasGradient(k, vocab * q / parts, vocab * (q + 1) / parts));
        }
    }

    /**
     * backwardParams() started on the other threads in up to PARAM_PARTS slices of vocabulary rows, each
     * on one thread: the caller goes on (Network runs the recurrence's backward) and its join()
     * takes the slices no worker has begun, so neither side waits long for the other. Same bits as
     * backwardParams(): an element of dDec is one FMA chain over the N rows whichever slice holds
     * it, and dc sums row by row in either case. The same rules as backwardParams() apply until join().
     */
    public Parallel.Pending backwardParamsStart() {
        releaseDecoderCopy();
        Kernels one = k.serial();
        int n = rows;
        float beta = weight.claimZeroSink() ? 0f : 1f;   // the slices together write every row
        float[] sink = weight.sink();
        float alpha = weight.sinkScale();
        int parts = Math.max(1, Math.min(PARAM_PARTS, vocab / PARAM_MIN_ROWS));
        return Parallel.backgroundParts(parts, q -> {
            int v0 = sliceStart(q, parts);
            int v1 = sliceStart(q + 1, parts);
            one.gemm(true, false, v1 - v0, hidden, n, alpha, logits, v0, vocab, s, sOff, hidden, beta, sink, v0 * hidden, hidden);
            if (bias != null) {
                addBiasGradient(one, v0, v1);
            }
        });
    }

    /** First vocabulary row of slice q of parts (q = parts: the end), a multiple of 6 rows. */
    private int sliceStart(int q, int parts) {
        return q == parts ? vocab : (int) ((long) vocab * q / parts / 6 * 6);
    }
}
