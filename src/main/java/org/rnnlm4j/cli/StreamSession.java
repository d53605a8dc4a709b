/*
 * StreamSession: one stream-mode training run as the CLI performs it (`train --mode stream`) —
 * read the text as one symbol stream (characters incl. newlines, or words + <eos>), take the
 * vocabulary from the training text (a word text's own "<unk>", as Penn Treebank has, becomes the
 * unknown symbol, so held-out words outside the vocabulary are read as it), hold out the end as validation (or read --valid), train with
 * minibatched truncated BPTT, write a metrics file (JSON lines) beside the model, print a short sample
 * (temperature 0.8) at each evaluation, save atomically at the end and on Ctrl-C.
 */
package org.rnnlm4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.TextFiles;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.data.batch.StreamSymbols;
import org.rnnlm4j.data.batch.StreamVocabulary;
import org.rnnlm4j.data.batch.TokenStream;
import org.rnnlm4j.infer.DecodingOptions;
import org.rnnlm4j.infer.Generator;
import org.rnnlm4j.io.ModelFile;
import org.rnnlm4j.io.Provenance;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelConfig;
import org.rnnlm4j.model.ModelStore;
import org.rnnlm4j.train.StreamConfig;
import org.rnnlm4j.train.MinibatchTrainer;

final class StreamSession {
    private StreamSession() {
    }

    static LanguageModel run(Path data, TextConfig.Level level, Path valid, double validFraction, ModelConfig arch,
                             StreamConfig sc, Path out, PrintStream console) {
        return run(data, level, valid, validFraction, arch, sc, out, console, null, null);
    }

    /**
     * resume (nullable): continue the run a checkpoint describes, from its weights and state.
     * initial (nullable): fine-tune this model (its weights, architecture, vocabulary and level).
     */
    static LanguageModel run(Path data, TextConfig.Level level, Path valid, double validFraction, ModelConfig arch,
                             StreamConfig sc, Path out, PrintStream console, ModelStore.CheckpointFile resume,
                             LanguageModel initial) {
        ModelFile.checkWritable(out);
        String text = TextFiles.readUtf8(data);
        StreamVocabulary sv;
        String unknown;
        if (initial != null) {
            level = initial.text().level();
            unknown = initial.vocabulary().unknownSymbol();
            sv = StreamVocabulary.of(initial.vocabulary().words(), unknown);
        } else {
            sv = StreamVocabulary.build(level, List.of(text));
            unknown = level == TextConfig.Level.WORD && sv.contains(StreamSymbols.UNKNOWN) ? StreamSymbols.UNKNOWN : null;
            sv = StreamVocabulary.of(sv.symbols(), unknown);
        }
        TokenStream all = TokenStream.of(text, level, sv, data.toString());
        TokenStream train = all;
        TokenStream held = null;
        if (valid != null) {
            held = TokenStream.of(TextFiles.readUtf8(valid), level, sv, valid.toString());
        } else if (validFraction > 0) {
            TokenStream.Split split = all.split(1 - validFraction);
            train = split.train();
            held = split.valid();
        }
        if (train.length() < sc.batch() * (sc.bptt() + 1)) {
            throw new RnnlmException(data + " has " + train.length() + " symbols, too few for --batch " + sc.batch()
                    + " x --bptt " + sc.bptt() + ": use a smaller --batch or --bptt");
        }
        boolean chars = level == TextConfig.Level.CHAR;
        Vocabulary v = Vocabulary.ofStream(sv.symbols(), chars ? "\n" : StreamSymbols.END_OF_LINE, unknown);
        TextConfig tc = chars ? TextConfig.chars(TextConfig.Format.LINES) : TextConfig.lines();
        ModelConfig c = initial != null ? initial.config() : arch.withVocabSize(v.size());
        Map<String, String> prov = Provenance.provenance(sc.seed(), Provenance.sha256(data), Main.VERSION);
        LanguageModel m = resume != null ? resume.model() : initial != null ? FineTuning.start(initial, prov, console)
                : LanguageModel.initialize(c, v, tc, sc.seed(), prov);
        if (!m.vocabulary().words().equals(v.words())) {
            throw new RnnlmException("the checkpoint's vocabulary differs from " + data + "'s: exact resume needs the same training data");
        }
        console.printf(Locale.ROOT, "training data: %,d %s, vocabulary %d%s%n", train.length(), chars ? "characters" : "tokens",
                v.size(), held == null ? "" : String.format(Locale.ROOT, "; validation %,d", held.length()));
        console.println("model: " + c.describe());
        console.printf(Locale.ROOT, "training: %s, lr %s, clip %s, %d streams x %d steps, kernels %s%n", sc.optimizer().name(),
                sc.lr(), sc.clip(), sc.batch(), sc.bptt(), KernelSelector.get().name());
        Map<String, String> run = FineTuning.mark(RunCheckpoints.settings("stream", data, valid, validFraction, level.configName(),
                0, 0, out, sc), initial);
        try (MetricsFile metrics = new MetricsFile(out, resume != null); SaveOnExit exit = SaveOnExit.install()) {
            MinibatchTrainer t = new MinibatchTrainer(m, sc, KernelSelector.get(), new ProgressLine(console, "tok"));
            TokenStream heldOut = held;
            MinibatchTrainer.Result r = t.train(org.rnnlm4j.train.Batches.streams(train, sc.batch(), sc.bptt()),
                    heldOut == null ? null : () -> MinibatchTrainer.evaluateModel(m, KernelSelector.get(), heldOut, sc.evalChunk()),
                    exit::requested, (step, tokens, trainLoss, validLoss, lr, norm, tps, secs) -> {
                metrics.row(step, tokens, trainLoss, validLoss, lr, norm, tps, secs);
                DecodingOptions sampling = DecodingOptions.builder().continuous(true).maxLength(chars ? 160 : 30)
                        .seed((long) step).temperature(0.8).build();
                String sample = new Generator(m, KernelSelector.get()).generate(new int[0], sampling).get(0).text();
                console.println("sample: " + sample.replace("\n", "\n        "));
            }, TrainingSession.bestAndLast(out, held != null, console),
                    resume == null ? null : RunCheckpoints.trainerState(resume), RunCheckpoints.writer(m, run, out));
            console.println("metrics in " + metrics.path());
            console.printf(Locale.ROOT, "trained %,d steps (%,d tokens) in %.1f s, %,.0f tokens/s; %d steps clipped%n",
                    r.steps(), r.tokens(), r.seconds(), r.tokensPerSecond(), r.clippedSteps());
        }
        return m;
    }
}
