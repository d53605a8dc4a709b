/*
 * LearningRateSchedule: the learning rate for each optimizer step.
 *
 * Contract: lr(step, epoch) is the rate for the update with 0-based index `step` (counted over the
 * whole run, as Optimizer.steps() before the update) taken during 0-based `epoch`; pure for a given
 * state. onValidation(loss) reports each validation's mean loss, in order; only Plateau reacts.
 * Stateful schedules export and load their state exactly (StateCodec); stateless ones have none.
 * Implementations: Constant, StepDecay, Plateau, CosineWarmup; ScheduleConfig parses the CLI syntax.
 */
package org.rnnlm4j.train.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

public interface LearningRateSchedule {
    /** The learning rate of update `step` (0-based, whole run) during `epoch` (0-based). */
    double lr(long step, int epoch);

    /** The mean validation loss after an evaluation. */
    default void onValidation(double loss) {
    }

    /** One line for logs, e.g. "plateau: lr / 4 when the validation loss does not improve". */
    String describe();

    /** A copy of the state (empty for stateless schedules). */
    default Map<String, float[]> state() {
        return new LinkedHashMap<>();
    }

    /** Replaces the state with a copy of one exported by the same kind of schedule. */
    default void loadState(Map<String, float[]> state) {
        StateCodec.requireKeys(state, "the " + describe() + " schedule", Set.of());
    }
}
