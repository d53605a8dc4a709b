/*
 * Sampler on hand-made logits: each processor does what DecodingOptions says (temperature, top-k,
 * top-p, CTRL repetition penalty, n-gram bans, the unknown/start/end bans), greedy takes the
 * argmax, best(k) ranks, and draws follow the processed distribution (20,000 seeded draws).
 */
package org.rnnlm4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.NumpyRandom;

class SamplerTest {
    // ids: a b c d SENTENCE_START SENTENCE_END UNKNOWN_TOKEN (Vocabulary.build keeps first-occurrence order on ties)
    static final Vocabulary V = Vocabulary.build(List.of(List.of("a", "b", "c", "d", Vocabulary.START, Vocabulary.END)), 7);
    static final int A = V.id("a");
    static final int B = V.id("b");
    static final int C = V.id("c");
    static final int D = V.id("d");

    /** p(a..d) = .5 .3 .15 .05 up to the tiny mass of the markers; the unknown symbol has the largest logit. */
    static float[] logits() {
        float[] l = new float[V.size()];
        l[A] = (float) Math.log(0.5);
        l[B] = (float) Math.log(0.3);
        l[C] = (float) Math.log(0.15);
        l[D] = (float) Math.log(0.05);
        l[V.startId()] = 5f;
        l[V.unknownId()] = 6f;
        l[V.endId()] = -30f;
        return l;
    }

    static Sampler sampler(DecodingOptions.Builder b, int... context) {
        Sampler s = new Sampler(V, b.build());
        s.next(logits(), context, context.length, true);
        return s;
    }

    static double[] frequencies(Sampler s, int draws) {
        NumpyRandom rng = new NumpyRandom(1);
        double[] f = new double[V.size()];
        for (int i = 0; i < draws; i++) {
            f[s.draw(rng)] += 1.0 / draws;
        }
        return f;
    }

    @Test
    void drawsFollowTheAllowedDistributionAtTemperature() {
        double t = 0.5;
        double[] f = frequencies(sampler(DecodingOptions.builder().temperature(t)), 20000);
        double z = Math.pow(0.5, 1 / t) + Math.pow(0.3, 1 / t) + Math.pow(0.15, 1 / t) + Math.pow(0.05, 1 / t);
        assertEquals(Math.pow(0.5, 1 / t) / z, f[A], 0.01);
        assertEquals(Math.pow(0.3, 1 / t) / z, f[B], 0.01);
        assertEquals(Math.pow(0.15, 1 / t) / z, f[C], 0.01);
        assertEquals(0, f[V.unknownId()]);
        assertEquals(0, f[V.startId()]);
    }

    @Test
    void topKAndTopPKeepOnlyTheHead() {
        double[] k2 = frequencies(sampler(DecodingOptions.builder().topK(2)), 4000);
        assertTrue(k2[A] > 0.55 && k2[B] > 0.3 && k2[C] == 0 && k2[D] == 0, java.util.Arrays.toString(k2));
        double[] p75 = frequencies(sampler(DecodingOptions.builder().topP(0.75)), 4000);
        assertTrue(p75[A] > 0 && p75[B] > 0 && p75[C] == 0, java.util.Arrays.toString(p75));   // .5 + .3 reaches .75
        double[] p85 = frequencies(sampler(DecodingOptions.builder().topP(0.85)), 20000);
        assertEquals(0.15 / 0.95, p85[C], 0.01);
        assertEquals(0, p85[D]);
    }

    @Test
    void greedyTakesTheMostProbableAllowedToken() {
        Sampler s = sampler(DecodingOptions.builder().greedy());
        assertEquals(A, s.greedy());
        assertEquals(A, s.draw(new NumpyRandom(3)));
        assertArrayEquals(new int[] {A, B, C}, s.best(3));
    }

    @Test
    void logProbsAreTheModelsAndBansAreMinusInfinity() {
        Sampler s = sampler(DecodingOptions.builder());
        double lse = Math.log(1 + Math.exp(5) + Math.exp(6) + Math.exp(-30));
        assertEquals(Math.log(0.3) - lse, s.modelLogProb(B), 1e-6);
        assertEquals(s.modelLogProb(B), s.logProb(B), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, s.logProb(V.unknownId()));
        assertEquals(6 - lse, s.modelLogProb(V.unknownId()), 1e-6);
        s.next(logits(), new int[0], 0, false);
        assertEquals(Double.NEGATIVE_INFINITY, s.logProb(V.endId()));
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        float[] l = logits();
        l[A] = 2f;
        l[D] = -1f;
        Sampler s = new Sampler(V, DecodingOptions.builder().repetitionPenalty(2).build());
        s.next(l, new int[] {A, D, A}, 3, true);
        assertEquals(1 - l[B], s.logProb(A) - s.logProb(B), 1e-6);
        assertEquals(-2 - l[B], s.logProb(D) - s.logProb(B), 1e-6);
        assertEquals(2f - l[B], s.modelLogProb(A) - s.modelLogProb(B), 1e-6, "the model's own log-probs stay as they were");
    }

    @Test
    void noRepeatNgramBansTokensThatWouldRepeatAnNgram() {
        Sampler s2 = sampler(DecodingOptions.builder().noRepeatNgram(2), A, B, A);
        assertEquals(Double.NEGATIVE_INFINITY, s2.logProb(B));
        assertTrue(s2.logProb(A) > Double.NEGATIVE_INFINITY && s2.logProb(C) > Double.NEGATIVE_INFINITY);
        Sampler s3 = sampler(DecodingOptions.builder().noRepeatNgram(3), A, B, C, A, B);
        assertEquals(Double.NEGATIVE_INFINITY, s3.logProb(C));
        assertTrue(s3.logProb(A) > Double.NEGATIVE_INFINITY);
        Sampler s1 = sampler(DecodingOptions.builder().noRepeatNgram(1), A, B, C, D);
        assertEquals(V.endId(), s1.greedy(), "every word was used: only the end is left");
        s1.next(logits(), new int[] {A, B, C, D}, 4, false);
        assertEquals(-1, s1.greedy(), "end not allowed either: nothing is");
        assertEquals(-1, s1.draw(new NumpyRandom(1)));
    }

    @Test
    void badOptionsAreOneLineErrorsNamingTheFlag() {
        for (Runnable bad : List.<Runnable>of(() -> DecodingOptions.builder().topP(1.5).build(),
                () -> DecodingOptions.builder().topP(0).build(),
                () -> DecodingOptions.builder().temperature(-1).build(),
                () -> DecodingOptions.builder().topK(-2).build(),
                () -> DecodingOptions.builder().repetitionPenalty(0).build(),
                () -> DecodingOptions.builder().beam(2).count(3).build(),
                () -> DecodingOptions.builder().beam(2).topP(0.9).build(),
                () -> DecodingOptions.builder().stop(List.of("")).build())) {
            RnnlmException e = assertThrows(RnnlmException.class, bad::run);
            assertTrue(e.getMessage().startsWith("--") && !e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(9, DecodingOptions.builder().minLength(9).maxLength(5).build().maxLength());
    }
}
