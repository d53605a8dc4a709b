/*
 * Optimizer: applies one update to every parameter from its gradient, as torch.optim does.
 *
 * Contract: step(params, lr) reads p.grad() of every parameter that has a gradient (hasGrad();
 * the others are skipped, as PyTorch skips grad None), updates p.w in place, never modifies the
 * gradient, and allocates nothing after a parameter's first step (indexed loops, no iterator): state
 * arrays ("slots") have the parameter's shape and live as long as the optimizer. The learning rate is an argument, so a
 * LearningRateSchedule can change it at every step. Call it after backward (and clipping), then
 * zero the gradients. Not for the fused "sink" mode of Param (that is Sgd.fuse).
 *
 * state() returns a copy of everything the next steps depend on, as named float32 arrays (keys
 * "<prefix>.step" and "<prefix>.<slot>/<param name>", e.g. "adam.m/rnn.weight_hh_l0");
 * loadState() into a freshly created optimizer with the same config makes its next steps
 * bit-identical to the original's. Bad state gives a one-line RnnlmException.
 */
package org.rnnlm4j.train.optim;

import java.util.List;
import java.util.Map;
import org.rnnlm4j.nn.Param;

public interface Optimizer {
    /** One update of every parameter that has a gradient, with learning rate lr. */
    void step(List<Param> params, double lr);

    /**
     * step() on the gradients multiplied by factor (gradient clipping's, GradientClipping.measure):
     * the same bits as scaling the gradients first (g = (float) (g * factor)) and then step(). This
     * default does exactly that, so it leaves the gradients scaled; an optimizer may instead fold the
     * factor into its update and leave them as they are.
     */
    default void step(List<Param> params, double lr, float factor) {
        if (factor != 1f) {
            GradientClipping.scale(params, factor);
        }
        step(params, lr);
    }

    /** Short name for logs ("adam", "nesterov", ...). */
    String name();

    /** The number of steps taken (restored by loadState). */
    long steps();

    /** A copy of the state, for a checkpoint. */
    Map<String, float[]> state();

    /** Replaces the state with a copy of one exported by an optimizer of the same kind and settings. */
    void loadState(Map<String, float[]> state);
}
