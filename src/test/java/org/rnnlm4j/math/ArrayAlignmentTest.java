/*
 * ArrayAlignmentTest: the pad that aligns packed panels (ArrayAlignment.padFor) for the layouts a JVM
 * can have, and that a padded layout changes where panels lie but not one bit of the results: the
 * general GEMM (k-blocks outer, the C-resident order, the transposed-C swap of the tutorial's
 * logits), a prepared operand, and the tutorial's output-chunk update, each run at pads 1, 4, 7, 12
 * and 15 against pad 0, on one and two threads.
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.testutil.KernelsUnderTest;

class ArrayAlignmentTest {
    private static final int[] PADS = {1, 4, 7, 12, 15};

    @AfterEach
    void detectAgain() {
        ArrayAlignment.override = -1;
    }

    @Test
    void padAlignsTheFirstElementWhenTheObjectAlignmentFixesIt() {
        assertEquals(4, ArrayAlignment.padFor(32, 16), "HotSpot's float[] base with 32-byte objects");
        assertEquals(12, ArrayAlignment.padFor(64, 16), "64-byte objects: the pad reaches a cache line");
        assertEquals(12, ArrayAlignment.padFor(128, 16), "no more than a cache line");
        assertEquals(5, ArrayAlignment.padFor(32, 12), "compact headers' base");
        assertEquals(13, ArrayAlignment.padFor(64, 12));
        assertEquals(0, ArrayAlignment.padFor(32, 32));
        assertEquals(0, ArrayAlignment.padFor(8, 16), "the default alignment fixes nothing modulo 32");
        assertEquals(0, ArrayAlignment.padFor(16, 16));
        assertEquals(0, ArrayAlignment.padFor(48, 16), "not a multiple of 32");
        int detected = ArrayAlignment.padFloats();
        assertTrue(detected >= 0 && detected < ArrayAlignment.MAX_PAD, "pad " + detected);
    }

    @Test
    void paddedPanelsGiveTheSameBits() {
        KernelsUnderTest.assumeVector();
        int[][] shapes = {   // {transA, transB, m, n, k}
            {0, 1, 18, 4585, 100},                                  // the tutorial's logits (swap: C transposed)
            {0, 0, 257, 300, 33}, {1, 0, 100, 37, 700}, {0, 1, 33, 1000, 257},
            {0, 0, 5 * VectorGemm.MC + 7, 37, 2 * VectorGemm.KC_MAX + 29},   // blockCResident
            {1, 0, 4 * VectorGemm.MC + 1, 200, VectorGemm.KC_MAX + 3},       // several k-blocks, packed X
        };
        int count = 0;
        for (int threads = 1; threads <= 2; threads++) {
            Kernels under = Oracles.under("vector", threads);
            for (int[] s : shapes) {
                GemmTest.Case cs = new GemmTest.Case(s[0] == 1, s[1] == 1, s[2], s[3], s[4], 1f, count % 2 == 0 ? 0f : 1f, 900 + count++);
                ArrayAlignment.override = 0;
                float[] want = cs.run(under);
                for (int pad : PADS) {
                    ArrayAlignment.override = pad;
                    assertBitwise(want, cs.run(under), cs.label() + " threads " + threads + " pad " + pad);
                }
            }
            for (boolean tb : new boolean[] {false, true}) {
                GemmTest.Case cs = new GemmTest.Case(false, tb, 20, 800, 2 * VectorGemm.KC_MAX + 9, 1f, 1f, 950 + count++);
                ArrayAlignment.override = 0;
                float[] want = prepared(under, cs, null);
                PreparedB reuse = null;
                for (int pad : PADS) {
                    ArrayAlignment.override = pad;
                    float[] got = prepared(under, cs, reuse);
                    assertBitwise(want, got, cs.label() + " prepared, threads " + threads + " pad " + pad);
                    reuse = under.prepare(tb, cs.k, cs.n, cs.b, cs.bOff, cs.ldb, reuse);
                    assertEquals(pad, reuse.pad, "the packed operand records its pad");
                }
            }
        }
    }

    @Test
    void paddedOutputChunkUpdateGivesTheSameBits() {
        KernelsUnderTest.assumeVector();
        VectorKernels one = new VectorKernels(1);
        int[][] shapes = {{18, 100, 4585, 128}, {7, 33, 300, 64}, {30, 24, 129, 32}};   // {n, h, vocab, chunk}
        for (int[] sh : shapes) {
            int n = sh[0], h = sh[1], vocab = sh[2], chunk = sh[3];
            int chunks = (vocab + chunk - 1) / chunk;
            SplittableRandom r = new SplittableRandom(n * 31L + h);
            float[] dl = random(r, n * vocab);
            float[] s = random(r, n * h);
            float[] dec = random(r, vocab * h);
            ArrayAlignment.override = 0;
            float[] want = dec.clone();
            one.outputChunksUpdate(n, h, vocab, chunk, 0, chunks, dl, s, 0, -0.005f, want, 0, h);
            for (int pad : PADS) {
                ArrayAlignment.override = pad;
                float[] got = dec.clone();
                one.outputChunksUpdate(n, h, vocab, chunk, 0, chunks, dl, s, 0, -0.005f, got, 0, h);
                assertBitwise(want, got, "output chunks n " + n + " h " + h + " pad " + pad);
            }
        }
    }

    private static float[] prepared(Kernels under, GemmTest.Case cs, PreparedB reuse) {
        PreparedB p = under.prepare(cs.tb, cs.k, cs.n, cs.b, cs.bOff, cs.ldb, reuse);
        float[] c = cs.c0.clone();
        under.gemmPrepared(cs.m, cs.alpha, cs.a, cs.aOff, cs.lda, p, cs.beta, c, cs.cOff, cs.ldc);
        return c;
    }

    private static float[] random(SplittableRandom r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static void assertBitwise(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail(what + ": differs at " + i + ": " + got[i] + " vs " + want[i]);
            }
        }
    }
}
