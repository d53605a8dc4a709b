/*
 * `rnnlm4j bench score`: scoring throughput — many sentences, each from a zero state as
 * `rnnlm4j score` and `eval` score them (START w1 .. wn END), batched (BatchScorer: sentences of
 * similar length together, one forward pass per batch, padding masked, no gradient work).
 *
 * Workload: the word workload's model, Embedding(7596,200) -> LSTM(200->200, 2 layers) ->
 * Linear(200,7596), initialized as `bench word` initializes it and not trained (the time does not
 * depend on the weights: "weights":"initialized"), on the lines of data/ptb/ptb.test.txt, each
 * its own sentence; or --model M --text FILE (FILE read in M's training format, as `eval` reads it).
 * Tokens scored = predictions, the sentence ends included (PyTorch's "words" count <eos> too).
 *
 * Measured, in this order: one warm-up pass over all batches, then --repeats timed passes (each
 * batch timed); one pass one sentence at a time (batches of one: `score`'s default path, bitwise);
 * and the stream evaluation of the word workload — the whole text as one stream, batch 1, chunks of
 * 35, the state carried (PyTorch's "evaluation words/s"; stream models only). The largest
 * difference between the batched and the one-at-a-time log-probabilities is reported too.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.SentenceStream;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.TextFiles;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.data.batch.StreamVocabulary;
import org.rnnlm4j.data.batch.TokenStream;
import org.rnnlm4j.infer.BatchScorer;
import org.rnnlm4j.infer.Scorer;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.train.MinibatchTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scoring speed: the lines of data/ptb/ptb.test.txt, each a sentence from a fresh state, scored "
                + "in batches by the word workload's LSTM (initialized and not trained: the speed does not depend "
                + "on the weights), or --model M --text FILE; beside it one sentence at a time and the stream "
                + "evaluation (the text as one stream, batch 1, chunks of 35) that PyTorch's evaluation words/s "
                + "measures.",
        footer = {"", "Examples:", "  rnnlm4j bench score", "  rnnlm4j bench score --json --batch 128 --repeats 5",
                "  rnnlm4j bench score --model ptb.model --text data/ptb/ptb.test.txt"})
final class BenchScore implements Runnable {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Score with this model (default: the word workload's, initialized).")
    Path model;

    @Option(names = "--text", paramLabel = "FILE", description = "Sentences to score, in the model's training format (default: data/ptb/ptb.test.txt).")
    Path text;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "B", description = "Sentences per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "R", description = "Timed batched passes after a warm-up pass (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--sentences", defaultValue = "0", paramLabel = "N", description = "Use the first N sentences only (default: 0, all).")
    int limit;

    @Mixin
    BenchOptions o;

    /** The stream evaluation's chunk, as in the word workload. */
    static final int CHUNK = 35;
    /** Sentences (of one at a time) and chunks (of the stream evaluation) run before their timed pass. */
    static final int WARM_UP_SENTENCES = 200;
    static final int WARM_UP_CHUNKS = 100;

    @Override
    public void run() {
        if (batch < 1 || repeats < 1 || limit < 0) {
            throw new RnnlmException("--batch and --repeats must be at least 1 and --sentences 0 or more");
        }
        if (model != null && text == null) {
            throw new RnnlmException("--model needs --text FILE: the sentences to score");
        }
        LanguageModel m = model == null ? BenchStreams.WordWorkload.load(o.seed).model() : Inputs.model(model);
        Path file = text != null ? text : DataFiles.bundled(Path.of("data/ptb/ptb.test.txt"));
        Kernels k = KernelSelector.get();
        Scorer scorer = new Scorer(m, k);
        List<int[]> ids = sentences(m, scorer, file);
        long predictions = 0;
        for (int[] s : ids) {
            predictions += s.length - 1;
        }
        if (predictions == 0) {
            throw new RnnlmException(file + " has no sentence this model can score: pass a text in its language and format");
        }
        System.err.printf(Locale.ROOT, "score: %s, %s; %,d sentences, %,d tokens scored; batch %d; kernels %s%n",
                m.config().describe(), model == null ? "initialized" : model.toString(), ids.size(), predictions, batch, k.name());

        BatchScorer batched = new BatchScorer(m.newNetwork(k), batch);
        List<BatchScorer.Batch> plan = batched.plan(ids);
        float[][] lp = new float[ids.size()][];
        timePass(batched, plan, ids, lp); // warm-up
        double[] passSeconds = new double[repeats];
        double[] batchMs = new double[repeats * plan.size()];
        for (int i = 0; i < repeats; i++) {
            double[] each = timePass(batched, plan, ids, lp);
            System.arraycopy(each, 0, batchMs, i * plan.size(), each.length);
            passSeconds[i] = BenchReport.sum(each) / 1000;
        }
        BatchScorer single = new BatchScorer(m.newNetwork(k), 1);
        List<BatchScorer.Batch> singles = single.plan(ids);
        float[][] lp1 = new float[ids.size()][];
        timePass(single, singles.subList(0, Math.min(WARM_UP_SENTENCES, singles.size())), ids, lp1);
        double oneSeconds = BenchReport.sum(timePass(single, singles, ids, lp1)) / 1000;

        boolean chars = m.text().level() == TextConfig.Level.CHAR;
        String unit = chars ? "chars" : "words";
        double perS = predictions / BenchReport.median(passSeconds);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("workload", "score");
        r.put("model", model == null ? "word workload: " + m.config().describe() : model.toString());
        r.put("weights", model == null ? "initialized" : "file");
        r.put("text", file.toString());
        r.put("sentences", ids.size());
        r.put("tokens_scored", predictions);
        r.put("batch", batch);
        r.put("batches", plan.size());
        r.put("padding", padding(plan, predictions));
        r.put("repeats", repeats);
        r.put(unit + "_per_s", perS);
        r.put(unit + "_per_s_runs", perSecond(predictions, passSeconds));
        r.put("sentences_per_s", ids.size() / BenchReport.median(passSeconds));
        r.put("median_ms_per_batch", BenchReport.median(batchMs));
        r.put("one_at_a_time_" + unit + "_per_s", predictions / oneSeconds);
        r.put("batched_speedup", perS / (predictions / oneSeconds));
        r.put("max_abs_diff_vs_one_at_a_time", maxDiff(lp, lp1));
        r.put("nats_per_token", -sum(lp) / predictions);
        streamEvaluation(m, file, predictions, r, unit);
        BenchReport.common(r, perS, unit + "/s", BenchReport.median(batchMs), "one batch of up to " + batch + " sentences");
        BenchReport.print(r, o.json);
    }

    /** The ids of every sentence of file the model can score (as `eval` reads and skips them), up to --sentences. */
    private List<int[]> sentences(LanguageModel m, Scorer scorer, Path file) {
        List<int[]> ids = new ArrayList<>();
        Inputs.withReader(file.toString(), (reader, name) -> SentenceStream.forEach(m.text(), reader, name, false, s -> {
            List<String> tokens = EvalCommand.strip(s);
            if (!tokens.isEmpty() && (limit == 0 || ids.size() < limit)) {
                try {
                    ids.add(scorer.prepare(String.join(" ", tokens), tokens, Scorer.Boundaries.SENTENCE).ids());
                } catch (RnnlmException unscorable) {
                    // only unknown words, or a symbol the model cannot read: eval skips it too
                }
            }
        }));
        return ids;
    }

    /** Runs every batch of plan; returns each batch's milliseconds. */
    private static double[] timePass(BatchScorer b, List<BatchScorer.Batch> plan, List<int[]> ids, float[][] out) {
        double[] ms = new double[plan.size()];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            b.run(plan.get(i), ids, out);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /**
     * The word workload's evaluation figure on the same text (stream models; other models: null):
     * the text as one stream, batch 1, chunks of 35, the state carried; with --sentences, as many
     * tokens as those sentences have.
     */
    private void streamEvaluation(LanguageModel m, Path file, long predictions, Map<String, Object> r, String unit) {
        Object perS = null;
        Vocabulary v = m.vocabulary();
        if (v.isStream()) {
            StreamVocabulary sv = StreamVocabulary.of(v.words(), v.unknownId() < 0 ? null : v.unknownSymbol());
            TokenStream all = TokenStream.of(TextFiles.readUtf8(file), m.text().level(), sv, file.toString());
            TokenStream stream = limit > 0 ? all.range(0, (int) Math.min(all.length(), predictions + 1)) : all;
            Network net = m.newNetwork(KernelSelector.get());
            MinibatchTrainer.evaluate(net, stream.range(0, Math.min(stream.length(), CHUNK * WARM_UP_CHUNKS)), CHUNK);
            long t0 = System.nanoTime();
            MinibatchTrainer.evaluate(net, stream, CHUNK);
            perS = (stream.length() - 1) / ((System.nanoTime() - t0) / 1e9);
        }
        r.put("stream_eval_" + unit + "_per_s", perS);
        r.put("stream_eval_chunk", CHUNK);
    }

    private static double padding(List<BatchScorer.Batch> plan, long predictions) {
        long positions = 0;
        for (BatchScorer.Batch b : plan) {
            positions += (long) b.rows() * b.steps();
        }
        return 1 - (double) predictions / positions;
    }

    private static double[] perSecond(long n, double[] seconds) {
        double[] out = new double[seconds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = n / seconds[i];
        }
        return out;
    }

    private static double maxDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    private static double sum(float[][] a) {
        double s = 0;
        for (float[] row : a) {
            for (float v : row) {
                s += v;
            }
        }
        return s;
    }
}
