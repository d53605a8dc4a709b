/*
 * StateCodec: exact longs and doubles inside the float32 arrays that state() maps hold.
 *
 * A float32 holds every integer below 2^24 exactly, so a 64-bit pattern is stored as three floats:
 * its high 20, middle 22 and low 22 bits, each a small non-negative integer. A double is stored as
 * its raw bits (Double.doubleToRawLongBits), so NaN, infinities and -0.0 survive. Decoding checks
 * that each float is such an integer and names the offending key otherwise. Not a general format:
 * only the state maps of this package use it.
 */
package org.rnnlm4j.train.optim;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rnnlm4j.RnnlmException;

final class StateCodec {
    private StateCodec() {
    }

    private static final long LOW22 = (1L << 22) - 1;

    static float[] ofLong(long v) {
        return new float[] {v >>> 44, (v >>> 22) & LOW22, v & LOW22};
    }

    static long toLong(float[] a, String key) {
        if (a == null || a.length != 3) {
            throw new RnnlmException("state entry '" + key + "' should hold 3 values but has "
                    + (a == null ? "none" : a.length) + ": was it written by another version?");
        }
        long v = 0;
        for (int i = 0; i < 3; i++) {
            float f = a[i];
            long limit = i == 0 ? 1L << 20 : 1L << 22;
            if (!(f >= 0 && f < limit) || f != Math.rint(f)) {
                throw new RnnlmException("state entry '" + key + "' is corrupted (value " + f + " at " + i + ")");
            }
            v = (v << 22) | (long) f;
        }
        return v;
    }

    static float[] ofDouble(double d) {
        return ofLong(Double.doubleToRawLongBits(d));
    }

    static double toDouble(float[] a, String key) {
        return Double.longBitsToDouble(toLong(a, key));
    }

    /** Checks that `state` has exactly the keys `expected` (for the object described by `owner`). */
    static void requireKeys(Map<String, float[]> state, String owner, Set<String> expected) {
        for (String k : state.keySet()) {
            if (!expected.contains(k)) {
                throw new RnnlmException("state entry '" + k + "' does not belong to " + owner
                        + " (expected " + (expected.isEmpty() ? "no entries" : String.join(", ", new TreeSet<>(expected)))
                        + "): was the checkpoint saved with other settings?");
            }
        }
        for (String k : expected) {
            if (!state.containsKey(k)) {
                throw new RnnlmException("state for " + owner + " has no entry '" + k + "': was the checkpoint saved with other settings?");
            }
        }
    }
}
