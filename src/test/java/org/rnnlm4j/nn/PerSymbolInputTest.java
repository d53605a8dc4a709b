/*
 * PerSymbolInputTest: a first layer told that its input rows are embedding rows (TokenRows) works
 * per symbol when the vocabulary is at most half the positions, and gives what the per-position
 * path gives, up to float rounding: outputs, dLoss/dh0, every weight gradient and the embedding's
 * gradient (which it adds itself, touching only the rows used; backward then returns null). For
 * every cell, 1 to 3 layers, both directions, pipelined pairs (two threads) and one thread, both
 * kernel families; also under fused SGD, where the sinks are the weights themselves; and it keeps to
 * the per-position path, bit for bit, when the vocabulary is too large for the batch.
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.nn.RecurrentCase.Spec;
import org.rnnlm4j.testutil.KernelsUnderTest;

class PerSymbolInputTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** One run's results: outputs, dh0, then each weight's gradient (or updated values), the table's last. */
    private static List<float[]> run(Spec s, Kernels k, int V, int T, int B, boolean perSymbol, float fusedLr) {
        Map<String, Param> p = RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, 11, 0.5));
        Param table = new Param("embedding.weight", RecurrentLayerTest.random(V * s.E(), 5), V, s.E());
        List<Param> all = new ArrayList<>(p.values());
        all.add(table);
        if (fusedLr > 0) {
            all.forEach(q -> q.sinkIntoWeights(fusedLr));
        }
        StackedRecurrent st = RecurrentParams.stack(p, "", Cell.of(s.cell()), s.L(), s.reverse(), 0f, null, k);
        Embedding emb = new Embedding(table);
        int n = T * B;
        int[] tokens = new int[n];
        NumpyRandom rng = new NumpyRandom(7);
        for (int i = 0; i < n; i++) {
            tokens[i] = (int) rng.uniform(0, V - 2);   // the last two symbols never occur
        }
        float[] x = new float[n * s.E()];
        emb.forward(tokens, n, x);
        int states = s.L() * B * s.H();
        float[] h0 = RecurrentLayerTest.random(states, 1);
        float[] c0 = s.lstm() ? RecurrentLayerTest.random(states, 2) : null;
        float[] out = st.forward(x, 0, perSymbol ? new TokenRows(emb, tokens) : null, T, B, h0, c0);
        assertEquals(perSymbol && 2 * V <= n, st.layer(0).workedPerSymbol(), "worked per symbol");
        float[] outs = java.util.Arrays.copyOfRange(out, st.outputOffset(), st.outputOffset() + n * s.H());
        float[] dX = st.backward(RecurrentLayerTest.random(n * s.H(), 3), 0, null, null);
        if (st.layer(0).workedPerSymbol()) {
            assertNull(dX, "dX went into the table");
        } else {
            emb.backward(tokens, n, dX, k);
        }
        float[] dh0 = new float[states];
        st.initialStateGrad(dh0);
        List<float[]> r = new ArrayList<>(List.of(outs, dh0));
        for (Param q : all) {
            r.add((fusedLr > 0 ? q.w : q.grad()).clone());
        }
        return r;
    }

    private static void assertClose(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i);
            float[] a = actual.get(i);
            double scale = 0;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < e.length; j++) {
                double tol = 1e-6 + 2e-5 * scale;
                if (Math.abs(e[j] - a[j]) > tol) {
                    throw new AssertionError(what + " part " + i + " element " + j + ": " + a[j] + " per symbol, "
                            + e[j] + " per position (tolerance " + tol + ")");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} L={1} reverse={2} V={3} T={4} B={5} threads={6} {7}")
    @CsvSource({
        "lstm,2,false,11,24,3,2,vector", "lstm,2,true,11,24,3,1,scalar", "lstm,1,false,7,16,2,2,scalar",
        "gru,2,false,9,20,2,2,scalar", "gru,3,true,9,20,2,2,vector",
        "rnn_tanh,2,false,13,30,1,2,vector", "rnn_relu,1,true,5,12,3,1,vector"})
    void perSymbolGivesThePerPositionResults(String cell, int L, boolean reverse, int V, int T, int B, int threads,
                                             String kernels) {
        Kernels k = KernelsUnderTest.named(kernels);
        Spec s = new Spec(cell, 6, 40, L, false, reverse, true);
        Parallel.setThreads(threads);
        List<float[]> perPosition = run(s, k, V, T, B, false, 0f);
        List<float[]> perSymbol = run(s, k, V, T, B, true, 0f);
        assertClose(perPosition, perSymbol, s.toString());
        float[] tableGrad = perSymbol.get(perSymbol.size() - 1);
        for (int j = (V - 2) * s.E(); j < V * s.E(); j++) {
            assertEquals(0f, tableGrad[j], "rows of symbols that never occur stay untouched");
        }
    }

    /** Fused SGD (sinks = weights): per symbol reads the table and W_ih as forward saw them, as the per-position path does. */
    @Test
    void fusedSgdUpdatesAsThePerPositionPathDoes() {
        Kernels k = KernelsUnderTest.named("scalar");
        Spec s = new Spec("lstm", 6, 40, 2, false, false, true);
        Parallel.setThreads(2);
        assertClose(run(s, k, 11, 24, 3, false, 0.5f), run(s, k, 11, 24, 3, true, 0.5f), "fused SGD");
    }

    @Test
    void aVocabularyLargerThanHalfThePositionsKeepsThePerPositionBits() {
        Kernels k = KernelsUnderTest.named("scalar");
        Spec s = new Spec("gru", 6, 40, 2, false, false, true);
        Parallel.setThreads(2);
        List<float[]> a = run(s, k, 40, 24, 3, false, 0f);
        List<float[]> b = run(s, k, 40, 24, 3, true, 0f);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "part " + i);
        }
    }
}
