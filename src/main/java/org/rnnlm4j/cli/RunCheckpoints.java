/*
 * RunCheckpoints: the CLI side of exact resume. A minibatch run writes MODEL.ckpt (the weights, the
 * trainer's Checkpoint and the run's own settings: mode, data files and their SHA-256, split,
 * StreamConfig) at its final save or stop; `train --resume MODEL.ckpt` reads it back, checks the data
 * is unchanged and continues where it stopped.
 */
package org.rnnlm4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.Provenance;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.ModelStore;
import org.rnnlm4j.train.Checkpoint;
import org.rnnlm4j.train.StreamConfig;

final class RunCheckpoints {
    private RunCheckpoints() {
    }

    /** The settings that describe a run (besides the trainer state). */
    static Map<String, String> settings(String mode, Path data, Path valid, double validFraction, String level,
                                        int vocabSize, int maxSentences, Path out, StreamConfig sc) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("data", data.toAbsolutePath().toString());
        m.put("data_sha256", Provenance.sha256(data));
        m.put("valid", valid == null ? "" : valid.toAbsolutePath().toString());
        m.put("valid_fraction", Double.toString(validFraction));
        m.put("level", level);
        m.put("vocab_size", Integer.toString(vocabSize));
        m.put("max_sentences", Integer.toString(maxSentences));
        m.put("out", out.toAbsolutePath().toString());
        m.putAll(sc.toMap());
        return m;
    }

    /** Writes MODEL.ckpt when the trainer hands over its checkpoint. */
    static Consumer<Checkpoint> writer(LanguageModel model, Map<String, String> run, Path out) {
        return c -> {
            Map<String, String> all = new LinkedHashMap<>(run);
            all.putAll(c.settings());
            ModelStore.saveCheckpoint(model, all, c.tensors(), Path.of(out + ".ckpt"));
        };
    }

    static Checkpoint trainerState(ModelStore.CheckpointFile f) {
        return new Checkpoint(f.settings(), f.tensors());
    }

    /** Re-runs training from a checkpoint with the settings stored in it. */
    static void resume(Path ckpt) {
        ModelStore.CheckpointFile f = ModelStore.loadCheckpoint(ckpt);
        Map<String, String> s = f.settings();
        Path data = Path.of(s.get("data"));
        if (!Provenance.sha256(data).equals(s.get("data_sha256"))) {
            throw new RnnlmException(data + " changed since the checkpoint was written: exact resume needs the same training data");
        }
        Path valid = s.get("valid").isEmpty() ? null : Path.of(s.get("valid"));
        double fraction = Double.parseDouble(s.get("valid_fraction"));
        StreamConfig sc = StreamConfig.fromMap(s);
        Path out = Path.of(s.get("out"));
        System.out.println("resuming " + ckpt + " (step " + s.get("run.step") + ") with the settings stored in it");
        if (s.get("mode").equals("stream")) {
            StreamSession.run(data, TextOptions.parseLevel(s.get("level")), valid, fraction, f.model().config(), sc, out,
                    System.out, f, FineTuning.marked(s) ? f.model() : null);
        } else {
            TrainingSession.run(new TrainingSession.Options(data, f.model().text(), Integer.parseInt(s.get("vocab_size")),
                    valid, fraction, Integer.parseInt(s.get("max_sentences")), f.model().config(),
                    new org.rnnlm4j.train.TrainConfig(sc.epochs(), 0.005, 0, 1, sc.seed(), true, 0, sc.maxMinutes()), out,
                    false, sc, f, FineTuning.marked(s) ? f.model() : null), System.out);
        }
    }
}
