/*
 * OptimizerConfig: each CLI name gives PyTorch's defaults and the right optimizer; bad names and
 * contradictory settings are one-line errors that say what is valid.
 */
package org.rnnlm4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class OptimizerConfigTest {
    @Test
    void namesGiveTorchDefaults() {
        OptimizerConfig sgd = OptimizerConfig.parse("sgd");
        assertEquals(0, sgd.momentum());
        assertFalse(sgd.nesterov());
        assertEquals(0, sgd.weightDecay());
        OptimizerConfig nesterov = OptimizerConfig.parse("Nesterov");
        assertEquals("nesterov", nesterov.name());
        assertEquals(0.9, nesterov.momentum());
        assertTrue(nesterov.nesterov());
        assertEquals(0.9, OptimizerConfig.parse("momentum").momentum());
        assertEquals(1e-10, OptimizerConfig.parse("adagrad").eps());
        OptimizerConfig rms = OptimizerConfig.parse("rmsprop");
        assertEquals(0.99, rms.alpha());
        assertEquals(1e-8, rms.eps());
        assertEquals(0, rms.momentum());
        OptimizerConfig adam = OptimizerConfig.parse(" adam ");
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(0, adam.weightDecay());
        assertEquals(0.01, OptimizerConfig.parse("adamw").weightDecay());
    }

    @Test
    void createBuildsTheNamedOptimizer() {
        assertInstanceOf(SgdMomentum.class, OptimizerConfig.create(OptimizerConfig.parse("sgd")));
        assertEquals("sgd", OptimizerConfig.create(OptimizerConfig.parse("sgd")).name());
        assertEquals("momentum", OptimizerConfig.create(OptimizerConfig.parse("momentum")).name());
        assertEquals("momentum", OptimizerConfig.create(OptimizerConfig.parse("sgd").withMomentum(0.5)).name());
        assertEquals("nesterov", OptimizerConfig.create(OptimizerConfig.parse("nesterov")).name());
        assertInstanceOf(Adagrad.class, OptimizerConfig.create(OptimizerConfig.parse("adagrad")));
        assertInstanceOf(RmsProp.class, OptimizerConfig.create(OptimizerConfig.parse("rmsprop")));
        assertInstanceOf(Adam.class, OptimizerConfig.create(OptimizerConfig.parse("adam")));
        assertInstanceOf(AdamW.class, OptimizerConfig.create(OptimizerConfig.parse("adamw")));
        for (String n : OptimizerConfig.NAMES) {
            assertEquals(0, OptimizerConfig.create(OptimizerConfig.parse(n)).steps());
        }
    }

    static String error(Runnable r) {
        RnnlmException e = assertThrows(RnnlmException.class, r::run);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void unknownNameListsTheValidOnes() {
        String m = error(() -> OptimizerConfig.parse("adamax"));
        assertTrue(m.contains("'adamax'"), m);
        assertTrue(m.contains("sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw"), m);
        error(() -> OptimizerConfig.parse(null));
        assertFalse(error(() -> OptimizerConfig.parse("a\ndam")).contains("\n"));
    }

    @Test
    void contradictionsAndRangesAreRefused() {
        assertTrue(error(() -> OptimizerConfig.parse("nesterov").withMomentum(0)).contains("Nesterov"));
        assertTrue(error(() -> OptimizerConfig.parse("adam").withMomentum(0.9)).contains("--momentum"));
        error(() -> OptimizerConfig.parse("adam").withNesterov(true));
        error(() -> OptimizerConfig.parse("sgd").withMomentum(1));
        error(() -> OptimizerConfig.parse("sgd").withMomentum(-0.1));
        error(() -> OptimizerConfig.parse("sgd").withWeightDecay(-1));
        error(() -> OptimizerConfig.parse("sgd").withWeightDecay(Double.NaN));
        error(() -> OptimizerConfig.parse("adam").withBetas(0.9, 1));
        error(() -> OptimizerConfig.parse("adam").withEps(-1e-8));
        error(() -> OptimizerConfig.parse("rmsprop").withAlpha(1));
        assertThrows(RnnlmException.class, () -> new SgdMomentum(0, true, 0));
        // allowed: momentum for rmsprop, Nesterov turned on for "sgd" with momentum
        assertEquals(0.5, OptimizerConfig.parse("rmsprop").withMomentum(0.5).momentum());
        assertEquals("nesterov", OptimizerConfig.create(OptimizerConfig.parse("sgd").withMomentum(0.9).withNesterov(true)).name());
    }
}
