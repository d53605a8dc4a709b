/*
 * BatchScorer: the log-probabilities of many sequences computed together — sequences of similar
 * length grouped into batches of up to `batch` rows, each batch one forward pass over (T, B)
 * (per time step one GEMM over the batch), padding masked out, no gradient work.
 *
 *   sequences  ids_i = [x_0 .. x_n]  (each from a zero state; x_0 is the start symbol or first word)
 *   result     lp_i[j] = ln p(x_{j+1} | x_0 .. x_j),  j < n       (empty for fewer than 2 ids)
 *   batches    indices sorted by length, longest first (stable; the first batch sizes the buffers
 *              the others reuse), cut into runs of at most `batch` sequences and
 *              at most maxPositions() padded positions T * B (POSITION_FLOATS / H: the layers keep
 *              about a dozen floats per position and unit, so a few tens of MB per layer), so
 *              memory stays bounded for long sequences; a longer one is a batch of its own
 *
 * Each sequence's figures equal scoring it alone (Network.tokenLogProbs) up to float rounding — the
 * recurrent product of a batch of one is a matrix-vector product, of more rows a GEMM, summed in
 * another order — and bitwise for a batch of one. They do not depend on which other sequences
 * share the batch (each row of a GEMM is its own chain of multiply-adds).
 * Contract: one BatchScorer per thread (it uses the caller's Network); the model is only read.
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.rnnlm4j.model.Network;

public final class BatchScorer {
    /** T * B * H of one batch (padding included) is at most this: bounds the forward pass's buffers. */
    public static final int POSITION_FLOATS = 1 << 20;

    /** One batch: the indices of its sequences (into the list given to plan) and its steps T. */
    public record Batch(int[] members, int steps) {
        public int rows() {
            return members.length;
        }
    }

    private final Network net;
    private final int batch;
    private final int maxPositions;
    private int[] in = new int[0];      // (T*B) time-major inputs
    private int[] tgt = new int[0];     // (T*B) targets, -1 at padding
    private float[] lp = new float[0];  // (T*B)

    public BatchScorer(Network net, int batch) {
        if (batch < 1) {
            throw new org.rnnlm4j.RnnlmException("the batch size must be at least 1 (got " + batch + ")");
        }
        this.net = net;
        this.batch = batch;
        this.maxPositions = Math.max(1, POSITION_FLOATS / net.model().config().hidden());
    }

    /** The most sequences one batch holds. */
    public int batch() {
        return batch;
    }

    /** The most padded positions T * B one batch holds (unless one sequence alone is longer). */
    public int maxPositions() {
        return maxPositions;
    }

    /** ln p of every prediction of each sequence, in the order given (see the class comment). */
    public float[][] logProbs(List<int[]> sequences) {
        float[][] out = new float[sequences.size()][];
        for (Batch b : plan(sequences)) {
            run(b, sequences, out);
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = new float[0];
            }
        }
        return out;
    }

    /** The batches logProbs runs, in order: sequences with at least 2 ids, grouped by length, longest first. */
    public List<Batch> plan(List<int[]> sequences) {
        Integer[] order = new Integer[sequences.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> sequences.get(i).length).reversed());
        int end = order.length;
        while (end > 0 && sequences.get(order[end - 1]).length < 2) {
            end--;
        }
        List<Batch> batches = new ArrayList<>();
        for (int from = 0, to; from < end; from = to) {
            int steps = sequences.get(order[from]).length - 1;
            to = from + 1;
            while (to < end && to - from < batch && (long) (to - from + 1) * steps <= maxPositions) {
                to++;
            }
            int[] members = new int[to - from];
            for (int i = from; i < to; i++) {
                members[i - from] = order[i];
            }
            batches.add(new Batch(members, steps));
        }
        return batches;
    }

    /** Runs one batch of plan(sequences): out[member] := its log-probabilities (a new array each). */
    public void run(Batch b, List<int[]> sequences, float[][] out) {
        int rows = b.rows();
        int n = b.steps() * rows;
        if (in.length < n) {
            in = new int[n];
            tgt = new int[n];
            lp = new float[n];
        }
        Arrays.fill(in, 0, n, 0);
        Arrays.fill(tgt, 0, n, -1);
        for (int r = 0; r < rows; r++) {
            int[] ids = sequences.get(b.members()[r]);
            for (int t = 0; t < ids.length - 1; t++) {
                in[t * rows + r] = ids[t];
                tgt[t * rows + r] = ids[t + 1];
            }
        }
        net.targetLogProbs(in, tgt, b.steps(), rows, lp);
        for (int r = 0; r < rows; r++) {
            float[] mine = new float[sequences.get(b.members()[r]).length - 1];
            for (int t = 0; t < mine.length; t++) {
                mine[t] = lp[t * rows + r];
            }
            out[b.members()[r]] = mine;
        }
    }
}
