/*
 * Training is repeatable: the same run twice in one JVM (so the second runs on different JIT
 * compilations than the first) ends with bitwise equal weights, at the PTB benchmark's sizes where
 * the kernels go parallel, with the kernels this JVM picks (vector; scalar in the surefire execution
 * without the Vector API module). Before lane sums had a fixed order, this diverged within 3 steps on JDK 25
 * (the JDK ./rnnlm4j runs on); JDK 17 did not reproduce it, so .ci/run also runs this on the newest JDK.
 */
package org.rnnlm4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.TextFiles;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.data.batch.StreamVocabulary;
import org.rnnlm4j.data.batch.TokenStream;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.nn.Param;
import org.rnnlm4j.train.optim.OptimizerConfig;
import org.rnnlm4j.train.optim.ScheduleConfig;

class RepeatabilityTest {

    static LanguageModel train(String text) {
        StreamVocabulary sv = StreamVocabulary.build(TextConfig.Level.WORD, List.of(text));
        TokenStream stream = TokenStream.of(text, TextConfig.Level.WORD, sv, "ptb");
        Vocabulary v = Vocabulary.ofStream(sv.symbols(), "<eos>", null);
        ModelConfig c = new ModelConfig("lstm", Activation.TANH, v.size(), 200, 200, 2, true, true, true, "uniform:0.1");
        LanguageModel m = LanguageModel.initialize(c, v, TextConfig.lines(), 1, Map.of());
        StreamConfig sc = new StreamConfig(20, 35, 4, 1, 1.0, OptimizerConfig.parse("sgd"), ScheduleConfig.constant(), 5,
                StreamConfig.Reduction.TIME_SUM, 0, 35, 0, 1, 0, 0);
        new MinibatchTrainer(m, sc, KernelSelector.get(), new TrainingListener() { })
                .train(stream, null, () -> false, null, (x, y) -> { });
        return m;
    }

    @Test
    void theSameRunTwiceGivesBitwiseEqualWeights() {
        String text = TextFiles.readUtf8(Path.of("data/ptb/ptb.valid.txt"));
        LanguageModel a = train(text);
        LanguageModel b = train(text);
        for (Param p : a.params().values()) {
            assertArrayEquals(p.w, b.param(p.name).w, p.name);
        }
    }
}
