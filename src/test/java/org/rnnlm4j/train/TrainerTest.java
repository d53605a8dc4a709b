/*
 * The training loop: fused SGD equals "accumulate gradients, then update"; training lowers the loss;
 * the learning rate halves when the evaluated loss rises; a stop request ends the run with a save.
 */
package org.rnnlm4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.nn.Param;

class TrainerTest {
    static final int V = 12;

    static LanguageModel model(int layers, boolean bias) {
        List<String> words = new ArrayList<>(List.of(Vocabulary.START, Vocabulary.END));
        for (int i = 2; i < V - 1; i++) {
            words.add("w" + i);
        }
        words.add(Vocabulary.UNKNOWN);
        ModelConfig c = new ModelConfig("rnn", Activation.TANH, V, 8, 8, layers, false, bias, bias, "tutorial");
        return LanguageModel.initialize(c, Vocabulary.of(words), TextConfig.lines(), 5, Map.of());
    }

    /** Sentences START a b c ... END following a fixed successor pattern, so they are learnable. */
    static List<int[]> data(int n) {
        NumpyRandom r = new NumpyRandom(1);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(5);
            int[] s = new int[len + 2];
            s[0] = 0;
            int w = 2 + r.nextInt(V - 3);
            for (int j = 1; j <= len; j++) {
                s[j] = w;
                w = 2 + (w - 2 + 3) % (V - 3);
            }
            s[len + 1] = 1;
            out.add(s);
        }
        return out;
    }

    @Test
    void fusedSgdEqualsAccumulateThenUpdate() {
        for (int layers : new int[] {1, 2}) {
            LanguageModel a = model(layers, true);
            LanguageModel b = model(layers, true);
            Network na = a.newNetwork(new ScalarKernels());
            Network nb = b.newNetwork(new ScalarKernels());
            Sgd.fuse(b.params().values(), 0.1f);
            for (int[] s : data(5)) {
                na.zeroGrad();
                na.lossAndGradient(s, 0, 1f);
                Sgd.step(a.params().values(), 0.1f);
                nb.lossAndGradient(s, 0, 1f);
            }
            for (Param p : a.params().values()) {
                float[] wb = b.param(p.name).w;
                for (int i = 0; i < p.w.length; i++) {
                    assertEquals(p.w[i], wb[i], 1e-6, p.name + "[" + i + "] with " + layers + " layers");
                }
            }
        }
    }

    @Test
    void trainingLowersTheLossAndSaves() {
        LanguageModel m = model(1, false);
        List<int[]> train = data(200);
        double before = Trainer.meanLoss(m.newNetwork(new ScalarKernels()), train);
        int[] saves = new int[1];
        Trainer t = new Trainer(m, new TrainConfig(5, 0.05, 0, 1, 1, true, 0, 0), new ScalarKernels(), new TrainingListener() { });
        Trainer.Result r = t.train(train, List.of(), () -> false, (model, reason) -> saves[0]++);
        double after = Trainer.meanLoss(m.newNetwork(new ScalarKernels()), train);
        assertTrue(after < before * 0.5, before + " -> " + after);
        assertEquals(5, r.epochsCompleted());
        assertEquals(1, saves[0]);
        assertEquals(after, r.finalTrainLoss(), 0.2);
    }

    @Test
    void learningRateHalvesWhenTheLossRises() {
        LanguageModel m = model(1, false);
        List<String> messages = new ArrayList<>();
        // a learning rate this large makes the loss go up and down
        Trainer t = new Trainer(m, new TrainConfig(6, 3.0, 0, 1, 1, true, 0, 0), new ScalarKernels(), new TrainingListener() {
            @Override
            public void message(String text) {
                messages.add(text);
            }
        });
        Trainer.Result r = t.train(data(100), List.of(), () -> false, (model, reason) -> { });
        assertTrue(messages.stream().anyMatch(s -> s.contains("halved")), messages.toString());
        assertTrue(r.learningRate() < 3.0);
    }

    @Test
    void stopRequestEndsTheRunWithASave() {
        LanguageModel m = model(1, false);
        int[] steps = new int[1];
        List<String> reasons = new ArrayList<>();
        Trainer t = new Trainer(m, new TrainConfig(3, 0.05, 0, 1, 1, true, 0, 0), new ScalarKernels(), new TrainingListener() {
            @Override
            public void step(Progress p) {
                steps[0]++;
            }
        });
        Trainer.Result r = t.train(data(100), List.of(), () -> steps[0] >= 10, (model, reason) -> reasons.add(reason));
        assertTrue(r.stoppedEarly());
        assertEquals(10, r.steps());
        assertEquals(List.of("saved after stop"), reasons);
    }
}
