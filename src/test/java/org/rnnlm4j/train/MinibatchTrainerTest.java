/*
 * Stream-mode training: an LSTM learns a periodic symbol stream (validation loss falls far below
 * uniform), the carried state matters (evaluation with it beats chunks from zero), and a stop
 * request ends the run with a save.
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
import org.rnnlm4j.data.batch.TokenStream;
import org.rnnlm4j.math.ScalarKernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.train.optim.OptimizerConfig;
import org.rnnlm4j.train.optim.ScheduleConfig;

class MinibatchTrainerTest {
    static final int V = 6;

    static LanguageModel model(String cell) {
        return model(cell, 1);
    }

    static LanguageModel model(String cell, int layers) {
        return model(cell, layers, false);
    }

    static LanguageModel model(String cell, int layers, boolean bidirectional) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < V; i++) {
            symbols.add(Character.toString('a' + i));
        }
        Vocabulary v = Vocabulary.ofStream(symbols, "a", null);
        ModelConfig c = new ModelConfig(cell, Activation.TANH, V, 8, 16, layers, true, true, true, "pytorch", false, bidirectional);
        return LanguageModel.initialize(c, v, TextConfig.chars(TextConfig.Format.LINES), 1, Map.of());
    }

    /** a b c d e f a b c ... : each symbol determines the next. */
    static TokenStream periodic(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % V;
        }
        return TokenStream.ofIds(ids);
    }

    static StreamConfig config(long steps) {
        return config(steps, 0);
    }

    static StreamConfig config(long steps, double dropout) {
        return new StreamConfig(4, 8, steps, 1, 0.02, OptimizerConfig.parse("adam"), ScheduleConfig.constant(), 5,
                StreamConfig.Reduction.MEAN, 0, 16, 0, 1, dropout, 0);
    }

    @Test
    void divergenceRollsBackLowersTheRateAndFinallyStopsWithASave() {
        LanguageModel m = model("lstm");
        StreamConfig wild = new StreamConfig(4, 8, 500, 1, 1e30, OptimizerConfig.parse("sgd"), ScheduleConfig.constant(), 0,
                StreamConfig.Reduction.MEAN, 0, 16, 0, 1, 0, 0);
        List<String> messages = new ArrayList<>();
        List<String> saves = new ArrayList<>();
        MinibatchTrainer t = new MinibatchTrainer(m, wild, new ScalarKernels(), new TrainingListener() {
            @Override
            public void message(String text) {
                messages.add(text);
            }
        });
        org.rnnlm4j.RnnlmException e = org.junit.jupiter.api.Assertions.assertThrows(org.rnnlm4j.RnnlmException.class,
                () -> t.train(periodic(2000), null, () -> false, null, (model, reason) -> saves.add(reason)));
        assertTrue(e.getMessage().contains("lower --lr"), e.getMessage());
        assertEquals(5, messages.stream().filter(x -> x.contains("rolled back")).count(), messages.toString());
        assertTrue(messages.get(4).contains("lowered the learning rate to 3.13e+28"), messages.get(4)); // 1e30 / 2^5
        assertEquals(List.of("last good weights after 5 rollbacks"), saves);
        for (org.rnnlm4j.nn.Param p : m.params().values()) {
            for (float w : p.w) {
                assertTrue(Float.isFinite(w), p.name + " holds the last good, finite weights");
            }
        }
    }

    @Test
    void dropoutTrainsAndInferenceIsDeterministic() {
        LanguageModel m = model("lstm", 2);
        MinibatchTrainer t = new MinibatchTrainer(m, config(200, 0.3), new ScalarKernels(), new TrainingListener() { });
        MinibatchTrainer.Result r = t.train(periodic(2000), periodic(200), () -> false, null, (model, reason) -> { });
        assertTrue(r.validLoss() < 0.3 * Math.log(V), "validation loss with dropout " + r.validLoss());
        double a = MinibatchTrainer.evaluate(m.newNetwork(new ScalarKernels()), periodic(200), 16);
        double b = MinibatchTrainer.evaluate(m.newNetwork(new ScalarKernels()), periodic(200), 16);
        assertEquals(a, b, 0.0);
        org.rnnlm4j.RnnlmException e = org.junit.jupiter.api.Assertions.assertThrows(org.rnnlm4j.RnnlmException.class,
                () -> new MinibatchTrainer(model("rnn", 2), config(10, 0.3), new ScalarKernels(), new TrainingListener() { }));
        assertTrue(e.getMessage().contains("--dropout"), e.getMessage());
    }

    @Test
    void paddedSentenceBatchesGiveEachSentencesOwnLoss() {
        LanguageModel m = model("lstm", 2);
        List<int[]> sentences = List.of(new int[] {0, 2, 3, 1}, new int[] {0, 4, 5, 2, 3, 3, 1}, new int[] {0, 5, 1});
        double separately = 0;
        for (int[] s : sentences) {
            separately += m.newNetwork(new ScalarKernels()).loss(s);
        }
        Batches b = Batches.sentences(sentences, 3, 1, 7);
        b.next();
        assertEquals(3, b.rows());
        assertEquals(6 + 3 + 2, b.tokens());
        double batched = m.newNetwork(new ScalarKernels()).loss(b.inputs(), b.targets(), b.steps(), b.rows(), null, null);
        assertEquals(separately, batched, 1e-5 * separately);
    }

    @Test
    void earlyStoppingKeepsTheBestAndStopsAfterPatience() {
        LanguageModel m = model("gru");
        StreamConfig c = new StreamConfig(4, 8, 1000, 1, 0.02, OptimizerConfig.parse("adam"), ScheduleConfig.constant(), 5,
                StreamConfig.Reduction.MEAN, 5, 16, 0, 1, 0, 2);
        double[] losses = {3.0, 2.0, 2.5, 2.4, 2.6, 9.9};
        int[] calls = new int[1];
        List<String> saves = new ArrayList<>();
        MinibatchTrainer t = new MinibatchTrainer(m, c, new ScalarKernels(), new TrainingListener() { });
        MinibatchTrainer.Result r = t.train(Batches.streams(periodic(2000), 4, 8), () -> losses[calls[0]++], () -> false, null,
                (model, reason) -> saves.add(reason));
        // evaluations at steps 5, 10, 15, 20: best at 10 (2.0), no improvement at 15 and 20 -> stop
        assertEquals(20, r.steps());
        assertTrue(r.stoppedEarly());
        assertEquals(List.of("best", "best", "saved after stop"), saves);
    }

    @Test
    void anInterruptedRunResumedFromItsCheckpointEndsBitwiseEqual() {
        List<int[]> sentences = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int len = 2 + i % 5;
            int[] s = new int[len + 2];
            for (int j = 1; j <= len; j++) {
                s[j] = 1 + (i + j) % (V - 1);
            }
            sentences.add(s);
        }
        for (int variant = 0; variant < 4; variant++) {
            boolean sentenceMode = variant % 2 == 1;
            boolean bidi = variant >= 2;
            StreamConfig c = new StreamConfig(4, 8, 40, 1, 0.02, OptimizerConfig.parse("adam"), ScheduleConfig.parse("plateau:2"),
                    5, StreamConfig.Reduction.MEAN, 10, 16, 0, 1, 0.3, 0);
            java.util.function.Supplier<Batches> batches = () -> sentenceMode
                    ? Batches.sentences(sentences, 4, 0, 9) : Batches.streams(periodic(3000), 4, 8);
            LanguageModel a = model("lstm", 2, bidi);
            new MinibatchTrainer(a, c, new ScalarKernels(), new TrainingListener() { })
                    .train(batches.get(), validation(a), () -> false, null, (m, r) -> { });

            LanguageModel b = model("lstm", 2, bidi);
            int[] steps = new int[1];
            Checkpoint[] ckpt = new Checkpoint[1];
            new MinibatchTrainer(b, c, new ScalarKernels(), new TrainingListener() {
                @Override
                public void step(Progress p) {
                    steps[0]++;
                }
            }).train(batches.get(), validation(b), () -> steps[0] >= 23, null, (m, r) -> { }, null, x -> ckpt[0] = x);
            assertEquals("23", ckpt[0].get("run.step"));

            LanguageModel resumed = model("lstm", 2, bidi);   // as if loaded from the checkpoint file
            for (org.rnnlm4j.nn.Param p : b.params().values()) {
                System.arraycopy(p.w, 0, resumed.param(p.name).w, 0, p.w.length);
            }
            MinibatchTrainer.Result r = new MinibatchTrainer(resumed, c, new ScalarKernels(), new TrainingListener() { })
                    .train(batches.get(), validation(resumed), () -> false, null, (m, x) -> { }, ckpt[0], null);
            assertEquals(40, r.steps());
            for (org.rnnlm4j.nn.Param p : a.params().values()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(p.w, resumed.param(p.name).w,
                        p.name + (sentenceMode ? " (sentences" : " (streams") + (bidi ? ", bidirectional)" : ")") + " bitwise equal after resume");
            }
        }
    }

    static java.util.function.DoubleSupplier validation(LanguageModel m) {
        return () -> MinibatchTrainer.evaluateModel(m, new ScalarKernels(), periodic(100), 16);
    }

    @Test
    void learnsAPeriodicStream() {
        for (String cell : List.of("gru", "lstm")) {
            LanguageModel m = model(cell);
            MinibatchTrainer t = new MinibatchTrainer(m, config(150), new ScalarKernels(), new TrainingListener() { });
            MinibatchTrainer.Result r = t.train(periodic(2000), periodic(200), () -> false, null, (model, reason) -> { });
            assertEquals(150, r.steps());
            assertTrue(r.validLoss() < 0.2 * Math.log(V), cell + ": validation loss " + r.validLoss());
        }
    }

    @Test
    void stopRequestSavesAndEndsEarly() {
        LanguageModel m = model("lstm");
        int[] steps = new int[1];
        List<String> saves = new ArrayList<>();
        MinibatchTrainer t = new MinibatchTrainer(m, config(1000), new ScalarKernels(), new TrainingListener() {
            @Override
            public void step(Progress p) {
                steps[0]++;
            }
        });
        MinibatchTrainer.Result r = t.train(periodic(2000), null, () -> steps[0] >= 7, null, (model, reason) -> saves.add(reason));
        assertTrue(r.stoppedEarly());
        assertEquals(7, r.steps());
        assertEquals(List.of("saved after stop"), saves);
    }
}
