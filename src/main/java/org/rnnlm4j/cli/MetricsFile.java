/*
 * MetricsFile: MODEL.metrics.jsonl, one JSON object per evaluation — step, tokens seen, train loss,
 * validation loss, perplexity, learning rate, gradient norm, tokens/s, elapsed seconds — written
 * beside the model by every training run (null where a figure does not exist for the run).
 */
package org.rnnlm4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.Json;

final class MetricsFile implements AutoCloseable {
    private final Path path;
    private final Writer w;

    /** Opens MODEL.metrics.jsonl; append continues an existing file (a resumed run). */
    MetricsFile(Path model, boolean append) {
        this.path = Path.of(model + ".metrics.jsonl");
        try {
            this.w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new RnnlmException("cannot write the metrics file " + path + ": " + e.getMessage());
        }
    }

    Path path() {
        return path;
    }

    void row(long step, Long tokens, double trainLoss, double validLoss, double lr, Double gradNorm, Double tokensPerSecond,
             double seconds) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("tokens", tokens);
        row.put("train_loss", Double.isFinite(trainLoss) ? trainLoss : null);
        row.put("valid_loss", Double.isFinite(validLoss) ? validLoss : null);
        double shown = Double.isFinite(validLoss) ? validLoss : trainLoss;
        row.put("perplexity", Double.isFinite(shown) ? Math.exp(shown) : null);
        row.put("lr", lr);
        row.put("grad_norm", gradNorm);
        row.put("tokens_per_s", tokensPerSecond);
        row.put("elapsed_s", seconds);
        try {
            w.write(Json.write(row) + "\n");
            w.flush();
        } catch (IOException e) {
            throw new RnnlmException("cannot write the metrics file " + path + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            w.close();
        } catch (IOException e) {
            throw new RnnlmException("cannot write the metrics file " + path + ": " + e.getMessage());
        }
    }
}
