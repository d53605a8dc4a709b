/*
 * `rnnlm4j bench char` and `rnnlm4j bench word`: the stream workloads of ../shared/bench/README.md.
 *
 * char  tinyshakespeare; vocabulary = sorted characters of the whole file (65); train = first 90%;
 *       32 streams x 64 steps; Embedding(65,64) -> LSTM(64->256, 2 layers) -> Linear(256,65);
 *       PyTorch's default init distributions; Adam lr 2e-3, clip 5, mean CE, 1000 steps;
 *       validation = the rest as one stream from zero state; sampling 2000 chars after "\n"
 *       (the trained model, the plain step loop; `bench sample` measures sampling on its own).
 * word  PTB: train on ptb.valid.txt, test on ptb.test.txt; vocabulary = both files' words + <eos>
 *       in first-appearance order (7596); 20 streams x 35 steps, 2 epochs; Embedding(V,200) ->
 *       LSTM(200->200, 2 layers) -> Linear(200,V), all weights uniform(+-0.1); SGD lr 1.0, clip 5,
 *       loss = sum over time of the batch-mean CE; test perplexity over the test file as one stream.
 * Our generator is not PyTorch's: the same distributions, other draws (seed 1 of ours). Each line
 * also carries the keys of every bench line (BenchReport): median step = one training step; first_step_ms
 * is the first one alone (on a fresh JVM mostly JIT compilation, the gap between throughput and median).
 * train_tokens_per_s counts every step (JIT warm-up included); train_tokens_per_s_after_warmup applies
 * pytorch_bench.py's own rule to our step times: the first W steps left out (W = its --warmup default,
 * 20 for char, 5 for word), the rest's tokens over the rest's time.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.TextFiles;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.data.batch.StreamSymbols;
import org.rnnlm4j.data.batch.StreamVocabulary;
import org.rnnlm4j.data.batch.TokenStream;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.train.StreamConfig;
import org.rnnlm4j.train.MinibatchTrainer;
import org.rnnlm4j.train.TrainingListener;
import org.rnnlm4j.train.optim.OptimizerConfig;
import org.rnnlm4j.train.optim.ScheduleConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

final class BenchStreams {
    private BenchStreams() {
    }

    @Command(name = "char", mixinStandardHelpOptions = true,
            description = "Char LSTM on tiny Shakespeare: training chars/s, validation loss, sampling chars/s.")
    static final class Char implements Runnable {
        @Option(names = "--steps", defaultValue = "1000", description = "Training steps (default: ${DEFAULT-VALUE}).")
        long steps;

        @Mixin
        BenchOptions o;

        @Override
        public void run() {
            CharWorkload w = CharWorkload.load(o.seed);
            StreamConfig sc = new StreamConfig(32, 64, steps, 1, 2e-3, OptimizerConfig.parse("adam"), ScheduleConfig.constant(),
                    5, StreamConfig.Reduction.MEAN, 0, 1000, 0, o.seed, 0, 0);
            Map<String, Object> r = measure("char", w.model(), sc, w.train(), w.valid(), 20);
            // sampling: prime "\n", zero state, 2000 characters one at a time, temperature 1
            Kernels k = KernelSelector.get();
            BenchSample.stepLoop(w.model().newNetwork(k), 2000, o.seed); // warm-up, as long as a timed run (JIT)
            double[] rates = new double[3];   // a run is ~0.1 s: the median of three
            String sample = "";
            for (int run = 0; run < rates.length; run++) {
                long t0 = System.nanoTime();
                sample = BenchSample.stepLoop(w.model().newNetwork(k), 2000, o.seed);
                rates[run] = 2000 / ((System.nanoTime() - t0) / 1e9);
            }
            java.util.Arrays.sort(rates);
            r.put("sampling_chars_per_s", rates[1]);
            r.put("sample_start", sample.substring(0, Math.min(120, sample.length())));
            BenchReport.common(r, (Double) r.get("train_tokens_per_s"), "chars/s", (Double) r.get("median_step_ms"),
                    "training step (32 x 64 chars: forward, backward, Adam)");
            BenchReport.print(r, o.json);
        }
    }

    /** The char workload's data and model: tinyshakespeare split 90/10, the LSTM initialized from seed. */
    record CharWorkload(LanguageModel model, TokenStream train, TokenStream valid) {
        static CharWorkload load(long seed) {
            Path file = DataFiles.bundled(Path.of("data/tinyshakespeare.txt"));
            String text = TextFiles.readUtf8(file);
            StreamVocabulary sv = StreamVocabulary.build(TextConfig.Level.CHAR, List.of(text));
            TokenStream.Split split = TokenStream.of(text, TextConfig.Level.CHAR, sv, file.toString()).split(0.9);
            Vocabulary v = Vocabulary.ofStream(sv.symbols(), "\n", null);
            ModelConfig c = new ModelConfig("lstm", Activation.TANH, v.size(), 64, 256, 2, true, true, true, "pytorch");
            LanguageModel m = LanguageModel.initialize(c, v, TextConfig.chars(TextConfig.Format.LINES), seed, Map.of());
            return new CharWorkload(m, split.train(), split.valid());
        }
    }

    @Command(name = "word", mixinStandardHelpOptions = true,
            description = "Word LSTM on PTB (Zaremba small, no dropout): training words/s, test perplexity.")
    static final class Word implements Runnable {
        @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Mixin
        BenchOptions o;

        @Override
        public void run() {
            WordWorkload w = WordWorkload.load(o.seed);
            StreamConfig sc = new StreamConfig(20, 35, 0, epochs, 1.0, OptimizerConfig.parse("sgd"), ScheduleConfig.constant(),
                    5, StreamConfig.Reduction.TIME_SUM, 0, 35, 0, o.seed, 0, 0);
            Map<String, Object> r = measure("word", w.model(), sc, w.train(), w.test(), 5);
            r.put("test_perplexity", Math.exp((Double) r.get("valid_loss")));
            BenchReport.common(r, (Double) r.get("train_tokens_per_s"), "words/s", (Double) r.get("median_step_ms"),
                    "training step (20 x 35 words: forward, backward, SGD)");
            BenchReport.print(r, o.json);
        }
    }

    /**
     * The word workload's data and model: PTB valid (train) and test, the vocabulary of both (7596
     * with <eos>), the LSTM initialized from seed; testFile for reading the test text as sentences.
     */
    record WordWorkload(LanguageModel model, TokenStream train, TokenStream test, Path testFile) {
        static WordWorkload load(long seed) {
            Path trainFile = DataFiles.bundled(Path.of("data/ptb/ptb.valid.txt"));
            Path testFile = DataFiles.bundled(Path.of("data/ptb/ptb.test.txt"));
            String trainText = TextFiles.readUtf8(trainFile);
            String testText = TextFiles.readUtf8(testFile);
            StreamVocabulary sv = StreamVocabulary.build(TextConfig.Level.WORD, List.of(trainText, testText));
            TokenStream train = TokenStream.of(trainText, TextConfig.Level.WORD, sv, trainFile.toString());
            TokenStream test = TokenStream.of(testText, TextConfig.Level.WORD, sv, testFile.toString());
            Vocabulary v = Vocabulary.ofStream(sv.symbols(), StreamSymbols.END_OF_LINE, null);
            ModelConfig c = new ModelConfig("lstm", Activation.TANH, v.size(), 200, 200, 2, true, true, true, "uniform:0.1");
            LanguageModel m = LanguageModel.initialize(c, v, TextConfig.lines(), seed, Map.of());
            return new WordWorkload(m, train, test, testFile);
        }
    }

    /** Trains m as sc says and evaluates on valid; peerWarmupSteps = the steps pytorch_bench.py leaves out of its rate. */
    static Map<String, Object> measure(String name, LanguageModel m, StreamConfig sc, TokenStream train, TokenStream valid,
            int peerWarmupSteps) {
        Kernels k = KernelSelector.get();
        System.err.printf(Locale.ROOT, "%s: %s; train %,d tokens, eval %,d tokens; kernels %s, %d threads%n", name,
                m.config().describe(), train.length(), valid.length(), k.name(), Parallel.threads());
        StepTimes times = new StepTimes(new ProgressLine(System.err, "tok"));
        MinibatchTrainer t = new MinibatchTrainer(m, sc, k, times);
        MinibatchTrainer.Result res = t.train(train, null, () -> false, null, (model, reason) -> { });
        long e0 = System.nanoTime();
        double validLoss = MinibatchTrainer.evaluate(m.newNetwork(k), valid, sc.evalChunk());
        double evalSecs = (System.nanoTime() - e0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", name);
        r.put("steps", res.steps());
        r.put("train_tokens_per_s", res.tokensPerSecond());
        r.put("train_tokens_per_s_after_warmup", times.tokensPerSecondAfter(peerWarmupSteps, (long) sc.batch() * sc.bptt()));
        r.put("train_seconds", res.seconds());
        r.put("train_loss_last", res.trainLoss());
        r.put("valid_loss", validLoss);
        r.put("eval_tokens_per_s", (valid.length() - 1) / evalSecs);
        r.put("clipped_steps", res.clippedSteps());
        r.put("median_step_ms", times.medianMs());
        r.put("first_step_ms", times.firstMs());   // mostly the JIT compiling the kernels: why 1/median > throughput
        return r;
    }

    /** Each training step's milliseconds, from the trainer's elapsed time (evaluations excluded), passed on to inner. */
    static final class StepTimes implements TrainingListener {
        private final TrainingListener inner;
        private final List<Double> ms = new ArrayList<>();
        private double last;

        StepTimes(TrainingListener inner) {
            this.inner = inner;
        }

        @Override
        public void step(Progress p) {
            ms.add((p.secondsElapsed() - last) * 1000);
            last = p.secondsElapsed();
            inner.step(p);
        }

        @Override
        public void evaluated(Evaluation e) {
            inner.evaluated(e);
        }

        @Override
        public void message(String text) {
            inner.message(text);
        }

        double firstMs() {
            return ms.isEmpty() ? Double.NaN : ms.get(0);
        }

        /** Tokens per second over the steps after the first skip ones (tokensPerStep each); NaN if none. */
        double tokensPerSecondAfter(int skip, long tokensPerStep) {
            double ms = 0;
            for (int i = skip; i < this.ms.size(); i++) {
                ms += this.ms.get(i);
            }
            int counted = this.ms.size() - skip;
            return counted <= 0 ? Double.NaN : counted * tokensPerStep / (ms / 1000);
        }

        double medianMs() {
            return ms.isEmpty() ? Double.NaN : BenchReport.median(ms.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
