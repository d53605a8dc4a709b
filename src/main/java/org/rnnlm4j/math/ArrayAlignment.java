/*
 * ArrayAlignment: the float index at which a packed panel should start in any float[] so that its
 * vector loads are aligned: to 64 bytes (a cache line, and one 512-bit vector) where the JVM's object
 * alignment is 64 or more, to 32 bytes (one 256-bit vector) where it is 32.
 *
 * The JVM places each object at a multiple of ObjectAlignmentInBytes (8 by default) and an array's
 * elements at a fixed offset from the object's start (16 bytes on 64-bit HotSpot with compressed
 * class pointers). With the default alignment, where an array's data falls modulo 32 is drawn anew at
 * each allocation and garbage-collector move; from a panel that is not 32-byte aligned, every other
 * 32-byte load straddles a cache line. With -XX:ObjectAlignmentInBytes=32 or more every array's data
 * starts at the same offset modulo that alignment, and one fixed pad aligns all of them, whatever the
 * collector does. The launcher passes 64 to the long-running subcommands: with 512-bit vectors
 * (AVX-512) a load from a 32-byte aligned panel splits a cache line every other time.
 * Measured: word training on Zen 3 (256-bit), in-JVM alternating runs, panels at pad 4 (32-byte
 * aligned) 73-77 ms median step, at pad 0 (16 bytes off) 76-82; on a Xeon with AVX-512, the
 * 1024^3 GEMM on one thread, 32-byte aligned 81.6 GFLOP/s, 64-byte aligned 115.0.
 *
 * Contract: padFloats() is in [0, MAX_PAD): 0 unless this JVM guarantees the layout (HotSpot with
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

    /** The least alignment worth a pad (bytes: one 256-bit vector). */
    static final int MIN_ALIGN_BYTES = 32;
    /** The most the pad aligns to (bytes: a cache line, one 512-bit vector). */
    static final int MAX_ALIGN_BYTES = 64;
    /** Offset of a float[]'s first element from the object's start on 64-bit HotSpot, compressed class pointers. */
    static final int FLOAT_ARRAY_BASE = 16;
    /** The largest pad: buffers that hold a padded panel allocate this many floats more. */
    public static final int MAX_PAD = MAX_ALIGN_BYTES / Float.BYTES;

    private static final class Holder {
        static final int OBJECT_ALIGNMENT = objectAlignment();
        static final int PAD = padFor(OBJECT_ALIGNMENT, FLOAT_ARRAY_BASE);
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
     * the floats to skip so that base + 4 * pad is a multiple of a = min(objectAlignment, 64), or 0
     * when the alignment does not fix where base falls modulo 32 at least.
     */
    static int padFor(int objectAlignment, int base) {
        if (objectAlignment < MIN_ALIGN_BYTES || objectAlignment % MIN_ALIGN_BYTES != 0 || base % Float.BYTES != 0) {
            return 0;
        }
        int a = Math.min(objectAlignment, MAX_ALIGN_BYTES);
        return (a - base % a) % a / Float.BYTES;
    }

    /**
     * A row stride for matrices whose rows should each start aligned, as the first one does at
     * padFloats(): `floats` rounded up to whole 64-byte lines where the object alignment is 64 or
     * more, else to whole 32-byte vectors.
     */
    public static int rowStride(int floats) {
        int unit = (Holder.OBJECT_ALIGNMENT >= MAX_ALIGN_BYTES ? MAX_ALIGN_BYTES : MIN_ALIGN_BYTES) / Float.BYTES;
        return (floats + unit - 1) / unit * unit;
    }

    /** ObjectAlignmentInBytes where it fixes the float[] layout (HotSpot, compressed class pointers, no compact headers), else 0. */
    private static int objectAlignment() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!flag(vm, "UseCompressedClassPointers") || flag(vm, "UseCompactObjectHeaders")) {
                return 0;
            }
            return Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
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
