/*
 * Guardrail: keeps training out of a blow-up. It snapshots the weights and optimizer state while
 * training is healthy; when a step's loss or gradient norm is non-finite, or the norm explodes
 * (over `explodeFactor` times its running average), the caller rolls back to the snapshot and the
 * learning rate is halved. After `maxFailures` rollbacks the run should stop (and save).
 *
 * Contract: the snapshot is taken every `snapshotEvery` healthy steps (and once at the start), so a
 * rollback loses at most that many steps. Not thread-safe.
 */
package org.rnnlm4j.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.nn.Param;
import org.rnnlm4j.train.optim.Optimizer;

public final class Guardrail {
    private final List<Param> params;
    private final Optimizer optimizer;
    private final int snapshotEvery;
    private final double explodeFactor;
    private final int maxFailures;
    private final float[][] weights;
    private Map<String, float[]> optimizerState;
    private long snapshotStep;
    private double normAverage = Double.NaN;
    private long healthy;
    private int failures;
    private double lrFactor = 1;

    public Guardrail(List<Param> params, Optimizer optimizer, int snapshotEvery, double explodeFactor, int maxFailures) {
        this.params = params;
        this.optimizer = optimizer;
        this.snapshotEvery = snapshotEvery;
        this.explodeFactor = explodeFactor;
        this.maxFailures = maxFailures;
        this.weights = new float[params.size()][];
        snapshot(0);
    }

    /** Why a step is bad, or null when it is fine. Call after backward, before the update. */
    public String check(double loss, double gradNorm) {
        if (!Double.isFinite(loss)) {
            return "the loss is " + loss;
        }
        if (!Double.isFinite(gradNorm)) {
            return "the gradient norm is " + gradNorm;
        }
        if (healthy >= 20 && gradNorm > explodeFactor * normAverage) {
            return String.format(java.util.Locale.ROOT, "the gradient norm exploded to %.3g (average %.3g)", gradNorm, normAverage);
        }
        return null;
    }

    /** Records a healthy, applied step; snapshots every snapshotEvery of them. */
    public void healthy(long step, double gradNorm) {
        healthy++;
        normAverage = Double.isNaN(normAverage) ? gradNorm : 0.95 * normAverage + 0.05 * gradNorm;
        if (healthy % snapshotEvery == 0) {
            snapshot(step);
        }
    }

    /** Restores the last snapshot and halves the learning-rate factor; returns the step it came from. */
    public long rollBack() {
        failures++;
        lrFactor *= 0.5;
        for (int i = 0; i < weights.length; i++) {
            System.arraycopy(weights[i], 0, params.get(i).writable(), 0, weights[i].length);
        }
        optimizer.loadState(optimizerState);
        return snapshotStep;
    }

    public boolean exhausted() {
        return failures >= maxFailures;
    }

    public int failures() {
        return failures;
    }

    /** Multiplies the schedule's learning rate: 1, halved at every rollback. */
    public double lrFactor() {
        return lrFactor;
    }

    /** The counters that decide future behaviour, for exact resume. */
    public Map<String, String> state() {
        Map<String, String> m = new HashMap<>();
        m.put("guard.failures", Integer.toString(failures));
        m.put("guard.healthy", Long.toString(healthy));
        m.put("guard.lr_factor", Checkpoint.bits(lrFactor));
        m.put("guard.norm_average", Checkpoint.bits(normAverage));
        return m;
    }

    public void restore(Checkpoint c) {
        failures = (int) c.getLong("guard.failures");
        healthy = c.getLong("guard.healthy");
        lrFactor = c.getDouble("guard.lr_factor");
        normAverage = c.getDouble("guard.norm_average");
    }

    private void snapshot(long step) {
        for (int i = 0; i < weights.length; i++) {
            float[] w = params.get(i).w;
            if (weights[i] == null) {
                weights[i] = new float[w.length];
            }
            System.arraycopy(w, 0, weights[i], 0, w.length);
        }
        Map<String, float[]> s = new HashMap<>();
        for (Map.Entry<String, float[]> e : optimizer.state().entrySet()) {
            s.put(e.getKey(), e.getValue().clone());
        }
        optimizerState = s;
        snapshotStep = step;
    }
}
