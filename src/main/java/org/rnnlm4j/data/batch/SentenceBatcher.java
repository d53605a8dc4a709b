/*
 * SentenceBatcher: whole sentences, B at a time, grouped by length and padded, for sentence-mode
 * training (each sentence starts from the zero state; no state is carried between batches).
 *
 * Contract: the sentences are id arrays as Corpus.encode gives them ([START, tokens..., END], at
 * least 2 ids); a sentence of n ids gives n-1 steps: inputs ids[0..n-2], targets ids[1..n-1]. The
 * order of an epoch is BucketOrder's (seeded shuffle, length-sorted pools of 50*B by default, batch
 * order shuffled), a function of (seed, epoch) alone, so position() = (epoch, batch) restores it
 * exactly. A batch of R <= B sentences (R < B only for one batch when B does not divide the count)
 * is padded to its longest sentence's steps T: inputs with padInput (the END id, or 0), targets
 * with -1, which SoftmaxOutput ignores. Buffers are sized once for the longest sentence and reused;
 * next() allocates only when it enters a new epoch (the order, O(n)). The sentence arrays are not
 * copied: they must not change while the batcher is in use. Not thread-safe.
 */
package org.rnnlm4j.data.batch;

import java.util.List;

import org.rnnlm4j.RnnlmException;

/**
 * Sentence batches, time-major, padded.
 *
 * <pre>{@code
 * batch of R sentences, T = max over rows of (n_b - 1), stride R:
 *
 *            t:   0     1     2    ...  T-1
 *   row 0 (n=5):  S     a     b    c   | pad    inputs [t*R + 0]     targets: a  b  c  E  -1
 *   row 1 (n=4):  S     d     e   | pad  pad    inputs [t*R + 1]     targets: d  e  E  -1 -1
 *   row 2 (n=6):  S     f     g    h    i       inputs [t*R + 2]     targets: f  g  h  i  E
 *
 * inputs (T, R), targets (T, R): index t*R + b; lengths[b] = n_b - 1 steps hold real targets.
 * Only the first T*R entries of inputs() and targets() and the first R of lengths() and
 * sentenceIds() belong to the current batch (the buffers are sized for the longest sentence).
 * }</pre>
 */
public final class SentenceBatcher {

    /** Default pool size in batches: sentences are length-sorted within pools of 50*B. */
    public static final int DEFAULT_POOL_BATCHES = 50;

    /** Where the batcher stands: next() fills batch {@code batch} of epoch {@code epoch}. */
    public record Position(long epoch, int batch) {
    }

    private final List<int[]> sentences;
    private final int batch;          // B, rows of a full batch
    private final int padInput;
    private final BucketOrder bucketOrder;
    private final int batchCount;     // batches per epoch, ceil(n / B)
    private final int[] inputs;       // (T, R) within (maxT, B)
    private final int[] targets;      // (T, R) within (maxT, B)
    private final int[] lengths;      // (R,) within (B,)
    private final int[] sentenceIds;  // (R,) within (B,)
    private final int[] order;        // (n,) sentence indices of the cached epoch, batch after batch
    private final int[] starts;       // (batchCount + 1,)
    private long orderEpoch = -1;     // the epoch in order/starts, -1 for none
    private long epoch;
    private int index;                // the batch next() fills, 0 .. batchCount-1
    private long currentEpoch = -1;   // the batch in the buffers: epoch, -1 before next()
    private int currentIndex;         // ... and index
    private int rows;                 // R
    private int steps;                // T

    public SentenceBatcher(List<int[]> sentences, int batchSize, int padInput, long seed) {
        this(sentences, batchSize, padInput, seed, DEFAULT_POOL_BATCHES);
    }

    /**
     * {@code batchSize} B sentences per batch, {@code padInput} the id of padded inputs (the END id,
     * or 0), {@code seed} the order's seed, {@code poolBatches} the pool size in batches of B.
     */
    public SentenceBatcher(List<int[]> sentences, int batchSize, int padInput, long seed, int poolBatches) {
        if (batchSize < 1 || poolBatches < 1) {
            throw new RnnlmException("batch size and pool size must be at least 1, got B=" + batchSize
                    + " and pool=" + poolBatches + " batches");
        }
        if (sentences.isEmpty()) {
            throw new RnnlmException("no sentences to batch: the training text yielded none");
        }
        if (padInput < 0) {
            throw new RnnlmException("the padding input id must be a vocabulary id (>= 0), got " + padInput);
        }
        this.sentences = List.copyOf(sentences);
        this.batch = batchSize;
        this.padInput = padInput;
        int[] stepCounts = new int[sentences.size()];
        int maxSteps = 0;
        for (int i = 0; i < stepCounts.length; i++) {
            int[] s = this.sentences.get(i);
            if (s.length < 2) {
                throw new RnnlmException("sentence " + i + " has " + s.length + " id(s): a sentence needs at least 2 "
                        + "(START ... END) to predict anything; build sentences with Corpus.encode");
            }
            stepCounts[i] = s.length - 1;
            maxSteps = Math.max(maxSteps, stepCounts[i]);
        }
        this.bucketOrder = new BucketOrder(stepCounts, batchSize, poolBatches, seed);
        this.batchCount = bucketOrder.batches();
        this.inputs = new int[Math.multiplyExact(maxSteps, batchSize)];
        this.targets = new int[inputs.length];
        this.lengths = new int[batchSize];
        this.sentenceIds = new int[batchSize];
        this.order = new int[stepCounts.length];
        this.starts = new int[batchCount + 1];
    }

    /** Fills the buffers with batch position() and advances, to the next epoch after its last batch. */
    public void next() {
        if (orderEpoch != epoch) {
            bucketOrder.fill(epoch, order, starts);
            orderEpoch = epoch;
        }
        int from = starts[index];
        rows = starts[index + 1] - from;
        steps = 0;
        for (int b = 0; b < rows; b++) {
            sentenceIds[b] = order[from + b];
            lengths[b] = sentences.get(sentenceIds[b]).length - 1;
            steps = Math.max(steps, lengths[b]);
        }
        for (int b = 0; b < rows; b++) {
            int[] s = sentences.get(sentenceIds[b]);
            int n = lengths[b];
            for (int t = 0; t < steps; t++) {
                int at = t * rows + b;
                inputs[at] = t < n ? s[t] : padInput;
                targets[at] = t < n ? s[t + 1] : -1;
            }
        }
        currentEpoch = epoch;
        currentIndex = index;
        if (++index == batchCount) {
            index = 0;
            epoch++;
        }
    }

    /** Inputs of the current batch, (T, R) time-major: index t*R + b; padInput past each row's length. */
    public int[] inputs() {
        return inputs;
    }

    /** Targets of the current batch, (T, R) time-major; -1 past each row's length. */
    public int[] targets() {
        return targets;
    }

    /** Steps with a real target per row, (R,): the row's sentence length minus 1. */
    public int[] lengths() {
        return lengths;
    }

    /** The index (in the list given to the constructor) of each row's sentence, (R,). */
    public int[] sentenceIds() {
        return sentenceIds;
    }

    /** R, the sentences in the current batch: B, or fewer for the one short batch of an epoch. */
    public int rows() {
        requireCurrent();
        return rows;
    }

    /** T, the steps of the current batch: its longest row's length. */
    public int steps() {
        requireCurrent();
        return steps;
    }

    /** The real targets of the current batch (sum of lengths()): the divisor of a mean loss. */
    public long tokens() {
        requireCurrent();
        long sum = 0;
        for (int b = 0; b < rows; b++) {
            sum += lengths[b];
        }
        return sum;
    }

    /** Whether the current batch is the first of its epoch. */
    public boolean startsNewEpoch() {
        requireCurrent();
        return currentIndex == 0;
    }

    /** Epoch and index of the current batch. */
    public Position current() {
        requireCurrent();
        return new Position(currentEpoch, currentIndex);
    }

    /** The batch the next next() fills; given to seek(), the batches continue exactly. */
    public Position position() {
        return new Position(epoch, index);
    }

    /** Continues at {@code position} (from position()); the buffers keep their content until next(). */
    public void seek(Position position) {
        if (position.epoch() < 0 || position.batch() < 0 || position.batch() >= batchCount) {
            throw new RnnlmException("sentence batch position " + position + " is outside epochs >= 0 and batches 0.."
                    + (batchCount - 1) + ": the checkpoint is damaged or was made with other data or batch size");
        }
        epoch = position.epoch();
        index = position.batch();
        currentEpoch = -1;
    }

    /** ceil(n / B). */
    public int batchesPerEpoch() {
        return batchCount;
    }

    /** B. */
    public int batchSize() {
        return batch;
    }

    /** The number of sentences. */
    public int sentenceCount() {
        return sentences.size();
    }

    private void requireCurrent() {
        if (currentEpoch < 0) {
            throw new IllegalStateException("no current batch: call next() first");
        }
    }
}
