/*
 * ArrayAlignment: the float index at which a packed panel should start in any float[] so that its
 * 256-bit vector loads are 32-byte aligned.
 *
 * The JVM places each object at a multiple of ObjectAlignmentInBytes (8 by default) and an array's
 * elements at a fixed offset from the object's start (16 bytes on 64-bit HotSpot with compressed
 * class pointers). With the default alignment, where an array's data falls modulo 32 is drawn anew at
 * each allocation and garbage-collector move; from a panel that is not 32-byte aligned, every other
 * 32-byte load straddles a cache line. With -XX:ObjectAlignmentInBytes=32 or more (the launcher passes
 * it to the long-running subcommands) every array's data starts at the same offset modulo 32, and
 * one fixed pad aligns all of them, whatever the collector does. Word training, in-JVM alternating
 * runs with that flag: panels at pad 4 (aligned) 73-77 ms median step, at pad 0 (16 bytes off) 76-82.
 *
 * Contract: padFloats() is in [0, 8): 0 unless this JVM guarantees the layout (HotSpot with
 * ObjectAlignmentInBytes >= 32, compressed class pointers on, compact object headers off). Read once,
 * on first use (a diagnostic-bean query, about 10 ms), so commands that never pack a panel never pay
 * it. Padding changes where a panel lies, never what is computed: results are the same bits.
 */
package org.rnnlm4j.math;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

public final class ArrayAlignment {
    private ArrayAlignment() {
    }

    /** Bytes of one vector load to align to (256-bit vectors). */
    static final int VECTOR_BYTES = 32;
    /** Offset of a float[]'s first element from the object's start on 64-bit HotSpot, compressed class pointers. */
    static final int FLOAT_ARRAY_BASE = 16;
    /** The largest pad: buffers that hold a padded panel allocate this many floats more. */
    static final int MAX_PAD = VECTOR_BYTES / Float.BYTES;

    private static final class Holder {
        static final int PAD = detect();
    }

    /** Tests set this to a pad in [0, MAX_PAD) to run the padded layout whatever the JVM; -1: detect. */
    static volatile int override = -1;

    /** The float index at which an aligned panel starts in any float[] (0 when not known). */
    public static int padFloats() {
        int o = override;
        return o >= 0 ? o : Holder.PAD;
    }

    /**
     * The pad for object alignment `objectAlignment` (bytes) and a float[] base offset `base` (bytes):
     * the floats to skip so that base + 4 * pad is a multiple of VECTOR_BYTES, or 0 when the alignment
     * does not fix where base falls modulo VECTOR_BYTES.
     */
    static int padFor(int objectAlignment, int base) {
        if (objectAlignment < VECTOR_BYTES || objectAlignment % VECTOR_BYTES != 0 || base % Float.BYTES != 0) {
            return 0;
        }
        return (VECTOR_BYTES - base % VECTOR_BYTES) % VECTOR_BYTES / Float.BYTES;
    }

    private static int detect() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!flag(vm, "UseCompressedClassPointers") || flag(vm, "UseCompactObjectHeaders")) {
                return 0;
            }
            return padFor(Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue()), FLOAT_ARRAY_BASE);
        } catch (RuntimeException | LinkageError e) {
            return 0;   // not HotSpot, or no management module: keep the unpadded layout
        }
    }

    /** A boolean VM option; false when this JVM does not have it. */
    private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
        try {
            return Boolean.parseBoolean(vm.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
