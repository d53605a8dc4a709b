/*
 * StreamConfig: how stream-mode training runs (char-rnn / PyTorch word_language_model), validated
 * on construction. Every field maps onto a `rnnlm4j train --mode stream` flag.
 */
package org.rnnlm4j.train;

import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.train.optim.OptimizerConfig;
import org.rnnlm4j.train.optim.ScheduleConfig;

public record StreamConfig(
        int batch,                 // --batch B: contiguous streams
        int bptt,                  // --bptt T: window length; gradients are truncated at window borders
        long steps,                // --steps: optimizer steps; 0 = epochs * windows per pass
        int epochs,                // --epochs: passes over the training stream (when steps = 0)
        double lr,                 // --lr
        OptimizerConfig optimizer, // --optimizer ...
        ScheduleConfig schedule,   // --lr-schedule
        double clip,               // --clip: max global gradient norm; 0 = off
        Reduction reduction,       // how the window's cross-entropies are combined into the loss
        long evaluateEvery,        // evaluate on the validation stream every N steps (and at the end); 0 = end only
        int evalChunk,             // chunk length of the evaluation stream (batch 1, state carried)
        double maxMinutes,         // --max-time
        long seed,
        double dropout,            // --dropout: between stacked layers, training only
        int patience) {            // --patience: early stop after N evaluations without improvement; 0 = off

    /** MEAN: mean over all T*B targets (char-rnn). TIME_SUM: sum over T of the batch mean (Zaremba). */
    public enum Reduction { MEAN, TIME_SUM }

    public StreamConfig {
        if (batch < 1 || bptt < 1) {
            throw new RnnlmException("--batch and --bptt must be at least 1 (got " + batch + ", " + bptt + ")");
        }
        if (steps < 0 || epochs < 1) {
            throw new RnnlmException("--steps must not be negative and --epochs must be at least 1");
        }
        if (!(lr > 0)) {
            throw new RnnlmException("--lr must be positive (got " + lr + ")");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new RnnlmException("--dropout must be in [0, 1) (got " + dropout + ")");
        }
        if (clip < 0) {
            throw new RnnlmException("--clip must be 0 (off) or positive (got " + clip + ")");
        }
    }

    /** The factor each token's cross-entropy is multiplied by in the loss. */
    public float scale() {
        return reduction == Reduction.MEAN ? 1f / (batch * bptt) : 1f / batch;
    }

    /** Every setting as text (doubles exact), for checkpoints: fromMap(toMap()) equals this. */
    public java.util.Map<String, String> toMap() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("cfg.batch", Integer.toString(batch));
        m.put("cfg.bptt", Integer.toString(bptt));
        m.put("cfg.steps", Long.toString(steps));
        m.put("cfg.epochs", Integer.toString(epochs));
        m.put("cfg.lr", Double.toString(lr));
        OptimizerConfig o = optimizer;
        m.put("cfg.optimizer", o.name() + "," + o.momentum() + "," + o.nesterov() + "," + o.weightDecay() + ","
                + o.beta1() + "," + o.beta2() + "," + o.eps() + "," + o.alpha());
        ScheduleConfig c = schedule;
        m.put("cfg.schedule", c.kind() + "," + c.everyEpochs() + "," + c.gamma() + "," + c.factor() + "," + c.minDelta()
                + "," + c.patience() + "," + c.warmupSteps() + "," + c.minLr());
        m.put("cfg.clip", Double.toString(clip));
        m.put("cfg.reduction", reduction.name());
        m.put("cfg.evaluate_every", Long.toString(evaluateEvery));
        m.put("cfg.eval_chunk", Integer.toString(evalChunk));
        m.put("cfg.max_minutes", Double.toString(maxMinutes));
        m.put("cfg.seed", Long.toString(seed));
        m.put("cfg.dropout", Double.toString(dropout));
        m.put("cfg.patience", Integer.toString(patience));
        return m;
    }

    public static StreamConfig fromMap(java.util.Map<String, String> m) {
        try {
            String[] o = m.get("cfg.optimizer").split(",");
            String[] c = m.get("cfg.schedule").split(",");
            return new StreamConfig(Integer.parseInt(m.get("cfg.batch")), Integer.parseInt(m.get("cfg.bptt")),
                    Long.parseLong(m.get("cfg.steps")), Integer.parseInt(m.get("cfg.epochs")), Double.parseDouble(m.get("cfg.lr")),
                    new OptimizerConfig(o[0], Double.parseDouble(o[1]), Boolean.parseBoolean(o[2]), Double.parseDouble(o[3]),
                            Double.parseDouble(o[4]), Double.parseDouble(o[5]), Double.parseDouble(o[6]), Double.parseDouble(o[7])),
                    new ScheduleConfig(c[0], Integer.parseInt(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3]),
                            Double.parseDouble(c[4]), Integer.parseInt(c[5]), Long.parseLong(c[6]), Double.parseDouble(c[7])),
                    Double.parseDouble(m.get("cfg.clip")), Reduction.valueOf(m.get("cfg.reduction")),
                    Long.parseLong(m.get("cfg.evaluate_every")), Integer.parseInt(m.get("cfg.eval_chunk")),
                    Double.parseDouble(m.get("cfg.max_minutes")), Long.parseLong(m.get("cfg.seed")),
                    Double.parseDouble(m.get("cfg.dropout")), Integer.parseInt(m.get("cfg.patience")));
        } catch (RuntimeException e) {
            throw new RnnlmException("the checkpoint's training settings are incomplete or damaged: " + e.getMessage());
        }
    }
}
