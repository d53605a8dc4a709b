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
import org.rnnlm4j.train.TrainConfig;
import org.rnnlm4j.train.Trainer;
import org.rnnlm4j.train.TrainingData;

final class TrainingSession {

    /** Everything a run needs; arch.vocabSize() is replaced by the vocabulary actually built. */
    record Options(Path data, TextConfig text, int vocabSize, Path valid, double validFraction, int maxSentences,
                   ModelConfig arch, TrainConfig train, Path out, boolean initialLoss) {
    }

    record Outcome(LanguageModel model, Trainer.Result result, List<int[]> train, List<int[]> valid) {
    }

    private TrainingSession() {
    }

    static Outcome run(Options o, PrintStream out) {
        ModelFile.checkWritable(o.out());
        TrainingData d = TrainingData.load(o.data(), o.text(), o.vocabSize(), o.valid(), o.validFraction(),
                o.maxSentences(), o.train().seed() + 2);
        Vocabulary vocab = d.vocabulary();
        out.println("training data: " + d.trainReport());
        if (!d.validIds().isEmpty()) {
            CorpusReport v = d.validReport();
            out.printf(Locale.ROOT, "validation:    %,d sentences, %,d tokens; OOV %.2f%%%n", v.sentences(),
                    v.tokensWithoutMarkers(), 100 * v.oovRate());
        }
        List<int[]> train = d.trainIds();
        List<int[]> valid = d.validIds();
        ModelConfig arch = o.arch().withVocabSize(vocab.size());
        Map<String, String> provenance = Provenance.provenance(o.train().seed(), Provenance.sha256(o.data()), Main.VERSION);
        LanguageModel model = LanguageModel.initialize(arch, vocab, o.text(), o.train().seed(), provenance);
        Kernels k = KernelSelector.get();
        out.println("model: " + arch.describe());
        out.printf(Locale.ROOT, "training: %d epochs, SGD lr %s, %s, kernels %s%n", o.train().epochs(),
                o.train().learningRate(), o.train().bpttTruncate() > 0 ? "BPTT truncated at " + o.train().bpttTruncate() + " steps" : "full BPTT",
                k.name());
        ProgressLine progress = new ProgressLine(out);
        Trainer trainer = new Trainer(model, o.train(), k, progress);
        if (o.initialLoss()) {
            double l0 = Trainer.meanLoss(trainer.network(), train);
            out.printf(Locale.ROOT, "expected loss for random predictions: ln(%d) = %.4f%n", vocab.size(), Math.log(vocab.size()));
            out.printf(Locale.ROOT, "actual loss of the initialized model: %.4f nats/token%n", l0);
        }
        Trainer.Result result;
        try (SaveOnExit exit = SaveOnExit.install()) {
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
