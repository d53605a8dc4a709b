/*
 * The library surface on tiny untrained models: Rnnlm.State reads tokens and agrees with scoring,
 * copies are independent forks, generate() from a state leaves it alone and equals generate(prime);
 * and one loaded Rnnlm hammered from several threads gives exactly the single-threaded results.
 */
package org.rnnlm4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.infer.DecodingOptions;
import org.rnnlm4j.infer.Sample;
import org.rnnlm4j.testutil.TinyModels;

class RnnlmApiTest {
    static final Rnnlm LM = Rnnlm.of(TinyModels.sentences());

    @Test
    void aStateReadsASentenceAsScoringDoes() {
        List<String> words = List.of("x", "z", "z", "y");
        Rnnlm.State s = LM.newState().advance(words);
        double ln = s.totalLogProb() + s.endLogProb();
        assertEquals(LM.scoreTokens(words).log10Prob() * Math.log(10), ln, 1e-5);
        assertEquals(LM.score("x z z y").log10Prob(), LM.scoreTokens(words).log10Prob(), 1e-12);
        assertEquals(words, s.tokens());
        double total = 0;
        for (double p : s.logProbs()) {
            total += Math.exp(p);
        }
        assertEquals(1, total, 1e-9);
        assertEquals(s.logProbs()[LM.model().vocabulary().id("y")], s.logProb("y"), 0);
        assertEquals(s.logProb("UNKNOWN_TOKEN"), s.logProb("never-seen"), 0, "unknown words read as the unknown symbol");
    }

    @Test
    void aCopyIsAnIndependentFork() {
        Rnnlm.State prefix = LM.newState().advance("x");
        double[] before = prefix.logProbs();
        Rnnlm.State a = prefix.copy().advance("y");
        Rnnlm.State b = prefix.copy().advance("z").advance("y");
        assertArrayEquals(before, prefix.logProbs(), 0);
        assertEquals(List.of("x"), prefix.tokens());
        assertEquals(LM.newState().advance(List.of("x", "y")).totalLogProb(), a.totalLogProb(), 0);
        assertEquals(LM.newState().advance(List.of("x", "z", "y")).totalLogProb(), b.totalLogProb(), 0);
        assertFalse(a.totalLogProb() == b.totalLogProb());
    }

    @Test
    void generatingFromAStateLeavesItAndEqualsGeneratingFromThePrime() {
        DecodingOptions o = DecodingOptions.builder().count(3).seed(9L).maxLength(12).build();
        Rnnlm.State s = LM.newState().advance(List.of("y", "x"));
        double[] before = s.logProbs();
        List<Sample> fromState = s.generate(o);
        assertArrayEquals(before, s.logProbs(), 0);
        assertEquals(fromState, LM.generate("y x", o));
        Sample first = fromState.get(0);
        Rnnlm.State replay = s.copy().advance(first.tokens());
        assertEquals(s.totalLogProb() + first.logProb(), replay.totalLogProb(), 1e-9, "a sample's logProb continues the state's");
    }

    @Test
    void anUnseenSymbolWithoutAnUnknownSymbolIsAOneLineError() {
        Rnnlm chars = Rnnlm.of(TinyModels.chars());
        RnnlmException e = assertThrows(RnnlmException.class, () -> chars.newState().advance("q"));
        assertTrue(e.getMessage().contains("\"q\"") && !e.getMessage().contains("\n"), e.getMessage());
        assertEquals(List.of("a", "b", "\n", "c"), chars.tokenize("ab\nc"));
    }

    /** Everything the API computes from one seed, as one comparable list. */
    static List<Object> work(int seed) {
        List<Object> out = new ArrayList<>();
        out.add(LM.score(seed % 2 == 0 ? "x y z" : "z z x y").log10Prob());
        out.add(LM.generate(DecodingOptions.builder().count(2).seed((long) seed).topP(0.9).build()));
        out.add(LM.generate("x", DecodingOptions.builder().beam(3).count(2).maxLength(6).build()));
        Rnnlm.State s = LM.newState();
        for (int i = 0; i < 5; i++) {
            s.advance(List.of("x", "y", "z").get((seed + i) % 3));
        }
        out.add(s.totalLogProb());
        out.add(List.of(s.copy().advance("x").logProbs()));
        return out;
    }

    @Test
    void oneModelServesManyThreadsWithTheSingleThreadedResults() throws Exception {
        int tasks = 48;
        List<List<Object>> expected = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            expected.add(work(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Object>>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < tasks; i++) {
                    int seed = i;
                    futures.add(pool.submit(() -> work(seed)));
                }
            }
            for (int f = 0; f < futures.size(); f++) {
                List<Object> got = futures.get(f).get();
                List<Object> want = expected.get(f % tasks);
                assertEquals(want.subList(0, 4), got.subList(0, 4), "task " + f);
                assertArrayEquals((double[]) ((List<?>) want.get(4)).get(0), (double[]) ((List<?>) got.get(4)).get(0), 0, "task " + f);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
