/*
 * EarlyStopping: stop training when the validation loss has not improved for `patience`
 * evaluations, and say when the current model is the best so far (the trainer then saves "best").
 *
 *     improved = loss < best - minDelta      (then best = loss, bad = 0: a new best model)
 *     otherwise bad = bad + 1;  stop when bad >= patience
 *
 * Prechelt (1998), "Early Stopping - But When?", the "UP"/patience criterion; the same rule as
 * Keras' and PyTorch Lightning's EarlyStopping (min mode). A NaN loss never improves.
 * State: "early_stopping.best", "early_stopping.bad" (StateCodec, exact).
 */
package org.rnnlm4j.train.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rnnlm4j.RnnlmException;

public final class EarlyStopping {
    /** The verdict after one validation. */
    public record Verdict(boolean newBest, boolean stop, double best, int evaluationsWithoutImprovement) {
    }

    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int bad;

    public EarlyStopping(int patience, double minDelta) {
        if (patience < 1) {
            throw new RnnlmException("--patience must be at least 1 evaluation (got " + patience + ")");
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new RnnlmException("--min-delta must be 0 or more (got " + minDelta + ")");
        }
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Records one validation loss. */
    public Verdict observe(double loss) {
        boolean improved = loss < best - minDelta;
        if (improved) {
            best = loss;
            bad = 0;
        } else {
            bad++;
        }
        return new Verdict(improved, shouldStop(), best, bad);
    }

    public boolean shouldStop() {
        return bad >= patience;
    }

    /** The best validation loss so far (+infinity before the first). */
    public double best() {
        return best;
    }

    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        s.put("early_stopping.best", StateCodec.ofDouble(best));
        s.put("early_stopping.bad", StateCodec.ofLong(bad));
        return s;
    }

    public void loadState(Map<String, float[]> s) {
        StateCodec.requireKeys(s, "early stopping", Set.of("early_stopping.best", "early_stopping.bad"));
        double newBest = StateCodec.toDouble(s.get("early_stopping.best"), "early_stopping.best");
        long newBad = StateCodec.toLong(s.get("early_stopping.bad"), "early_stopping.bad");
        if (newBad > Integer.MAX_VALUE) {
            throw new RnnlmException("early stopping's saved state is invalid (" + newBad + " evaluations without improvement)");
        }
        best = newBest;
        bad = (int) newBad;
    }
}
