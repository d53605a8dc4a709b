/*
 * `rnnlm4j bench sample`: generation speed, one token at a time — the char workload's sampling
 * (../shared/bench/README.md: prime "\n", zero state, 2000 characters, softmax(logits / 1.0),
 * multinomial) on the char workload's model, Embedding(65,64) -> LSTM(64->256, 2 layers) ->
 * Linear(256,65), initialized as `bench char` initializes it and not trained: the time per
 * character does not depend on the weights (the JSON says "weights":"initialized"). --model
 * samples from a saved model instead (any kind; a sentence model samples sentences until N tokens).
 *
 * Two paths, each run --warmup times (default 3) to warm up and then --repeats times, alternately
 * (after a single warm-up run the next two ran 15-20% slower: C2 was still compiling the generate
 * path; from the third on the runs settle):
 *   generate   what `rnnlm4j generate` and Rnnlm.generate run: Generator with DecodingOptions
 *              (a stream model: --length N continuing the start symbol; logit processing, the
 *              model's log-probabilities, the detokenized transcript)
 *   step loop  the plain loop `bench char` times: Network.step, softmax, one draw per token
 * Throughput = N / seconds of a run; reported: the median and every run of both paths. The
 * headline (throughput, median_step_ms) is the generate path's: what users get.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.infer.DecodingOptions;
import org.rnnlm4j.infer.Generator;
import org.rnnlm4j.infer.Sample;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.model.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sampling speed, one token at a time: the char workload's sampling (prime \"\\n\", 2000 "
                + "characters, temperature 1) on the char workload's LSTM, initialized and not trained (the speed "
                + "does not depend on the weights), or on --model. Times the path of 'rnnlm4j generate' and the "
                + "plain step loop of 'bench char'.",
        footer = {"", "Examples:", "  rnnlm4j bench sample", "  rnnlm4j bench sample --json --repeats 9",
                "  rnnlm4j bench sample --model shakespeare.model --chars 500 --warmup 1"})
final class BenchSample implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Sample from this model (default: the char workload's, initialized).")
    Path model;

    @Option(names = "--chars", defaultValue = "2000", paramLabel = "N", description = "Tokens (characters) per run (default: ${DEFAULT-VALUE}).")
    int chars;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "R", description = "Timed runs of each path after the warm-up (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "W", description = "Untimed runs of each path first, while the JIT compiles (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    BenchOptions o;

    @Override
    public void run() {
        if (chars < 1 || repeats < 1 || warmup < 1) {
            throw new RnnlmException("--chars, --repeats and --warmup must be at least 1 (got " + chars + ", " + repeats
                    + " and " + warmup + ")");
        }
        LanguageModel m = model == null ? BenchStreams.CharWorkload.load(o.seed).model() : Inputs.model(model);
        Kernels k = KernelSelector.get();
        boolean isChars = m.text().level() == TextConfig.Level.CHAR;
        String unit = isChars ? "chars" : "tokens";
        System.err.printf(Locale.ROOT, "sample: %s, %s; %d %s per run, %d warm-up + %d runs per path; kernels %s%n",
                m.config().describe(), model == null ? "initialized" : model.toString(), chars, unit, warmup, repeats, k.name());
        Generator generator = new Generator(m, k);
        Network net = m.newNetwork(k);
        String text = generate(generator, m.vocabulary(), chars, o.seed);
        stepLoop(net, chars, o.seed);
        for (int i = 1; i < warmup; i++) {
            generate(generator, m.vocabulary(), chars, o.seed);
            stepLoop(net, chars, o.seed);
        }
        double[] gen = new double[repeats];
        double[] loop = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            generate(generator, m.vocabulary(), chars, o.seed + 1 + i);
            long t1 = System.nanoTime();
            stepLoop(net, chars, o.seed + 1 + i);
            long t2 = System.nanoTime();
            gen[i] = chars / ((t1 - t0) / 1e9);
            loop[i] = chars / ((t2 - t1) / 1e9);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", "sample");
        r.put("model", model == null ? "char workload: " + m.config().describe() : model.toString());
        r.put("weights", model == null ? "initialized" : "file");
        r.put(unit, chars);
        r.put("warmup", warmup);
        r.put("repeats", repeats);
        r.put(unit + "_per_s", BenchReport.median(gen));
        r.put(unit + "_per_s_runs", gen);
        r.put("median_ms_per_" + (isChars ? "char" : "token"), 1000 / BenchReport.median(gen));
        r.put("step_loop_" + unit + "_per_s", BenchReport.median(loop));
        r.put("step_loop_" + unit + "_per_s_runs", loop);
        r.put("sample_start", text.substring(0, Math.min(120, text.length())));
        BenchReport.common(r, BenchReport.median(gen), unit + "/s", 1000 / BenchReport.median(gen),
                "one sampled " + (isChars ? "char" : "token") + " (generate path)");
        BenchReport.print(r, o.json);
    }

    /**
     * n tokens the way `rnnlm4j generate` makes them: a stream model continues its start symbol for n
     * symbols (--length n); a sentence model samples sentences (seeds seed, seed+1, ...) until n
     * tokens, its end symbols counted. Returns the text.
     */
    static String generate(Generator g, Vocabulary v, int n, long seed) {
        StringBuilder text = new StringBuilder();
        int done = 0;
        for (long s = seed; done < n; s++) {
            DecodingOptions d = DecodingOptions.builder().count(1).seed(s).maxLength(n - done).continuous(v.isStream()).build();
            Sample sample = g.generate(new int[0], d).get(0);
            done += Math.max(1, sample.tokens().size());
            text.append(v.isStream() || text.length() == 0 ? "" : "\n").append(sample.text());
        }
        return text.toString();
    }

    /**
     * The plain sampling loop: from a zero state read the start symbol, then n times draw a token
     * from softmax(logits) (one nextDouble per token) and read it. Returns the tokens, concatenated.
     */
    static String stepLoop(Network net, int n, long seed) {
        Vocabulary v = net.model().vocabulary();
        NumpyRandom rng = new NumpyRandom(seed);
        State s = net.newState();
        float[] logits = new float[v.size()];
        double[] p = new double[v.size()];
        StringBuilder sb = new StringBuilder();
        int token = v.startId();
        for (int i = 0; i < n; i++) {
            net.step(s, token, logits);
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l);
            }
            double sum = 0;
            for (int j = 0; j < p.length; j++) {
                p[j] = Math.exp(logits[j] - max);
                sum += p[j];
            }
            double u = rng.nextDouble() * sum;
            token = p.length - 1;
            for (int j = 0; j < p.length; j++) {
                u -= p[j];
                if (u < 0) {
                    token = j;
                    break;
                }
            }
            sb.append(v.word(token));
        }
        return sb.toString();
    }
}
