/*
 * Checkpoint: everything besides the weights that a minibatch run needs to continue exactly where it
 * stopped — counters, optimizer and schedule state, early-stopping and guardrail state, the carried
 * recurrent state, the data position and the dropout generator — as string settings and float
 * tensors, ready to be stored beside the weights in one model file (ModelStore.saveCheckpoint).
 */
package org.rnnlm4j.train;

import java.util.Map;

public record Checkpoint(Map<String, String> settings, Map<String, float[]> tensors) {

    public String get(String key) {
        String v = settings.get(key);
        if (v == null) {
            throw new org.rnnlm4j.RnnlmException("checkpoint lacks '" + key + "': it is damaged or not a training checkpoint");
        }
        return v;
    }

    public long getLong(String key) {
        return Long.parseLong(get(key));
    }

    public double getDouble(String key) {
        return Double.longBitsToDouble(Long.parseLong(get(key)));
    }

    /** Doubles are stored by their bits so a resumed run continues from exactly the same values. */
    public static String bits(double d) {
        return Long.toString(Double.doubleToRawLongBits(d));
    }

    /** The tensors whose names start with prefix, with the prefix removed. */
    public Map<String, float[]> withPrefix(String prefix) {
        Map<String, float[]> m = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                m.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return m;
    }
}
