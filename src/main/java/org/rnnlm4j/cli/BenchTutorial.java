/*
 * `rnnlm4j bench tutorial`: the `tut` workload — the WildML tutorial's RNN on the reddit sample,
 * tokenized as the benchmark defines (vocabulary 4585), hidden 100, numpy-seeded initialization
 * (seed 10), plain SGD lr 0.005 on each sentence's summed loss, one sentence per step in file order.
 *
 * Measured: ms per SGD step on sentence index 10 (fresh model, 3 warm-up steps, then repetitions),
 * and every step of one epoch with full BPTT and again with the tutorial's truncation at 4, each on
 * a fresh model after a JIT warm-up epoch on a throwaway model; the median is the headline figure.
 * Losses before and after the epoch are reported so the run can be checked against PyTorch's.
 */
package org.rnnlm4j.cli;

import static org.rnnlm4j.cli.BenchReport.mean;
import static org.rnnlm4j.cli.BenchReport.median;
import static org.rnnlm4j.cli.BenchReport.peakHeapMb;
import static org.rnnlm4j.cli.BenchReport.sum;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.data.Corpus;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.io.Json;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.train.Sgd;
import org.rnnlm4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tutorial", mixinStandardHelpOptions = true,
        description = "ms per SGD step of the WildML tutorial RNN on the reddit sample (the 'tut' workload).")
final class BenchTutorial implements Runnable {
    @Option(names = "--csv", description = "Reddit CSV (default: the bundled sample).")
    Path csv;

    @Option(names = "--json", description = "Print one JSON line with the figures.")
    boolean json;

    @Option(names = "--reps", defaultValue = "200", description = "Timed repetitions on sentence index 10 (default: ${DEFAULT-VALUE}).")
    int reps;

    private static final float LR = 0.005f;

    @Override
    public void run() {
        Path data = csv != null ? csv : DataFiles.bundled(TutorialCommand.REDDIT);
        Corpus corpus = Corpus.load(data, TextConfig.benchmark());
        Vocabulary vocab = Vocabulary.build(corpus.sentences(), 8000);
        List<int[]> ids = corpus.encode(vocab);
        Kernels k = KernelSelector.get();
        ModelConfig cfg = ModelConfig.tutorial(vocab.size(), 100, Activation.TANH);
        int[] s10 = ids.get(10);
        System.err.printf(Locale.ROOT, "tut: %d sentences, vocabulary %d, sentence[10] has %d steps; kernels %s, %d threads%n",
                ids.size(), vocab.size(), s10.length - 1, k.name(), Parallel.threads());

        LanguageModel m = fresh(cfg, vocab);
        Network net = m.newNetwork(k);
        for (int i = 0; i < 3; i++) {
            step(net, s10, 0, true);
        }
        double[] t10 = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            step(net, s10, 0, true);
            t10[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.err.println("warm-up epoch on a throwaway model ...");
        epoch(fresh(cfg, vocab), ids, k, 0);
        LanguageModel full = fresh(cfg, vocab);
        double loss0 = Trainer.meanLoss(full.newNetwork(k), ids);
        double[] tFull = epoch(full, ids, k, 0);
        double loss1 = Trainer.meanLoss(full.newNetwork(k), ids);
        double[] tTrunc = epoch(fresh(cfg, vocab), ids, k, 4);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", "tutorial");
        r.put("sentences", ids.size());
        r.put("vocab", vocab.size());
        r.put("median_ms_per_step_full_bptt", median(tFull));
        r.put("mean_ms_per_step_full_bptt", mean(tFull));
        r.put("steps_per_s_full_bptt", 1000 / median(tFull));
        r.put("median_ms_per_step_truncate4", median(tTrunc));
        r.put("ms_per_step_sentence10", median(t10));
        r.put("sentence10_steps", s10.length - 1);
        r.put("initial_loss", loss0);
        r.put("loss_after_epoch", loss1);
        r.put("epoch_seconds_full_bptt", sum(tFull) / 1000);
        BenchReport.common(r, 1000 / median(tFull), "steps/s", median(tFull), "SGD step on one sentence, full BPTT");
        if (json) {
            System.out.println(Json.write(r));
        } else {
            System.out.printf(Locale.ROOT, "tutorial RNN (hidden 100, vocabulary %d), one sentence per SGD step%n", vocab.size());
            System.out.printf(Locale.ROOT, "  full BPTT:      median %.3f ms/step (mean %.3f), epoch of %d steps in %.2f s%n",
                    median(tFull), mean(tFull), ids.size(), sum(tFull) / 1000);
            System.out.printf(Locale.ROOT, "  truncate 4:     median %.3f ms/step%n", median(tTrunc));
            System.out.printf(Locale.ROOT, "  sentence[10]:   %.3f ms/step (%d steps, median of %d)%n", median(t10), s10.length - 1, reps);
            System.out.printf(Locale.ROOT, "  loss:           %.5f -> %.5f nats/token after one epoch%n", loss0, loss1);
            System.out.printf(Locale.ROOT, "  JDK %s, kernels %s, %d threads, peak heap %.0f MB%n",
                    Runtime.version(), k.name(), Parallel.threads(), peakHeapMb());
        }
    }

    private static LanguageModel fresh(ModelConfig cfg, Vocabulary vocab) {
        LanguageModel m = LanguageModel.initialize(cfg, vocab, TextConfig.benchmark(), 10, Map.of());
        Sgd.fuse(m.params().values(), LR);
        return m;
    }

    /**
     * One SGD step; the update itself is fused into backward (Sgd.fuse). As in Trainer, the decoder's
     * part of it may still run when this returns, into the next step; finish: wait for it here.
     */
    private static void step(Network net, int[] s, int truncate, boolean finish) {
        net.lossAndGradientOverlapped(s, truncate, 1f);
        if (finish) {
            net.finishPending();
        }
    }

    /** One epoch in file order; returns each step's milliseconds (the last one's includes all that was left running). */
    private static double[] epoch(LanguageModel m, List<int[]> ids, Kernels k, int truncate) {
        Network net = m.newNetwork(k);
        double[] t = new double[ids.size()];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            step(net, ids.get(i), truncate, i == t.length - 1);
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        return t;
    }
}
