/*
 * SentenceBatcherTest: the padded time-major layout, every sentence once per epoch, similar lengths
 * within a batch, seeded reproducibility and an exact resume position, on tiny data and on PTB valid.
 */
package org.rnnlm4j.data.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.Corpus;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;

class SentenceBatcherTest {

    static final int PAD = 99;

    /** PTB valid as the tutorial pipeline encodes it: [START, words..., END] per line. */
    static List<int[]> ptbSentences() {
        Corpus corpus = Corpus.load(Path.of("data/ptb/ptb.valid.txt"), TextConfig.lines());
        Vocabulary vocab = corpus.buildVocabulary(10_000);
        return corpus.encode(vocab);
    }

    @Test
    void aBatchIsPaddedTimeMajorWithMaskedTargets() {
        // one batch of all three: rows sorted by length inside the pool -> lengths 2, 3, 4 (steps)
        List<int[]> sentences = List.of(new int[] {0, 5, 6, 7, 1}, new int[] {0, 8, 1}, new int[] {0, 2, 3, 1});
        SentenceBatcher s = new SentenceBatcher(sentences, 3, PAD, 7);
        assertEquals(1, s.batchesPerEpoch());
        s.next();
        assertEquals(3, s.rows());
        assertEquals(4, s.steps());
        assertArrayEquals(new int[] {1, 2, 0}, Arrays.copyOf(s.sentenceIds(), 3));
        assertArrayEquals(new int[] {2, 3, 4}, Arrays.copyOf(s.lengths(), 3));
        assertEquals(9, s.tokens());
        assertArrayEquals(new int[] {
            0, 0, 0,        // t=0: rows 1, 2, 0 (sentence ids)
            8, 2, 5,        // t=1
            PAD, 3, 6,      // t=2
            PAD, PAD, 7},   // t=3
            Arrays.copyOf(s.inputs(), 12));
        assertArrayEquals(new int[] {
            8, 2, 5,
            1, 3, 6,
            -1, 1, 7,
            -1, -1, 1},
            Arrays.copyOf(s.targets(), 12));
        assertTrue(s.startsNewEpoch());
    }

    @Test
    void everySentenceOnceEachEpochWithMaskedPaddingOnPtb() {
        List<int[]> sentences = ptbSentences();
        assertEquals(3370, sentences.size());
        SentenceBatcher s = new SentenceBatcher(sentences, 20, PAD, 42);
        assertEquals(169, s.batchesPerEpoch()); // ceil(3370 / 20), one batch of 10
        List<String> epochOrders = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] seen = new int[sentences.size()];
            int shortBatches = 0;
            StringBuilder order = new StringBuilder();
            for (int k = 0; k < s.batchesPerEpoch(); k++) {
                s.next();
                assertEquals(k == 0, s.startsNewEpoch());
                assertEquals(new SentenceBatcher.Position(epoch, k), s.current());
                int r = s.rows();
                shortBatches += r < 20 ? 1 : 0;
                for (int b = 0; b < r; b++) {
                    int id = s.sentenceIds()[b];
                    seen[id]++;
                    order.append(id).append(' ');
                    int[] sentence = sentences.get(id);
                    assertEquals(sentence.length - 1, s.lengths()[b]);
                    for (int t = 0; t < s.steps(); t++) {
                        boolean real = t < s.lengths()[b];
                        assertEquals(real ? sentence[t] : PAD, s.inputs()[t * r + b]);
                        assertEquals(real ? sentence[t + 1] : -1, s.targets()[t * r + b]);
                    }
                }
            }
            assertEquals(1, shortBatches);
            for (int count : seen) {
                assertEquals(1, count);
            }
            epochOrders.add(order.toString());
        }
        assertNotEquals(epochOrders.get(0), epochOrders.get(1), "each epoch has its own order");
        assertEquals(new SentenceBatcher.Position(2, 0), s.position());
    }

    @Test
    void lengthsAreSimilarWithinABatch() {
        List<int[]> sentences = ptbSentences();
        double bucketed = paddingShare(new SentenceBatcher(sentences, 20, PAD, 1));
        double unbucketed = paddingShare(new SentenceBatcher(sentences, 20, PAD, 1, 1)); // pools of one batch
        // PTB valid lines hold 1 to 74 words: random batches of 20 are about half padding (0.49),
        // length-sorted pools of 50 batches about 0.035
        assertTrue(unbucketed > 0.4, "unbucketed padding share " + unbucketed);
        assertTrue(bucketed < 0.05, "bucketed padding share " + bucketed);
    }

    private static double paddingShare(SentenceBatcher s) {
        long cells = 0;
        long real = 0;
        for (int k = 0; k < s.batchesPerEpoch(); k++) {
            s.next();
            cells += (long) s.rows() * s.steps();
            real += s.tokens();
        }
        return 1.0 - (double) real / cells;
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndAnotherSeedOthers() {
        List<int[]> sentences = ptbSentences();
        assertEquals(trace(new SentenceBatcher(sentences, 16, PAD, 5), 400),
                trace(new SentenceBatcher(sentences, 16, PAD, 5), 400));
        assertNotEquals(trace(new SentenceBatcher(sentences, 16, PAD, 5), 50),
                trace(new SentenceBatcher(sentences, 16, PAD, 6), 50));
    }

    @Test
    void seekingToASavedPositionContinuesExactlyAcrossEpochs() {
        List<int[]> sentences = ptbSentences();
        SentenceBatcher a = new SentenceBatcher(sentences, 32, PAD, 9); // 106 batches per epoch
        for (int k = 0; k < 200; k++) {
            a.next();
        }
        SentenceBatcher.Position saved = a.position();
        assertEquals(new SentenceBatcher.Position(1, 94), saved);
        String expected = trace(a, 30); // crosses into epoch 2

        SentenceBatcher b = new SentenceBatcher(sentences, 32, PAD, 9);
        b.seek(saved);
        assertThrows(IllegalStateException.class, b::rows);
        assertEquals(expected, trace(b, 30));
        assertEquals(a.position(), b.position());
        assertThrows(RnnlmException.class, () -> b.seek(new SentenceBatcher.Position(0, 106)));
        assertThrows(RnnlmException.class, () -> b.seek(new SentenceBatcher.Position(-1, 0)));
    }

    @Test
    void invalidInputIsAOneLineError() {
        RnnlmException e = assertThrows(RnnlmException.class,
                () -> new SentenceBatcher(List.of(new int[] {0, 1}, new int[] {0}), 2, 0, 1));
        assertTrue(e.getMessage().startsWith("sentence 1 has 1 id(s)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(RnnlmException.class, () -> new SentenceBatcher(List.of(), 2, 0, 1));
        assertThrows(RnnlmException.class, () -> new SentenceBatcher(List.of(new int[] {0, 1}), 0, 0, 1));
    }

    /** The next {@code batches} batches' sentence ids and targets, as text. */
    private static String trace(SentenceBatcher s, int batches) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < batches; k++) {
            s.next();
            sb.append(s.current()).append(Arrays.toString(Arrays.copyOf(s.sentenceIds(), s.rows())))
                    .append(Arrays.toString(Arrays.copyOf(s.targets(), s.rows() * s.steps()))).append('\n');
        }
        return sb.toString();
    }
}
