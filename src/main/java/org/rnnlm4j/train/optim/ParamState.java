/*
 * ParamState: one optimizer's per-parameter state arrays ("slots") and its step counter.
 *
 * Contract: slots(p) returns the optimizer's k slot arrays for parameter p, each with exactly
 * p.size() floats (the parameter's shape), allocated zeroed on first use and then reused for every
 * step: no allocation per step. Slots are keyed by parameter name (PyTorch's state_dict names,
 * unique within a model). export() copies everything into a map with keys
 *     "<prefix>.step"                  the step counter (StateCodec long)
 *     "<prefix>.<slot>/<param name>"   e.g. "adam.m/rnn.weight_hh_l0", same shape as the parameter
 * and load() replaces the state with a validated copy of such a map (all or nothing). A slot whose
 * length disagrees with its parameter is reported at the next step, naming both.
 *
 * One step counter serves all parameters; PyTorch keeps one per parameter. The two agree whenever
 * every parameter has a gradient at every step, as in this project's models.
 */
package org.rnnlm4j.train.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.nn.Param;

final class ParamState {
    private final String prefix;
    private final String[] slotNames;
    private final Map<String, float[][]> byParam = new LinkedHashMap<>();
    private long steps;

    ParamState(String prefix, String... slotNames) {
        this.prefix = prefix;
        this.slotNames = slotNames.clone();
    }

    long steps() {
        return steps;
    }

    /** Advances the counter; returns the number of the step about to be taken (1 for the first). */
    long nextStep() {
        return ++steps;
    }

    /** The slot arrays of p, each of p's size; allocated zeroed on first use. */
    float[][] slots(Param p) {
        float[][] s = byParam.get(p.name);
        if (s == null) {
            s = new float[slotNames.length][p.size()];
            byParam.put(p.name, s);
        } else if (s.length > 0 && s[0].length != p.size()) {
            throw new RnnlmException("optimizer state '" + prefix + "." + slotNames[0] + "/" + p.name + "' has "
                    + s[0].length + " values but the parameter " + p + " has " + p.size()
                    + ": was the checkpoint saved from a different model?");
        }
        return s;
    }

    Map<String, float[]> export() {
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put(prefix + ".step", StateCodec.ofLong(steps));
        for (Map.Entry<String, float[][]> e : byParam.entrySet()) {
            for (int k = 0; k < slotNames.length; k++) {
                out.put(prefix + "." + slotNames[k] + "/" + e.getKey(), e.getValue()[k].clone());
            }
        }
        return out;
    }

    void load(Map<String, float[]> state) {
        String stepKey = prefix + ".step";
        if (!state.containsKey(stepKey)) {
            throw new RnnlmException("optimizer state has no '" + stepKey + "' entry"
                    + (state.isEmpty() ? "" : " (it has '" + state.keySet().iterator().next() + "', ...)")
                    + ": was it saved by another optimizer?");
        }
        long loadedSteps = StateCodec.toLong(state.get(stepKey), stepKey);
        Map<String, float[][]> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals(stepKey)) {
                continue;
            }
            int slot = slotOf(key);
            String param = key.substring(key.indexOf('/') + 1);
            float[] values = e.getValue();
            float[][] s = loaded.computeIfAbsent(param, n -> new float[slotNames.length][]);
            for (float[] other : s) {
                if (other != null && other.length != values.length) {
                    throw new RnnlmException("optimizer state for '" + param + "' has slots of different sizes ("
                            + other.length + " and " + values.length + "): the checkpoint is corrupted");
                }
            }
            s[slot] = values.clone();
        }
        for (Map.Entry<String, float[][]> e : loaded.entrySet()) {
            for (int k = 0; k < slotNames.length; k++) {
                if (e.getValue()[k] == null) {
                    throw new RnnlmException("optimizer state has no '" + prefix + "." + slotNames[k] + "/" + e.getKey()
                            + "' entry: the checkpoint is incomplete");
                }
            }
        }
        byParam.clear();
        byParam.putAll(loaded);
        steps = loadedSteps;
    }

    private int slotOf(String key) {
        int slash = key.indexOf('/');
        if (key.startsWith(prefix + ".") && slash > 0) {
            String slot = key.substring(prefix.length() + 1, slash);
            for (int k = 0; k < slotNames.length; k++) {
                if (slotNames[k].equals(slot)) {
                    return k;
                }
            }
        }
        StringBuilder expected = new StringBuilder(prefix + ".step");
        for (String s : slotNames) {
            expected.append(", ").append(prefix).append('.').append(s).append("/<param>");
        }
        throw new RnnlmException("optimizer state entry '" + key + "' does not belong to this " + prefix
                + " optimizer (expected " + expected + "): was it saved by another optimizer or with other settings?");
    }
}
