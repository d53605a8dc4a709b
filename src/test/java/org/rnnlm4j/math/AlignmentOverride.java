/*
 * AlignmentOverride: lets tests outside org.rnnlm4j.math run code as if the JVM aligned float[] data
 * (ArrayAlignment.padFloats() = pad) or as if it did not (0), whatever the JVM they run on; close()
 * restores what was in force before (overrides nest).
 */
package org.rnnlm4j.math;

public final class AlignmentOverride implements AutoCloseable {
    private final int previous;

    private AlignmentOverride(int previous) {
        this.previous = previous;
    }

    /** From now until close(), ArrayAlignment.padFloats() returns pad (in [0, ArrayAlignment.MAX_PAD)). */
    public static AlignmentOverride pad(int pad) {
        if (pad < 0 || pad >= ArrayAlignment.MAX_PAD) {
            throw new IllegalArgumentException("pad must be in [0, " + ArrayAlignment.MAX_PAD + "), got " + pad);
        }
        AlignmentOverride o = new AlignmentOverride(ArrayAlignment.override);
        ArrayAlignment.override = pad;
        return o;
    }

    @Override
    public void close() {
        ArrayAlignment.override = previous;
    }
}
