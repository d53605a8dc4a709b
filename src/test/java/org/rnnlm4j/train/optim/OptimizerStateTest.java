/*
 * Exact resume: export an optimizer's state mid-run, load it into a fresh optimizer built from the
 * same config, and the next steps are bit-identical to the original's (weights and state). Bad
 * state is refused with one-line messages, and a step allocates nothing.
 */
package org.rnnlm4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.nn.Param;

class OptimizerStateTest {
    static final List<OptimizerConfig> CONFIGS = List.of(
            OptimizerConfig.parse("sgd").withWeightDecay(0.01),
            OptimizerConfig.parse("momentum"),
            OptimizerConfig.parse("nesterov").withWeightDecay(0.001),
            OptimizerConfig.parse("adagrad"),
            OptimizerConfig.parse("rmsprop").withMomentum(0.5),
            OptimizerConfig.parse("adam").withWeightDecay(0.1),
            OptimizerConfig.parse("adamw"));

    static List<Param> params() {
        NumpyRandom r = new NumpyRandom(7);
        Param a = new Param("rnn.weight_hh_l0", 3, 4);
        Param b = new Param("rnn.bias_hh_l0", 4);
        for (Param p : List.of(a, b)) {
            for (int i = 0; i < p.size(); i++) {
                p.w[i] = (float) r.nextGaussian();
            }
        }
        return List.of(a, b);
    }

    /** Deterministic gradients for step t. */
    static void grads(List<Param> ps, int t) {
        for (Param p : ps) {
            float[] g = p.grad();
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) Math.sin(0.7 * i + 1.3 * t + p.size());
            }
        }
    }

    @Test
    void exportLoadResumesBitForBit() {
        for (OptimizerConfig c : CONFIGS) {
            List<Param> original = params();
            Optimizer a = OptimizerConfig.create(c);
            for (int t = 0; t < 3; t++) {
                grads(original, t);
                a.step(original, 0.01 * (t + 1));
            }
            Map<String, float[]> saved = a.state();
            List<Param> resumed = Tensors.copy(original);
            Optimizer b = OptimizerConfig.create(c);
            b.loadState(saved);
            assertEquals(3, b.steps(), c.name());
            for (int t = 3; t < 7; t++) {
                grads(original, t);
                grads(resumed, t);
                a.step(original, 0.01 * (t + 1));
                b.step(resumed, 0.01 * (t + 1));
            }
            for (int j = 0; j < original.size(); j++) {
                assertArrayEquals(original.get(j).w, resumed.get(j).w, c.name() + " " + original.get(j).name);
            }
            Map<String, float[]> sa = a.state();
            Map<String, float[]> sb = b.state();
            assertEquals(sa.keySet(), sb.keySet(), c.name());
            sa.forEach((k, v) -> assertArrayEquals(v, sb.get(k), c.name() + " " + k));
        }
    }

    @Test
    void stateKeysAndShapes() {
        List<Param> ps = params();
        Optimizer adam = OptimizerConfig.create(OptimizerConfig.parse("adam"));
        grads(ps, 0);
        adam.step(ps, 0.1);
        Map<String, float[]> s = adam.state();
        assertEquals(Set.of("adam.step", "adam.m/rnn.weight_hh_l0", "adam.v/rnn.weight_hh_l0",
                "adam.m/rnn.bias_hh_l0", "adam.v/rnn.bias_hh_l0"), s.keySet());
        assertEquals(12, s.get("adam.m/rnn.weight_hh_l0").length);
        assertEquals(4, s.get("adam.v/rnn.bias_hh_l0").length);
        assertEquals(1, StateCodec.toLong(s.get("adam.step"), "adam.step"));

        assertEquals(Set.of("sgd.step"), OptimizerConfig.create(OptimizerConfig.parse("sgd")).state().keySet());
        Optimizer rms = OptimizerConfig.create(OptimizerConfig.parse("rmsprop").withMomentum(0.9));
        rms.step(ps, 0.1);
        assertEquals(Set.of("rmsprop.step", "rmsprop.v/rnn.weight_hh_l0", "rmsprop.momentum/rnn.weight_hh_l0",
                "rmsprop.v/rnn.bias_hh_l0", "rmsprop.momentum/rnn.bias_hh_l0"), rms.state().keySet());
    }

    @Test
    void exportedStateIsACopy() {
        List<Param> ps = params();
        Optimizer adam = OptimizerConfig.create(OptimizerConfig.parse("adam"));
        grads(ps, 0);
        adam.step(ps, 0.1);
        Map<String, float[]> s = adam.state();
        float before = adam.state().get("adam.m/rnn.bias_hh_l0")[0];
        s.get("adam.m/rnn.bias_hh_l0")[0] = 1e6f;
        assertEquals(before, adam.state().get("adam.m/rnn.bias_hh_l0")[0]);
        assertNotSame(s.get("adam.v/rnn.bias_hh_l0"), adam.state().get("adam.v/rnn.bias_hh_l0"));
        // and a loaded map is copied too
        Optimizer b = OptimizerConfig.create(OptimizerConfig.parse("adam"));
        Map<String, float[]> saved = adam.state();
        b.loadState(saved);
        saved.get("adam.m/rnn.bias_hh_l0")[0] = 1e6f;
        assertEquals(before, b.state().get("adam.m/rnn.bias_hh_l0")[0]);
    }

    @Test
    void stepCounterSurvivesBeyondFloatPrecision() {
        for (long v : new long[] {0, 1, (1L << 24) + 1, (1L << 40) + 12345, Long.MAX_VALUE, -1}) {
            assertEquals(v, StateCodec.toLong(StateCodec.ofLong(v), "k"));
        }
        for (double d : new double[] {0.1, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, Math.PI}) {
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(StateCodec.toDouble(StateCodec.ofDouble(d), "k")));
        }
        assertTrue(Double.isNaN(StateCodec.toDouble(StateCodec.ofDouble(Double.NaN), "k")));
        Optimizer adam = OptimizerConfig.create(OptimizerConfig.parse("adam"));
        Map<String, float[]> s = new LinkedHashMap<>();
        s.put("adam.step", StateCodec.ofLong((1L << 24) + 1));
        adam.loadState(s);
        assertEquals((1L << 24) + 1, adam.steps());
    }

    static String message(Runnable r) {
        RnnlmException e = assertThrows(RnnlmException.class, r::run);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badStateIsRefusedInOneLine() {
        List<Param> ps = params();
        Optimizer adam = OptimizerConfig.create(OptimizerConfig.parse("adam"));
        grads(ps, 0);
        adam.step(ps, 0.1);
        Map<String, float[]> good = adam.state();

        // state of another optimizer
        Optimizer adamw = OptimizerConfig.create(OptimizerConfig.parse("adamw"));
        assertTrue(message(() -> adamw.loadState(good)).contains("adamw.step"));
        Optimizer rms = OptimizerConfig.create(OptimizerConfig.parse("rmsprop"));
        assertTrue(message(() -> rms.loadState(good)).contains("rmsprop.step"));
        // a momentum buffer for an optimizer without momentum
        Optimizer sgd = OptimizerConfig.create(OptimizerConfig.parse("momentum"));
        sgd.step(ps, 0.1);
        Optimizer plain = OptimizerConfig.create(OptimizerConfig.parse("sgd"));
        assertTrue(message(() -> plain.loadState(sgd.state())).contains("sgd.momentum/rnn.weight_hh_l0"));

        // a missing slot
        Map<String, float[]> missing = new LinkedHashMap<>(good);
        missing.remove("adam.v/rnn.bias_hh_l0");
        assertTrue(message(() -> OptimizerConfig.create(OptimizerConfig.parse("adam")).loadState(missing))
                .contains("adam.v/rnn.bias_hh_l0"));
        // slots of different sizes
        Map<String, float[]> ragged = new LinkedHashMap<>(good);
        ragged.put("adam.v/rnn.bias_hh_l0", new float[5]);
        message(() -> OptimizerConfig.create(OptimizerConfig.parse("adam")).loadState(ragged));
        // a corrupted step counter
        Map<String, float[]> badStep = new LinkedHashMap<>(good);
        badStep.put("adam.step", new float[] {0, 0.5f, 1});
        assertTrue(message(() -> OptimizerConfig.create(OptimizerConfig.parse("adam")).loadState(badStep)).contains("adam.step"));
        badStep.put("adam.step", new float[] {3});
        message(() -> OptimizerConfig.create(OptimizerConfig.parse("adam")).loadState(badStep));
        // a failed load leaves the optimizer as it was
        Optimizer fresh = OptimizerConfig.create(OptimizerConfig.parse("adam"));
        fresh.loadState(good);
        message(() -> fresh.loadState(missing));
        assertEquals(1, fresh.steps());
        assertEquals(good.keySet(), fresh.state().keySet());

        // state saved for a parameter of another shape: refused at the next step, naming both
        Optimizer other = OptimizerConfig.create(OptimizerConfig.parse("adam"));
        other.loadState(good);
        Param wider = new Param("rnn.weight_hh_l0", 3, 5);
        wider.grad();
        String m = message(() -> other.step(List.of(wider), 0.1));
        assertTrue(m.contains("rnn.weight_hh_l0") && m.contains("12") && m.contains("15"), m);
    }

    @Test
    void aStepAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (OptimizerConfig c : CONFIGS) {
            List<Param> ps = params();
            grads(ps, 0);
            Optimizer opt = OptimizerConfig.create(c);
            for (int i = 0; i < 20_000; i++) {    // allocate the state, let the JIT compile the loop
                opt.step(ps, 1e-6);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1000; i++) {
                opt.step(ps, 1e-6);
            }
            long bytes = mx.getCurrentThreadAllocatedBytes() - before;
            assertTrue(bytes < 1000, c.name() + " allocated " + bytes + " bytes in 1000 steps");
        }
    }
}
