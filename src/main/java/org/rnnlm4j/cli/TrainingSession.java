/*
 * TrainingSession: one training run as the CLI performs it — read and tokenize the corpus, hold out
 * a validation split, build the vocabulary on the training split, initialize the model, train with a
 * live progress line, save atomically (periodically, at the end, and on Ctrl-C).
 *
 * The order of checks is deliberate: the output path is checked for writability and the corpus is
 * validated BEFORE any training time is spent.
 */
package org.rnnlm4j.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.data.CorpusReport;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.io.ModelFile;
import org.rnnlm4j.io.Provenance;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.model.ModelStore;
import org.rnnlm4j.train.Batches;
import org.rnnlm4j.train.MinibatchTrainer;
import org.rnnlm4j.train.StreamConfig;
import org.rnnlm4j.train.TrainConfig;
import org.rnnlm4j.train.Trainer;
import org.rnnlm4j.train.TrainingData;
import org.rnnlm4j.train.TrainingListener;

final class TrainingSession {

    /**
     * Everything a run needs; arch.vocabSize() is replaced by the vocabulary actually built. initial
     * (nullable): fine-tune this model — its weights, architecture and vocabulary — instead.
     */
    record Options(Path data, TextConfig text, int vocabSize, Path valid, double validFraction, int maxSentences,
                   ModelConfig arch, TrainConfig train, Path out, boolean initialLoss, StreamConfig minibatch,
                   ModelStore.CheckpointFile resume, LanguageModel initial) {
        Options(Path data, TextConfig text, int vocabSize, Path valid, double validFraction, int maxSentences,
                ModelConfig arch, TrainConfig train, Path out, boolean initialLoss) {
            this(data, text, vocabSize, valid, validFraction, maxSentences, arch, train, out, initialLoss, null, null, null);
        }
    }

    record Outcome(LanguageModel model, Trainer.Result result, List<int[]> train, List<int[]> valid) {
    }

    private TrainingSession() {
    }

    static Outcome run(Options o, PrintStream out) {
        ModelFile.checkWritable(o.out());
        TrainingData d = TrainingData.load(o.data(), o.text(), o.vocabSize(), o.valid(), o.validFraction(),
                o.maxSentences(), o.train().seed() + 2, o.initial() == null ? null : o.initial().vocabulary());
        Vocabulary vocab = d.vocabulary();
        out.println("training data: " + d.trainReport());
        if (!d.validIds().isEmpty()) {
            CorpusReport v = d.validReport();
            out.printf(Locale.ROOT, "validation:    %,d sentences, %,d tokens; OOV %.2f%%%n", v.sentences(),
                    v.tokensWithoutMarkers(), 100 * v.oovRate());
        }
        List<int[]> train = d.trainIds();
        List<int[]> valid = d.validIds();
        ModelConfig arch = o.initial() != null ? o.initial().config() : o.arch().withVocabSize(vocab.size());
        Map<String, String> provenance = Provenance.provenance(o.train().seed(), Provenance.sha256(o.data()), Main.VERSION);
        LanguageModel model = o.resume() != null ? o.resume().model()
                : o.initial() != null ? FineTuning.start(o.initial(), provenance, out)
                : LanguageModel.initialize(arch, vocab, o.text(), o.train().seed(), provenance);
        if (!model.vocabulary().words().equals(vocab.words())) {
            throw new org.rnnlm4j.RnnlmException("the checkpoint's vocabulary differs from " + o.data() + "'s: exact resume needs the same training data");
        }
        Kernels k = KernelSelector.get();
        out.println("model: " + arch.describe());
        if (o.minibatch() != null) {
            return minibatches(o, model, train, valid, out);
        }
        out.printf(Locale.ROOT, "training: %d epochs, SGD lr %s, %s, kernels %s%n", o.train().epochs(),
                o.train().learningRate(), o.train().bpttTruncate() > 0 ? "BPTT truncated at " + o.train().bpttTruncate() + " steps" : "full BPTT",
                k.name());
        ProgressLine progress = new ProgressLine(out);
        MetricsFile metrics = new MetricsFile(o.out(), false);
        long started = System.nanoTime();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void step(Progress p) {
                progress.step(p);
            }

            @Override
            public void evaluated(Evaluation e) {
                progress.evaluated(e);
                metrics.row(e.sentencesSeen(), null, e.trainLoss(), e.validLoss(), e.learningRate(), null, null,
                        (System.nanoTime() - started) / 1e9);
            }

            @Override
            public void message(String text) {
                progress.message(text);
            }
        };
        Trainer trainer = new Trainer(model, o.train(), k, listener);
        if (o.initialLoss()) {
            double l0 = Trainer.meanLoss(trainer.network(), train);
            out.printf(Locale.ROOT, "expected loss for random predictions: ln(%d) = %.4f%n", vocab.size(), Math.log(vocab.size()));
            out.printf(Locale.ROOT, "actual loss of the initialized model: %.4f nats/token%n", l0);
        }
        Trainer.Result result;
        try (metrics; SaveOnExit exit = SaveOnExit.install()) {
            result = trainer.train(train, valid, exit::requested, (m, reason) -> {
                ModelStore.save(m, o.out());
                if (!reason.equals("periodic save")) {
                    out.println("saved " + o.out() + " (" + humanSize(o.out()) + ", " + reason + ")");
                }
            });
        }
        out.printf(Locale.ROOT, "trained %d epoch%s (%,d steps) in %.1f s%n", result.epochsCompleted(),
                result.epochsCompleted() == 1 ? "" : "s", result.steps(), result.seconds());
        return new Outcome(model, result, train, valid);
    }

    /** Sentence mode with --batch > 1: padded batches of similar-length sentences, an optimizer, clipping. */
    private static Outcome minibatches(Options o, LanguageModel model, List<int[]> train, List<int[]> valid, PrintStream out) {
        StreamConfig sc = o.minibatch();
        out.printf(Locale.ROOT, "training: batches of %d sentences of similar length, %s, lr %s, clip %s%n", sc.batch(),
                sc.optimizer().name(), sc.lr(), sc.clip());
        Kernels k = KernelSelector.get();
        MinibatchTrainer t = new MinibatchTrainer(model, sc, k, new ProgressLine(out, "tok"));
        MinibatchTrainer.Result r;
        try (MetricsFile metrics = new MetricsFile(o.out(), o.resume() != null); SaveOnExit exit = SaveOnExit.install()) {
            r = t.train(Batches.sentences(train, sc.batch(), model.vocabulary().endId(), sc.seed()),
                    valid.isEmpty() ? null : () -> MinibatchTrainer.evaluateModel(model, k, valid), exit::requested,
                    metrics::row,
                    bestAndLast(o.out(), !valid.isEmpty(), out),
                    o.resume() == null ? null : RunCheckpoints.trainerState(o.resume()),
                    RunCheckpoints.writer(model, FineTuning.mark(RunCheckpoints.settings("sentence", o.data(), o.valid(),
                            o.validFraction(), "word", o.vocabSize(), o.maxSentences(), o.out(), sc), o.initial()), o.out()));
        }
        out.printf(Locale.ROOT, "trained %,d steps (%,d tokens) in %.1f s%n", r.steps(), r.tokens(), r.seconds());
        return new Outcome(model, null, train, valid);
    }

    /**
     * The saver of minibatch training: without validation data every save goes to out; with it, out
     * keeps the best model (reason "best") and the final weights go to out.last.
     */
    static Trainer.Checkpointer bestAndLast(Path out, boolean validation, PrintStream console) {
        return (m, reason) -> {
            Path target = validation && !reason.equals("best") ? Path.of(out + ".last") : out;
            ModelStore.save(m, target);
            if (!reason.equals("best")) {
                console.println("saved " + target + " (" + humanSize(target) + ", " + reason + ")"
                        + (validation ? "; best validation model in " + out : ""));
            }
        };
    }

    static String humanSize(Path p) {
        try {
            long b = Files.size(p);
            return b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", b / 1048576.0)
                    : String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
