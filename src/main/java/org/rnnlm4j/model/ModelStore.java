/*
 * ModelStore: a LanguageModel to and from its file. The byte layout is ModelFile's
 * (docs/model-format.md); this class decides what goes in it:
 *   metadata   model.* (ModelConfig), text.* (TextConfig), provenance.* (seed, corpus hash, tool
 *              version, date), kind = "language-model", vocab.kind = sentence | stream (with
 *              vocab.boundary and vocab.unknown for streams; files without it are sentence models)
 *   vocabulary the symbols in id order
 *   tensors    the parameters by their PyTorch-style names
 * Loading checks that the pieces agree and says what is wrong in one line if they do not.
 */
package org.rnnlm4j.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.io.ModelFile;
import org.rnnlm4j.nn.Param;

public final class ModelStore {
    private static final String KIND = "language-model";
    private static final String CHECKPOINT = "checkpoint";

    private ModelStore() {
    }

    public static void save(LanguageModel m, Path path) {
        ModelFile.write(path, contents(m, KIND, Map.of(), Map.of()));
    }

    /** A model plus a training run's state (settings under "ckpt.", tensors under "ckpt/"), one file. */
    public record CheckpointFile(LanguageModel model, Map<String, String> settings, Map<String, float[]> tensors) {
    }

    public static void saveCheckpoint(LanguageModel m, Map<String, String> settings, Map<String, float[]> tensors, Path path) {
        ModelFile.write(path, contents(m, CHECKPOINT, settings, tensors));
    }

    public static CheckpointFile loadCheckpoint(Path path) {
        ModelFile.Contents c = ModelFile.read(path);
        if (!CHECKPOINT.equals(c.metadata().get("kind"))) {
            throw new RnnlmException(path + " is not a training checkpoint: pass the MODEL.ckpt file a minibatch run wrote");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : c.metadata().entrySet()) {
            if (e.getKey().startsWith("ckpt.")) {
                settings.put(e.getKey().substring(5), e.getValue());
            }
        }
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, ModelFile.Tensor> e : c.tensors().entrySet()) {
            if (e.getKey().startsWith("ckpt/")) {
                tensors.put(e.getKey().substring(5), e.getValue().data());
            }
        }
        return new CheckpointFile(fromContents(path, c), settings, tensors);
    }

    private static ModelFile.Contents contents(LanguageModel m, String kind, Map<String, String> settings,
                                               Map<String, float[]> extra) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", kind);
        meta.putAll(m.config().toMap());
        Vocabulary v = m.vocabulary();
        meta.put("vocab.kind", v.isStream() ? "stream" : "sentence");
        if (v.isStream()) {
            meta.put("vocab.boundary", v.boundary());
            meta.put("vocab.unknown", v.unknownSymbol() == null ? "" : v.unknownSymbol());
        }
        for (Map.Entry<String, String> e : m.text().toMap().entrySet()) {
            meta.put("text." + e.getKey(), e.getValue());
        }
        meta.putAll(m.provenance());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            meta.put("ckpt." + e.getKey(), e.getValue());
        }
        LinkedHashMap<String, ModelFile.Tensor> tensors = new LinkedHashMap<>();
        for (Param p : m.params().values()) {
            tensors.put(p.name, new ModelFile.Tensor(p.shape, p.w));
        }
        for (Map.Entry<String, float[]> e : extra.entrySet()) {
            tensors.put("ckpt/" + e.getKey(), new ModelFile.Tensor(new int[] {e.getValue().length}, e.getValue()));
        }
        return new ModelFile.Contents(meta, m.vocabulary().words(), tensors);
    }

    /** Loads a model file, or the model inside a training checkpoint. */
    public static LanguageModel load(Path path) {
        return fromContents(path, ModelFile.read(path));
    }

    private static LanguageModel fromContents(Path path, ModelFile.Contents c) {
        Map<String, String> meta = c.metadata();
        if (!KIND.equals(meta.get("kind")) && !CHECKPOINT.equals(meta.get("kind"))) {
            throw new RnnlmException(path + " holds a '" + meta.get("kind") + "', not a language model: pass a file written by rnnlm4j train");
        }
        ModelConfig config = ModelConfig.fromMap(meta);
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, String> provenance = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().startsWith("text.")) {
                text.put(e.getKey().substring(5), e.getValue());
            } else if (e.getKey().startsWith("provenance.")) {
                provenance.put(e.getKey(), e.getValue());
            }
        }
        Vocabulary vocab;
        if ("stream".equals(meta.get("vocab.kind"))) {
            String unknown = meta.getOrDefault("vocab.unknown", "");
            vocab = Vocabulary.ofStream(c.vocabulary(), meta.get("vocab.boundary"), unknown.isEmpty() ? null : unknown);
        } else {
            vocab = Vocabulary.of(c.vocabulary());
        }
        Map<String, Param> params = new LinkedHashMap<>();
        for (Map.Entry<String, ModelFile.Tensor> e : c.tensors().entrySet()) {
            if (!e.getKey().startsWith("ckpt/")) {
                params.put(e.getKey(), new Param(e.getKey(), e.getValue().data(), e.getValue().shape()));
            }
        }
        if (vocab.size() != config.vocabSize()) {
            throw new RnnlmException(path + ": vocabulary has " + vocab.size() + " symbols but the model expects "
                    + config.vocabSize() + ": the file is inconsistent; retrain or restore it");
        }
        return new LanguageModel(config, vocab, TextConfig.fromMap(text), params, provenance);
    }
}
