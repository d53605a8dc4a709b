/*
 * StreamBatcher: one id stream laid into B contiguous streams and cut into windows of T steps, for
 * truncated-BPTT training with the hidden state carried from window to window.
 *
 * Contract: reproduces the `char` and `word` benchmarks (../shared/bench/README.md) exactly:
 * data[:B*L].view(B, L) with L = N / B, window j takes columns [T*j, T*j+T) as input and the next id
 * as target, W = (L-1) / T windows per pass (the remainder is dropped), then it wraps to window 0 of
 * the next pass, where the caller must zero the state (startsNewPass()). Buffers are allocated once;
 * next() overwrites them and allocates nothing. position() counts the windows taken; seek() restores
 * it exactly. Not thread-safe. Not a shuffler: stream mode keeps the text's order.
 */
package org.rnnlm4j.data.batch;

import org.rnnlm4j.RnnlmException;

/**
 * B streams, windows of T, time-major.
 *
 * <pre>{@code
 * ids (N,)  --view-->  streams (B, L),  L = N / B,  ids[B*L .. N) unused
 *
 *                 column c:  0          1                     L-1
 *   stream 0    :  ids[0]     ids[1]     ...                ids[L-1]
 *   stream 1    :  ids[L]     ids[L+1]   ...                ids[2L-1]
 *   ...
 *   stream B-1  :  ids[(B-1)L]           ...                ids[BL-1]
 *                 |<-- window 0 -->|<-- window 1 -->| ... |<-- W-1 -->| rest (< T+1 columns) dropped
 *                  columns [0, T)    [T, 2T)               W = (L-1) / T
 *
 * window j:  inputs [t*B + b] = streams[b][T*j + t]        (T, B)  t < T, b < B
 *            targets[t*B + b] = streams[b][T*j + t + 1]    (T, B)  the next id of the same stream
 *
 * windows in order: pass 0: j = 0 .. W-1 | pass 1: j = 0 .. W-1 | ...   (zero the state at each j = 0)
 * position p (windows taken so far): next() fills window j = p % W of pass p / W
 * }</pre>
 *
 * Row b of window j continues row b of window j-1, so the final state of one window is the initial
 * state of the next (detached: truncated BPTT). The last target of window W-1 is streams[b][T*W],
 * which exists because T*W &lt;= L-1.
 */
public final class StreamBatcher {

    private final int[] ids;         // (N,) shared with the TokenStream, read only
    private final int batch;         // B
    private final int steps;         // T
    private final int streamLength;  // L = N / B
    private final int windows;       // W = (L-1) / T
    private final int[] inputs;      // (T, B)
    private final int[] targets;     // (T, B)
    private long position;           // windows taken so far
    private long current = -1;       // the window in the buffers, -1 before the first next()

    /** B = {@code batch} streams of {@code stream}, windows of T = {@code steps}; at least one window. */
    public StreamBatcher(TokenStream stream, int batch, int steps) {
        if (batch < 1 || steps < 1) {
            throw new RnnlmException("batch size and sequence length must be at least 1, got B=" + batch
                    + " and T=" + steps);
        }
        this.ids = stream.array();
        this.batch = batch;
        this.steps = steps;
        this.streamLength = ids.length / batch;
        this.windows = streamLength < 1 ? 0 : (streamLength - 1) / steps;
        if (windows < 1) {
            throw new RnnlmException("a training stream of " + ids.length + " tokens cut into B=" + batch
                    + " streams gives " + streamLength + " tokens per stream, fewer than T+1=" + (steps + 1)
                    + " for one window: use a smaller batch size or sequence length, or more text");
        }
        this.inputs = new int[steps * batch];
        this.targets = new int[steps * batch];
    }

    /** Fills inputs() and targets() with window position() and advances position() by one. */
    public void next() {
        int j = (int) (position % windows);
        int start = steps * j;
        for (int b = 0; b < batch; b++) {
            int row = b * streamLength + start;
            for (int t = 0; t < steps; t++) {
                inputs[t * batch + b] = ids[row + t];
                targets[t * batch + b] = ids[row + t + 1];
            }
        }
        current = position++;
    }

    /** Inputs of the current window, (T, B) time-major: index t*B + b. Overwritten by next(). */
    public int[] inputs() {
        return inputs;
    }

    /** Targets of the current window, (T, B) time-major: the id after each input in its stream. */
    public int[] targets() {
        return targets;
    }

    /** Whether the current window is the first of a pass: zero the carried state before running it. */
    public boolean startsNewPass() {
        return window() == 0;
    }

    /** j, the index of the current window within its pass, 0 .. W-1. */
    public int window() {
        return (int) (requireCurrent() % windows);
    }

    /** The pass (epoch) of the current window, from 0. */
    public long pass() {
        return requireCurrent() / windows;
    }

    /**
     * The number of windows taken so far, which is the index of the window the next next() fills.
     * Saved after training on a window and given to seek(), it makes the batches continue exactly; an
     * exact resume mid-pass also needs the carried hidden state saved with it (or a zeroed state,
     * which is exact only when the position is at a pass start).
     */
    public long position() {
        return position;
    }

    /** Continues at {@code position} (from position()); the buffers keep their content until next(). */
    public void seek(long position) {
        if (position < 0) {
            throw new RnnlmException("stream position " + position + " is negative: the checkpoint is damaged");
        }
        this.position = position;
        this.current = -1;
    }

    /** W = (L-1) / T, the windows of one pass. */
    public int windowsPerPass() {
        return windows;
    }

    /** B. */
    public int batchSize() {
        return batch;
    }

    /** T. */
    public int steps() {
        return steps;
    }

    /** L = N / B, the length of each of the B streams. */
    public int streamLength() {
        return streamLength;
    }

    /** B * T * W, the targets of one pass. */
    public long tokensPerPass() {
        return (long) batch * steps * windows;
    }

    private long requireCurrent() {
        if (current < 0) {
            throw new IllegalStateException("no current window: call next() first");
        }
        return current;
    }
}
