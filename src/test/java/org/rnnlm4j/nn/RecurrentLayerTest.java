/*
 * RecurrentLayer and StackedRecurrent beyond the math: step() (one-token inference) reproduces
 * forward(); buffers reused across calls of other (T,B) give what fresh instances give; backward adds
 * into gradients; a null dOut means zeros; step() between forward and backward does not disturb the
 * backward; bad shapes are refused with messages that say what was expected.
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.nn.RecurrentCase.Spec;
import org.rnnlm4j.testutil.KernelsUnderTest;

class RecurrentLayerTest {

    static float[] random(int n, long seed) {
        return RecurrentCase.floats(RecurrentCase.uniform(new NumpyRandom(seed), n, 1.0));
    }

    static StackedRecurrent stack(Spec s, long seed, Kernels k) {
        Map<String, Param> p = RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, seed, 0.5));
        return RecurrentParams.stack(p, "", Cell.of(s.cell()), s.L(), s.reverse(), 0f, null, k);
    }

    @ParameterizedTest(name = "{0} B={1} {2}")
    @CsvSource({"rnn_tanh,3,scalar", "rnn_relu,1,scalar", "gru,3,scalar", "gru,1,vector", "lstm,3,vector", "lstm,1,scalar"})
    void stepReproducesForward(String cell, int B, String kernels) {
        Spec s = new Spec(cell, 5, 6, 3, false, false, true);
        Kernels k = KernelsUnderTest.named(kernels);
        StackedRecurrent st = stack(s, 3, k);
        int T = 6;
        int n = s.L() * B * s.H();
        float[] x = random(T * B * s.E(), 4);
        float[] h0 = random(n, 5);
        float[] c0 = s.lstm() ? random(n, 6) : null;
        float[] out = st.forward(x, 0, T, B, h0, c0);
        int off = st.outputOffset();
        float[] h = h0.clone();
        float[] c = c0 == null ? null : c0.clone();
        int top = (s.L() - 1) * B * s.H();
        for (int t = 0; t < T; t++) {
            st.step(x, t * B * s.E(), B, h, c);
            float[] want = java.util.Arrays.copyOfRange(out, off + t * B * s.H(), off + (t + 1) * B * s.H());
            float[] got = java.util.Arrays.copyOfRange(h, top, top + B * s.H());
            Compare.close(cell + " step " + t, want, got, 1e-6, 1e-7);
        }
        float[] hN = new float[n];
        float[] cN = c == null ? null : new float[n];
        st.finalState(hN, cN);
        Compare.close(cell + " h_n", hN, h, 1e-6, 1e-7);
        if (c != null) {
            Compare.close(cell + " c_n", cN, c, 1e-6, 1e-7);
        }
    }

    /** forward + backward on fresh Params; returns {outputs, dX, dh0, every weight's gradient}. */
    static float[][] run(Spec s, StackedRecurrent st, Map<String, Param> p, int T, int B, long seed) {
        for (Param q : p.values()) {
            q.zeroGrad();
        }
        int n = s.L() * B * s.H();
        float[] x = random(T * B * s.E(), seed);
        float[] h0 = random(n, seed + 1);
        float[] c0 = s.lstm() ? random(n, seed + 2) : null;
        float[] dOut = random(T * B * s.H(), seed + 3);
        float[] out = st.forward(x, 0, T, B, h0, c0).clone();
        float[] outs = java.util.Arrays.copyOfRange(out, st.outputOffset(), st.outputOffset() + T * B * s.H());
        float[] dX = java.util.Arrays.copyOf(st.backward(dOut, 0, random(n, seed + 4), s.lstm() ? random(n, seed + 5) : null),
                T * B * s.E());
        float[] dh0 = new float[n];
        st.initialStateGrad(dh0);
        float[][] r = new float[3 + p.size()][];
        r[0] = outs;
        r[1] = dX;
        r[2] = dh0;
        int i = 3;
        for (Param q : p.values()) {
            r[i++] = q.grad().clone();
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "lstm", "rnn_tanh"})
    void reusedBuffersGiveWhatFreshOnesGive(String cell) {
        Spec s = new Spec(cell, 4, 5, 2, false, true, true);
        Kernels k = new ScalarKernels();
        Map<String, Param> shared = RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, 8, 0.5));
        StackedRecurrent reused = RecurrentParams.stack(shared, "", Cell.of(cell), s.L(), true, 0f, null, k);
        int[][] shapes = {{5, 3}, {2, 4}, {9, 2}, {1, 1}, {5, 3}};
        for (int[] tb : shapes) {
            float[][] a = run(s, reused, shared, tb[0], tb[1], 20 + tb[0]);
            Map<String, Param> fresh = RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, 8, 0.5));
            float[][] b = run(s, RecurrentParams.stack(fresh, "", Cell.of(cell), s.L(), true, 0f, null, k), fresh,
                    tb[0], tb[1], 20 + tb[0]);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(b[i], a[i], cell + " T=" + tb[0] + " B=" + tb[1] + " part " + i);
            }
        }
    }

    @Test
    void backwardAddsIntoGradients() {
        Spec s = new Spec("lstm", 3, 4, 1, false, false, true);
        Map<String, Param> p = RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, 2, 0.5));
        RecurrentLayer layer = RecurrentParams.layer(p, "", new LstmCell(), 0, false, new ScalarKernels());
        float[] x = random(4 * 2 * 3, 1);
        float[] dOut = random(4 * 2 * 4, 2);
        layer.forward(x, 0, 4, 2, null, null);
        layer.backward(dOut, null, null);
        Map<String, float[]> once = new java.util.LinkedHashMap<>();
        p.forEach((name, q) -> once.put(name, q.grad().clone()));
        layer.backward(dOut, null, null);
        for (Param q : p.values()) {
            float[] twice = q.grad();
            for (int i = 0; i < twice.length; i++) {
                assertTrue(Math.abs(twice[i] - 2 * once.get(q.name)[i]) <= 1e-6 * (1 + Math.abs(twice[i])), q.name + "[" + i + "]");
            }
        }
    }

    /**
     * Single-token steps read aligned copies of W_ih and W_hh after STEP_COPY_AFTER steps where the
     * JVM aligns arrays: the same bits as reading the Params, and after the weights change through
     * writable() the steps follow them (a copy that was not made again would differ from then on).
     */
    @ParameterizedTest
    @CsvSource({"vector,lstm,16,32", "vector,gru,7,5", "scalar,lstm,16,32"})
    void stepsFromAlignedWeightCopiesGiveTheSameBitsAndFollowWeightChanges(String kernels, String cell, int E, int H) {
        Kernels k = KernelsUnderTest.named(kernels);
        Spec s = new Spec(cell, E, H, 1, false, false, true);
        Map<String, double[]> w = RecurrentCase.randomWeights(s, 4, 0.5);
        Map<String, Param> pa = RecurrentCase.floatParams(s, w);
        Map<String, Param> pb = RecurrentCase.floatParams(s, w);
        RecurrentLayer a;
        RecurrentLayer b;
        float[] ha = new float[H];
        float[] ca = new float[H];
        float[] hb = new float[H];
        float[] cb = new float[H];
        float[] x = random(200 * E, 5);
        int steps = RecurrentLayer.STEP_COPY_AFTER + 100;
        try (org.rnnlm4j.math.AlignmentOverride aligned = org.rnnlm4j.math.AlignmentOverride.pad(12)) {
            a = RecurrentParams.layer(pa, "", Cell.of(cell), 0, false, k);
            b = RecurrentParams.layer(pb, "", Cell.of(cell), 0, false, k);
            for (int t = 0; t < steps; t++) {
                if (t == RecurrentLayer.STEP_COPY_AFTER + 50) {   // training moves the weights of both
                    for (Map<String, Param> p : java.util.List.of(pa, pb)) {
                        for (Param q : p.values()) {
                            float[] v = q.writable();
                            for (int i = 0; i < v.length; i++) {
                                v[i] = v[i] * 0.75f + 0.01f;
                            }
                        }
                    }
                }
                a.step(x, t * E, 1, ha, cell.equals("lstm") ? ca : null);
                try (org.rnnlm4j.math.AlignmentOverride unaligned = org.rnnlm4j.math.AlignmentOverride.pad(0)) {
                    b.step(x, t * E, 1, hb, cell.equals("lstm") ? cb : null);
                }
                assertArrayEquals(hb, ha, "h after step " + t);
                assertArrayEquals(cb, ca, "c after step " + t);
            }
        }
        assertTrue(a.stepsFromAlignedCopies(), "the aligned layer copied its weights");
        assertTrue(!b.stepsFromAlignedCopies(), "the unaligned layer read its Params");
    }

    /**
     * stepToken (a first layer fed by an embedding) gives step's bits on the token's embedding row,
     * also once it reads the table of W_ih e_v (V <= 2E; with and without aligned copies), and after
     * the embedding or W_ih change (a table not made again would differ from then on).
     */
    @ParameterizedTest
    @CsvSource({"vector,lstm,16,32,true,12", "vector,gru,16,8,false,12", "scalar,lstm,16,32,true,12", "vector,lstm,7,5,true,12",
            "vector,lstm,16,32,true,0", "scalar,gru,16,8,true,0"})
    void stepTokenGivesStepsBitsAlsoFromItsTokenTable(String kernels, String cell, int E, int H, boolean bias, int pad) {
        Kernels k = KernelsUnderTest.named(kernels);
        Spec s = new Spec(cell, E, H, 1, false, false, bias);
        Map<String, double[]> w = RecurrentCase.randomWeights(s, 6, 0.5);
        Map<String, Param> pa = RecurrentCase.floatParams(s, w);
        Map<String, Param> pb = RecurrentCase.floatParams(s, w);
        int vocab = 2 * E;
        Embedding ea = new Embedding(new Param("emb", random(vocab * E, 7), vocab, E));
        Embedding eb = new Embedding(new Param("emb", random(vocab * E, 7), vocab, E));
        float[] ha = new float[H];
        float[] ca = new float[H];
        float[] hb = new float[H];
        float[] cb = new float[H];
        NumpyRandom r = new NumpyRandom(8);
        int steps = RecurrentLayer.STEP_COPY_AFTER + 100;
        try (org.rnnlm4j.math.AlignmentOverride aligned = org.rnnlm4j.math.AlignmentOverride.pad(pad)) {
            RecurrentLayer a = RecurrentParams.layer(pa, "", Cell.of(cell), 0, false, k);
            RecurrentLayer b = RecurrentParams.layer(pb, "", Cell.of(cell), 0, false, k);
            for (int t = 0; t < steps; t++) {
                if (t == RecurrentLayer.STEP_COPY_AFTER + 30 || t == RecurrentLayer.STEP_COPY_AFTER + 60) {
                    // first the embeddings move, then W_ih
                    List<Param> moved = t == RecurrentLayer.STEP_COPY_AFTER + 30
                            ? List.of(ea.table, eb.table) : List.of(pa.get("weight_ih_l0"), pb.get("weight_ih_l0"));
                    for (Param q : moved) {
                        float[] v = q.writable();
                        for (int i = 0; i < v.length; i++) {
                            v[i] = v[i] * 0.75f - 0.02f;
                        }
                    }
                }
                int token = r.nextInt(vocab);
                a.stepToken(ea, token, ha, 0, cell.equals("lstm") ? ca : null, 0);
                try (org.rnnlm4j.math.AlignmentOverride unaligned = org.rnnlm4j.math.AlignmentOverride.pad(0)) {
                    b.step(eb.table.w, token * E, 1, hb, 0, cell.equals("lstm") ? cb : null, 0);
                }
                assertArrayEquals(hb, ha, "h after step " + t);
                assertArrayEquals(cb, ca, "c after step " + t);
            }
            assertTrue(a.stepsFromAlignedCopies() == (pad > 0), "aligned copies made where (only where) arrays align");
            assertTrue(a.stepsFromTokenTable(), "the token table is in use");
        }
    }

    @Test
    void nullDOutMeansZerosAndStepDoesNotDisturbBackward() {
        Spec s = new Spec("gru", 3, 4, 1, false, false, true);
        Kernels k = new ScalarKernels();
        float[] x = random(5 * 2 * 3, 1);
        float[] dh = random(2 * 4, 2);
        Map<String, Param> p1 = RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, 2, 0.5));
        RecurrentLayer a = RecurrentParams.layer(p1, "", new GruCell(), 0, false, k);
        a.forward(x, 0, 5, 2, null, null);
        float[] dxA = a.backward(new float[5 * 2 * 4], dh, null).clone();
        Map<String, Param> p2 = RecurrentCase.floatParams(s, RecurrentCase.randomWeights(s, 2, 0.5));
        RecurrentLayer b = RecurrentParams.layer(p2, "", new GruCell(), 0, false, k);
        b.forward(x, 0, 5, 2, null, null);
        b.step(random(3 * 3, 9), 0, 3, random(3 * 4, 10), null);   // a step (with another B) in between
        float[] dxB = b.backward(null, dh, null);
        assertArrayEquals(dxA, java.util.Arrays.copyOf(dxB, dxA.length));
        for (String name : p1.keySet()) {
            assertArrayEquals(p1.get(name).grad(), p2.get(name).grad(), name);
        }
    }

    @Test
    void badShapesAreRefusedWithUsefulMessages() {
        Kernels k = new ScalarKernels();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RecurrentLayer(new LstmCell(),
                new Param("w_ih", 12, 3), new Param("w_hh", 12, 4), null, null, false, k));
        assertTrue(e.getMessage().contains("w_hh") && e.getMessage().contains("(4*H, H)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RecurrentLayer(new GruCell(),
                new Param("w_ih", 9, 3), new Param("w_hh", 12, 4), new Param("b_ih", 12), new Param("b_hh", 12), false, k));
        assertTrue(e.getMessage().contains("w_ih") && e.getMessage().contains("(12, E)"), e.getMessage());
        RecurrentLayer gru = new RecurrentLayer(new GruCell(), new Param("w_ih", 12, 3), new Param("w_hh", 12, 4), null, null, false, k);
        e = assertThrows(IllegalArgumentException.class, () -> gru.forward(new float[10], 0, 2, 2, null, null));
        assertTrue(e.getMessage().contains("(2,2,3)") && e.getMessage().contains("12"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gru.forward(new float[12], 0, 2, 2, null, new float[8]));
        assertTrue(e.getMessage().contains("no cell state"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gru.forward(new float[12], 0, 2, 2, new float[7], null));
        assertTrue(e.getMessage().contains("h0") && e.getMessage().contains("(B,H) = (2,4)"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> gru.backward(null, null, null));
        RecurrentLayer lstm = new RecurrentLayer(new LstmCell(), new Param("w_ih", 16, 3), new Param("w_hh", 16, 4), null, null, false, k);
        e = assertThrows(IllegalArgumentException.class, () -> lstm.step(new float[3], 0, 1, new float[4], null));
        assertTrue(e.getMessage().contains("cell state"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StackedRecurrent(java.util.List.of(gru, lstm)));
        assertTrue(e.getMessage().contains("share cell"), e.getMessage());
        assertThrows(org.rnnlm4j.RnnlmException.class, () -> Cell.of("transformer"));
    }
}
