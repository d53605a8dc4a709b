/*
 * Schedules' values at chosen steps and epochs, computed here by hand; the plateau decay sequence;
 * exact state round trips; the --lr-schedule syntax and its errors.
 */
package org.rnnlm4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class LearningRateScheduleTest {
    @Test
    void constant() {
        LearningRateSchedule s = new Constant(0.1);
        assertEquals(0.1, s.lr(0, 0));
        s.onValidation(5);
        s.onValidation(9);
        assertEquals(0.1, s.lr(1_000_000, 40));
        assertTrue(s.state().isEmpty());
    }

    @Test
    void stepDecay() {
        LearningRateSchedule s = new StepDecay(1.0, 3, 0.5);
        double[] expected = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], s.lr(12345, epoch), 0, "epoch " + epoch);
        }
    }

    @Test
    void cosineWarmup() {
        // base 1, warm-up 4, total 104, min 0.1
        LearningRateSchedule s = new CosineWarmup(1.0, 4, 104, 0.1);
        assertEquals(0.25, s.lr(0, 0), 1e-15);     // (0+1)/4
        assertEquals(0.5, s.lr(1, 0), 1e-15);
        assertEquals(1.0, s.lr(3, 0), 1e-15);      // warm-up done
        assertEquals(1.0, s.lr(4, 0), 1e-15);      // cos(0): the top
        assertEquals(0.55, s.lr(54, 3), 1e-12);    // halfway: (1 + 0.1) / 2
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.25)) / 2, s.lr(29, 1), 1e-12);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.99)) / 2, s.lr(103, 9), 1e-12);
        assertEquals(0.1, s.lr(104, 9), 0);
        assertEquals(0.1, s.lr(5000, 99), 0);
        for (long t = 5; t < 104; t++) {
            assertTrue(s.lr(t, 0) < s.lr(t - 1, 0), "decreasing after warm-up at " + t);
        }
        // no warm-up: starts at the top
        assertEquals(2.0, new CosineWarmup(2.0, 0, 10, 0).lr(0, 0), 0);
    }

    @Test
    void plateauDividesWhenValidationStopsImproving() {
        // word_language_model: lr /= 4 after every evaluation that is not a new best
        Plateau p = new Plateau(20, 4, 0, 0);
        double[] losses = {6.0, 5.5, 5.6, 5.4, 5.4, 5.45, 5.3};
        double[] lrs = {20, 20, 5, 5, 1.25, 0.3125, 0.3125};
        for (int i = 0; i < losses.length; i++) {
            p.onValidation(losses[i]);
            assertEquals(lrs[i], p.lr(999, i), 0, "after evaluation " + i);
        }
        assertEquals(5.3, p.best());
        // min delta and patience: improvements smaller than 0.1 do not count; decay on the 2nd miss
        Plateau q = new Plateau(1, 2, 0.1, 1);
        double[] l2 = {5.0, 4.95, 4.92, 4.91, 4.5, 4.45, 4.44};
        double[] r2 = {1, 1, 0.5, 0.5, 0.5, 0.5, 0.25};
        for (int i = 0; i < l2.length; i++) {
            q.onValidation(l2[i]);
            assertEquals(r2[i], q.lr(0, i), 0, "after evaluation " + i);
        }
        // a NaN loss is no improvement
        Plateau n = new Plateau(1, 4, 0, 0);
        n.onValidation(3);
        n.onValidation(Double.NaN);
        assertEquals(0.25, n.lr(0, 0));
    }

    @Test
    void plateauStateRoundTripsExactly() {
        Plateau p = new Plateau(0.1, 3, 0.001, 2);
        for (double l : new double[] {4, 3.9, 3.95, 3.91, 3.92, 3.93}) {
            p.onValidation(l);
        }
        Map<String, float[]> s = p.state();
        Plateau q = new Plateau(0.1, 3, 0.001, 2);
        q.loadState(s);
        assertEquals(p.lr(0, 0), q.lr(0, 0), 0);
        assertEquals(p.best(), q.best(), 0);
        for (double l : new double[] {3.94, 3.95, 3.96, 3.5, 3.6}) {
            p.onValidation(l);
            q.onValidation(l);
            assertEquals(p.lr(0, 0), q.lr(0, 0), 0);
        }
        assertTrue(p.lr(0, 0) < 0.1 / 3);     // 0.1 / 3 is not a float: only an exact round trip gives equality above
        // wrong keys
        RnnlmException e = assertThrows(RnnlmException.class, () -> new Constant(1).loadState(s));
        assertFalse(e.getMessage().contains("\n"));
        Map<String, float[]> partial = new java.util.LinkedHashMap<>(s);
        partial.remove("plateau.best");
        assertTrue(assertThrows(RnnlmException.class, () -> q.loadState(partial)).getMessage().contains("plateau.best"));
        new Constant(1).loadState(Map.of());
    }

    @Test
    void parsesTheScheduleSyntax() {
        assertInstanceOf(Constant.class, ScheduleConfig.parse("constant").create(0.1, 100));
        ScheduleConfig step = ScheduleConfig.parse("step:2:0.5");
        assertEquals(2, step.everyEpochs());
        assertEquals(0.5, step.gamma());
        assertEquals(0.05, step.create(0.1, 100).lr(0, 2), 1e-17);
        ScheduleConfig plateau = ScheduleConfig.parse("plateau");
        assertEquals(4, plateau.factor());
        assertEquals(0, plateau.minDelta());
        assertEquals(0, plateau.patience());
        ScheduleConfig p3 = ScheduleConfig.parse("PLATEAU:2:0.001:3");
        assertEquals(2, p3.factor());
        assertEquals(0.001, p3.minDelta());
        assertEquals(3, p3.patience());
        assertInstanceOf(Plateau.class, p3.create(1, 1));
        ScheduleConfig cos = ScheduleConfig.parse("cosine:500:1e-5");
        assertEquals(500, cos.warmupSteps());
        assertEquals(1e-5, cos.minLr());
        assertEquals(1e-5, cos.create(1e-3, 10_000).lr(10_000, 5), 0);
        assertEquals(0, ScheduleConfig.parse("cosine:10").minLr());
    }

    static String error(Runnable r) {
        RnnlmException e = assertThrows(RnnlmException.class, r::run);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badSchedulesAreOneLineErrors() {
        String m = error(() -> ScheduleConfig.parse("linear"));
        assertTrue(m.contains(ScheduleConfig.SYNTAX), m);
        for (String bad : new String[] {"", "step", "step:2", "step:2:0.5:1", "step:0:0.5", "step:x:0.5", "step:2:NaN",
                "step:2:-1", "plateau:1", "plateau:0.5", "plateau:4:-0.1", "plateau:4:0:-1", "plateau:4:0:0:0",
                "cosine", "cosine:-1", "cosine:10:-1", "cosine:1.5", "constant:1", "step:2:0x1p-1", "step:2:1d",
                "plateau:Infinity", "a\nb"}) {
            error(() -> ScheduleConfig.parse(bad));
        }
        // limits known only when the run is
        assertTrue(error(() -> ScheduleConfig.parse("cosine:100").create(0.1, 100)).contains("100"));
        error(() -> ScheduleConfig.parse("cosine:10:0.5").create(0.1, 1000));
        error(() -> ScheduleConfig.parse("constant").create(0, 10));
        error(() -> ScheduleConfig.parse("plateau").create(Double.NaN, 10));
    }
}
