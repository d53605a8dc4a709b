/*
 * Plateau: divide the learning rate by a factor whenever the validation loss stops improving.
 *
 *     improved = loss < best - minDelta        (then best = loss, bad = 0)
 *     otherwise bad = bad + 1; if bad > patience: lr = lr / factor, bad = 0
 *
 * With patience 0 and minDelta 0 this is PyTorch's word_language_model (main.py: "Anneal the
 * learning rate if no improvement has been seen in the validation dataset", lr /= 4.0), a
 * simplification of Mikolov's RNNLM recipe (Mikolov et al. 2010, "Recurrent neural network based
 * language model": halve the rate once the validation log-likelihood stops improving). It equals torch.optim.lr_scheduler.ReduceLROnPlateau
 * (mode "min", threshold_mode "abs", threshold minDelta, factor 1/factor, cooldown 0, min_lr 0).
 * A NaN loss counts as no improvement. Default factor 4.
 * State: "plateau.lr", "plateau.best", "plateau.bad" (StateCodec, exact).
 */
package org.rnnlm4j.train.optim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rnnlm4j.RnnlmException;

public final class Plateau implements LearningRateSchedule {
    public static final double DEFAULT_FACTOR = 4;

    private final double factor;
    private final double minDelta;
    private final int patience;
    private double lr;
    private double best = Double.POSITIVE_INFINITY;
    private long bad;

    public Plateau(double base, double factor, double minDelta, int patience) {
        Schedules.checkBaseLr(base);
        check(factor, minDelta, patience);
        this.lr = base;
        this.factor = factor;
        this.minDelta = minDelta;
        this.patience = patience;
    }

    static void check(double factor, double minDelta, int patience) {
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new RnnlmException("plateau:FACTOR needs a FACTOR above 1, the number the learning rate is divided by (got " + factor + ")");
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new RnnlmException("plateau:FACTOR:MIN_DELTA needs MIN_DELTA of 0 or more (got " + minDelta + ")");
        }
        if (patience < 0) {
            throw new RnnlmException("plateau:FACTOR:MIN_DELTA:PATIENCE needs PATIENCE of 0 or more (got " + patience + ")");
        }
    }

    @Override
    public double lr(long step, int epoch) {
        return lr;
    }

    @Override
    public void onValidation(double loss) {
        if (loss < best - minDelta) {
            best = loss;
            bad = 0;
        } else if (++bad > patience) {
            lr /= factor;
            bad = 0;
        }
    }

    /** The best validation loss so far (+infinity before the first). */
    public double best() {
        return best;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "plateau: %.6g, divided by %.6g when the validation loss does not improve by more than %.6g%s",
                lr, factor, minDelta, patience == 0 ? "" : " for " + (patience + 1) + " evaluations");
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        s.put("plateau.lr", StateCodec.ofDouble(lr));
        s.put("plateau.best", StateCodec.ofDouble(best));
        s.put("plateau.bad", StateCodec.ofLong(bad));
        return s;
    }

    @Override
    public void loadState(Map<String, float[]> s) {
        StateCodec.requireKeys(s, "the plateau schedule", Set.of("plateau.lr", "plateau.best", "plateau.bad"));
        double newLr = StateCodec.toDouble(s.get("plateau.lr"), "plateau.lr");
        double newBest = StateCodec.toDouble(s.get("plateau.best"), "plateau.best");
        long newBad = StateCodec.toLong(s.get("plateau.bad"), "plateau.bad");
        if (!(newLr > 0) || Double.isInfinite(newLr) || newBad < 0) {
            throw new RnnlmException("the plateau schedule's saved state is invalid (lr " + newLr + ", bad " + newBad + ")");
        }
        lr = newLr;
        best = newBest;
        bad = newBad;
    }
}
