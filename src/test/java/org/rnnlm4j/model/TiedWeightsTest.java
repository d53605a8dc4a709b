/*
 * Weight tying: the shared matrix gets the sum of what an untied twin's embedding and decoder get,
 * the model file stores it once and reads it back tied, and a mismatched width is a one-line error.
 */
package org.rnnlm4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.nn.Activation;

class TiedWeightsTest {
    @TempDir
    Path dir;

    @Test
    void theSharedMatrixGetsBothGradients() {
        ModelConfig untiedCfg = new ModelConfig("gru", Activation.TANH, 8, 6, 6, 2, true, true, true, "pytorch");
        LanguageModel untied = LanguageModel.initialize(untiedCfg, LanguageModelFixtureTest.vocabulary(8), TextConfig.lines(), 4, Map.of());
        System.arraycopy(untied.param("embedding.weight").w, 0, untied.param("decoder.weight").w, 0, 48);
        LanguageModel tied = LanguageModel.initialize(untiedCfg.withTiedWeights(true), LanguageModelFixtureTest.vocabulary(8),
                TextConfig.lines(), 4, Map.of());
        for (String name : tied.params().keySet()) {
            System.arraycopy(untied.param(name).w, 0, tied.param(name).w, 0, tied.param(name).w.length);
        }
        assertFalse(tied.params().containsKey("decoder.weight"));
        int[] ids = {0, 3, 4, 5, 2, 6, 1};
        Network nu = untied.newNetwork(new ScalarKernels());
        Network nt = tied.newNetwork(new ScalarKernels());
        nu.zeroGrad();
        nt.zeroGrad();
        assertEquals(nu.lossAndGradient(ids, 0, 1f), nt.lossAndGradient(ids, 0, 1f), 1e-5);
        float[] ge = untied.param("embedding.weight").grad();
        float[] gd = untied.param("decoder.weight").grad();
        float[] gt = tied.param("embedding.weight").grad();
        for (int i = 0; i < gt.length; i++) {
            assertEquals(ge[i] + gd[i], gt[i], 1e-5, "tied gradient [" + i + "]");
        }
        assertEquals(untiedCfg.parameterCount() - 48, tied.config().parameterCount());
        Path p = dir.resolve("t.model");
        ModelStore.save(tied, p);
        LanguageModel back = ModelStore.load(p);
        assertTrue(back.config().tieWeights());
        assertFalse(back.params().containsKey("decoder.weight"));
    }

    @Test
    void tyingNeedsEqualWidths() {
        RnnlmException e = assertThrows(RnnlmException.class,
                () -> new ModelConfig("lstm", Activation.TANH, 8, 4, 6, 1, true, true, true, "pytorch", true));
        assertTrue(e.getMessage().contains("--embedding"), e.getMessage());
    }
}
