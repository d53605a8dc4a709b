/*
 * Batches: where a minibatch trainer's windows come from — time-major inputs/targets (index t*B + b,
 * target < 0 = padding) — and whether the recurrent state is carried from one batch to the next.
 *
 *   streams()    contiguous streams in windows of T, state carried, zeroed at a new pass (char-rnn)
 *   sentences()  sentences of similar length padded into batches, each from a zero state
 */
package org.rnnlm4j.train;

import java.util.List;
import org.rnnlm4j.data.batch.SentenceBatcher;
import org.rnnlm4j.data.batch.StreamBatcher;
import org.rnnlm4j.data.batch.TokenStream;

public interface Batches {
    void next();

    int[] inputs();

    int[] targets();

    /** T of the current batch. */
    int steps();

    /** B of the current batch (the last sentence batch of an epoch may be short). */
    int rows();

    /** Real (non-padding) targets in the current batch. */
    long tokens();

    /** Whether the state after a batch is the next batch's initial state. */
    boolean carriesState();

    /** Whether the current batch begins a pass over the data (state is zeroed there). */
    boolean startsNewPass();

    /** 0-based pass (epoch) of the current batch. */
    long pass();

    int batchesPerPass();

    /** Where the next batch comes from, as text (for checkpoints); seek() goes back there. */
    String position();

    void seek(String position);

    /**
     * The same data reversed, batched the same way: the windows (or sentence batches) of the mirror
     * image, in lockstep with these (same steps, rows and positions) — for a right-to-left model.
     */
    Batches reversed();

    /** Sentences [START, w1..wn, END] as [END, wn..w1, START] (new arrays). */
    static List<int[]> reverseEach(List<int[]> sentences) {
        List<int[]> r = new java.util.ArrayList<>(sentences.size());
        for (int[] s : sentences) {
            int[] m = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                m[i] = s[s.length - 1 - i];
            }
            r.add(m);
        }
        return r;
    }

    static Batches streams(TokenStream stream, int batch, int bptt) {
        StreamBatcher b = new StreamBatcher(stream, batch, bptt);
        return new Batches() {
            public void next() { b.next(); }
            public int[] inputs() { return b.inputs(); }
            public int[] targets() { return b.targets(); }
            public int steps() { return b.steps(); }
            public int rows() { return b.batchSize(); }
            public long tokens() { return (long) b.steps() * b.batchSize(); }
            public boolean carriesState() { return true; }
            public boolean startsNewPass() { return b.startsNewPass(); }
            public long pass() { return b.pass(); }
            public int batchesPerPass() { return b.windowsPerPass(); }
            public String position() { return Long.toString(b.position()); }
            public void seek(String p) { b.seek(Long.parseLong(p)); }
            public Batches reversed() { return streams(stream.reversed(), batch, bptt); }
        };
    }

    static Batches sentences(List<int[]> sentences, int batch, int padInput, long seed) {
        SentenceBatcher b = new SentenceBatcher(sentences, batch, padInput, seed);
        return new Batches() {
            public void next() { b.next(); }
            public int[] inputs() { return b.inputs(); }
            public int[] targets() { return b.targets(); }
            public int steps() { return b.steps(); }
            public int rows() { return b.rows(); }
            public long tokens() { return b.tokens(); }
            public boolean carriesState() { return false; }
            public boolean startsNewPass() { return b.startsNewEpoch(); }
            public long pass() { return b.current().epoch(); }
            public int batchesPerPass() { return b.batchesPerEpoch(); }
            public String position() { return b.position().epoch() + ":" + b.position().batch(); }
            public void seek(String p) {
                String[] f = p.split(":");
                b.seek(new SentenceBatcher.Position(Long.parseLong(f[0]), Integer.parseInt(f[1])));
            }
            public Batches reversed() { return sentences(reverseEach(sentences), batch, padInput, seed); }
        };
    }
}
