/*
 * BucketOrder: the seeded order in which an epoch visits sentences, as batches of similar length.
 *
 * Contract: a pure function of (sentence lengths, B, pool, seed, epoch), so any epoch's order can be
 * recomputed from its number alone (exact resume needs no saved RNG state). For epoch e:
 *   1. rng = NumpyRandom(epochSeed(seed, e)); shuffle the indices 0..n-1 (Fisher-Yates);
 *   2. cut the shuffled list into pools of P = poolBatches * B consecutive sentences; stable-sort
 *      each pool by length (ties keep the shuffled order); cut each pool into batches of B;
 *   3. shuffle the order of the batches with the same rng, so long batches are not bunched.
 * Every sentence appears in exactly one batch per epoch; there are ceil(n / B) batches, all of B
 * sentences except one of n mod B (the last pool's last batch, wherever step 3 puts it) when B does
 * not divide n.
 * Bucketing of this kind: torchtext's BucketIterator, fairseq's length-sorted batches.
 */
package org.rnnlm4j.data.batch;

import java.util.Arrays;

import org.rnnlm4j.math.NumpyRandom;

final class BucketOrder {

    private final int[] lengths; // (n,) the length of each sentence, the sort key
    private final int batch;     // B
    private final int pool;      // P = poolBatches * B
    private final long seed;

    BucketOrder(int[] lengths, int batch, int poolBatches, long seed) {
        assert batch >= 1 && poolBatches >= 1;
        this.lengths = lengths.clone();
        this.batch = batch;
        this.pool = Math.multiplyExact(poolBatches, batch);
        this.seed = seed;
    }

    int batches() {
        return (lengths.length + batch - 1) / batch;
    }

    /**
     * Epoch {@code epoch}'s batches as sentence indices, batch after batch: batch k is
     * order[starts[k] .. starts[k+1]). {@code order} (n,) and {@code starts} (batches()+1,) are filled.
     */
    void fill(long epoch, int[] order, int[] starts) {
        int n = lengths.length;
        NumpyRandom rng = new NumpyRandom(epochSeed(seed, epoch));
        int[] shuffled = new int[n];
        for (int i = 0; i < n; i++) {
            shuffled[i] = i;
        }
        rng.shuffle(shuffled);

        // pools sorted by (length, shuffled rank): one long key per sentence keeps the sort stable
        long[] keys = new long[Math.min(pool, n)];
        int[] sorted = new int[n];
        for (int from = 0; from < n; from += pool) {
            int size = Math.min(pool, n - from);
            for (int i = 0; i < size; i++) {
                keys[i] = ((long) lengths[shuffled[from + i]] << 32) | i;
            }
            Arrays.sort(keys, 0, size);
            for (int i = 0; i < size; i++) {
                sorted[from + i] = shuffled[from + (int) keys[i]];
            }
        }

        // batches of B within each pool; only a pool's last batch can be short (the last pool's)
        int count = batches();
        int[] batchStart = new int[count];
        int[] batchSize = new int[count];
        int k = 0;
        for (int from = 0; from < n; from += pool) {
            int end = Math.min(from + pool, n);
            for (int s = from; s < end; s += batch) {
                batchStart[k] = s;
                batchSize[k] = Math.min(batch, end - s);
                k++;
            }
        }
        assert k == count : "pools are whole multiples of B";

        int[] visit = new int[count];
        for (int i = 0; i < count; i++) {
            visit[i] = i;
        }
        rng.shuffle(visit);
        int at = 0;
        for (int i = 0; i < count; i++) {
            starts[i] = at;
            System.arraycopy(sorted, batchStart[visit[i]], order, at, batchSize[visit[i]]);
            at += batchSize[visit[i]];
        }
        starts[count] = at;
    }

    /** A 32-bit NumpyRandom seed for each (seed, epoch), mixed by SplitMix64's finalizer. */
    static long epochSeed(long seed, long epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & 0xFFFFFFFFL;
    }
}
