/*
 * EvalChunks: a whole split read as one stream (batch 1) in consecutive chunks of T, the hidden
 * state carried from chunk to chunk, for the benchmarks' evaluations.
 *
 * Contract: the bench's stream_eval(model, ids, chunk) exactly: n = N - 1 predictions, chunk k has
 * inputs ids[kT .. min(kT+T, n)) and, one to the right, targets ids[kT+1 .. min(kT+T, n)+1), so
 * every id but the first is predicted once from all ids before it. The word bench's test perplexity
 * is exp(sum NLL / predictions()) with T = 35; the char bench's val loss is the same mean over
 * chars 1..n-1 (the bench uses T = 1024; the sum does not depend on T). Buffers have T entries; only
 * the last chunk may be shorter, and its positions from length() on are padding: input 0 (a valid
 * id) and target -1 (ignored by SoftmaxOutput), so a caller may run length() steps or always T.
 * Batch 1 makes time-major and flat the same layout. Allocates nothing per chunk.
 */
package org.rnnlm4j.data.batch;

import java.util.Arrays;

import org.rnnlm4j.RnnlmException;

public final class EvalChunks {

    private final int[] ids;      // (N,) read only
    private final int steps;      // T
    private final int[] inputs;   // (T, 1)
    private final int[] targets;  // (T, 1)
    private int next;             // first input position of the next chunk
    private int length;           // valid steps in the buffers

    public EvalChunks(TokenStream stream, int steps) {
        if (steps < 1) {
            throw new RnnlmException("the evaluation chunk length must be at least 1, got " + steps);
        }
        if (stream.length() < 2) {
            throw new RnnlmException("an evaluation stream needs at least 2 tokens (one prediction), got "
                    + stream.length() + ": use a longer evaluation text");
        }
        this.ids = stream.array();
        this.steps = steps;
        this.inputs = new int[steps];
        this.targets = new int[steps];
    }

    /** Fills the next chunk and returns true, or returns false when every id has been predicted. */
    public boolean next() {
        int n = ids.length - 1;
        if (next >= n) {
            length = 0;
            return false;
        }
        length = Math.min(steps, n - next);
        System.arraycopy(ids, next, inputs, 0, length);
        System.arraycopy(ids, next + 1, targets, 0, length);
        if (length < steps) {
            Arrays.fill(inputs, length, steps, 0);
            Arrays.fill(targets, length, steps, -1);
        }
        next += length;
        return true;
    }

    /** Valid steps in the current chunk: T, except possibly for the last chunk. */
    public int length() {
        return length;
    }

    /** Inputs of the current chunk, (T,); padding from length() on. Overwritten by next(). */
    public int[] inputs() {
        return inputs;
    }

    /** Targets of the current chunk, (T,); -1 from length() on. */
    public int[] targets() {
        return targets;
    }

    /** Whether the current chunk is the first (evaluation starts from the zero state). */
    public boolean isFirst() {
        return length > 0 && next == length;
    }

    /** N - 1: the predictions over the whole stream, the divisor of the mean NLL. */
    public long predictions() {
        return ids.length - 1;
    }

    /** ceil((N-1) / T). */
    public int chunks() {
        return (int) ((predictions() + steps - 1) / steps);
    }

    /** T. */
    public int steps() {
        return steps;
    }

    /** Back to before the first chunk. */
    public void reset() {
        next = 0;
        length = 0;
    }
}
