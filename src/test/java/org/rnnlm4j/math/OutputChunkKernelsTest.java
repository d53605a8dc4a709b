/*
 * OutputChunkKernelsTest: VectorKernels.outputChunksInput and outputChunksUpdate (OutputChunkKernels)
 * give the bits of the Kernels defaults (one product per chunk each) on the tutorial's shapes and awkward ones: row counts
 * that are not multiples of the 6-row tiles (dS's smaller last tiles for each remainder), hidden sizes with a ragged last vector (100 = 12 L + 4),
 * narrower than one 3-vector panel, or below one vector (the default runs), more rows than
 * OutputChunkKernels.MAX_ROWS (the default runs; the boundary on both sides), ragged last chunks, a
 * sink that is the decoder itself (fused SGD) or a separate gradient, and chunk ranges split over
 * calls. Chunks outside the range must stay untouched. The default itself is checked against a
 * float64 loop.
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlm4j.testutil.KernelsUnderTest;

class OutputChunkKernelsTest {
    /** {n, h, vocab, chunk} */
    private static final int[][] SHAPES = {
        {18, 100, 4585, 128}, {56, 100, 700, 128}, {1, 8, 37, 16}, {5, 20, 300, 128}, {7, 9, 50, 10},
        {13, 200, 1000, 128}, {17, 33, 129, 32}, {128, 100, 400, 128}, {3, 24, 100, 7}, {6, 25, 130, 64},
        {4, 5, 40, 16}, {2, 256, 65, 128}, {30, 100, 500, 128}, {31, 100, 500, 128},
        // dS's last 3 and 4-row tiles (OutputChunkKernels.restTileRows): n % 6 = 1, 2, 3, 4 past one 6-row tile
        {19, 100, 300, 128}, {14, 100, 260, 128}, {20, 40, 200, 64}, {15, 100, 130, 128}, {22, 17, 150, 32}, {10, 100, 129, 64},
    };
    private static final float SENTINEL = 777f;

    @Test
    void vectorFormGivesTheBitsOfTheTwoProducts() {
        KernelsUnderTest.assumeVector();
        VectorKernels one = new VectorKernels(1);
        int count = 0;
        for (int[] sh : SHAPES) {
            for (boolean fused : new boolean[] {true, false}) {
                Problem p = new Problem(sh[0], sh[1], sh[2], sh[3], fused ? -0.005f : 1f, 40 + count++);
                Problem want = p.copy();
                want.run((c0, c1, q) -> one.outputChunksInputByProducts(q.n, q.h, q.vocab, q.chunk, c0, c1,
                        q.dl, q.dec, 0, q.h, q.parts), 0, p.chunks);
                want.run((c0, c1, q) -> one.outputChunksUpdateByProducts(q.n, q.h, q.vocab, q.chunk, c0, c1,
                        q.dl, q.s, 0, q.alpha, q.sink(fused), 0, q.h), 0, p.chunks);
                Problem got = p.copy();
                int mid = p.chunks / 2;   // two calls, as two threads' parts would make
                Call input = (c0, c1, q) -> one.outputChunksInput(q.n, q.h, q.vocab, q.chunk, c0, c1, q.dl, q.dec, 0, q.h, q.parts);
                Call update = (c0, c1, q) -> one.outputChunksUpdate(q.n, q.h, q.vocab, q.chunk, c0, c1,
                        q.dl, q.s, 0, q.alpha, q.sink(fused), 0, q.h);
                got.run(input, 0, mid);
                got.run(input, mid, p.chunks);
                got.run(update, 0, mid);
                got.run(update, mid, p.chunks);
                String what = p.label(fused);
                assertBitwise(want.parts, got.parts, what + ": dS parts");
                assertBitwise(want.dec, got.dec, what + ": decoder");
                assertBitwise(want.grad, got.grad, what + ": gradient");
            }
        }
    }

    @Test
    void chunksOutsideTheRangeAreUntouched() {
        KernelsUnderTest.assumeVector();
        VectorKernels one = new VectorKernels(1);
        Problem p = new Problem(18, 100, 1000, 128, -0.005f, 5);
        Problem got = p.copy();
        got.run((c0, c1, q) -> one.outputChunksInput(q.n, q.h, q.vocab, q.chunk, c0, c1, q.dl, q.dec, 0, q.h, q.parts), 2, 5);
        got.run((c0, c1, q) -> one.outputChunksUpdate(q.n, q.h, q.vocab, q.chunk, c0, c1,
                q.dl, q.s, 0, q.alpha, q.dec, 0, q.h), 2, 5);
        int nh = p.n * p.h;
        for (int i = 0; i < p.parts.length; i++) {
            boolean inside = i >= 2 * nh && i < 5 * nh;
            if (!inside) {
                assertEquals(SENTINEL, got.parts[i], "part element " + i + " outside chunks [2,5) was written");
            }
        }
        for (int i = 0; i < p.dec.length; i++) {
            int v = i / p.h;
            boolean inside = v >= 2 * 128 && v < 5 * 128;
            if (!inside && Float.floatToIntBits(p.dec[i]) != Float.floatToIntBits(got.dec[i])) {
                fail("decoder row " + v + " outside chunks [2,5) changed");
            }
        }
    }

    /**
     * Decoder rows padded (ldd > h) and starting past an offset, as SoftmaxOutput's aligned copy keeps
     * them: the vector form gives the default's bits on the same layout, and the bits of the unpadded
     * layout; the padding and the floats before the offset stay untouched.
     */
    @Test
    void paddedDecoderRowsGiveTheSameBits() {
        KernelsUnderTest.assumeVector();
        VectorKernels one = new VectorKernels(1);
        int[][] shapes = {{18, 100, 4585, 128}, {5, 20, 300, 128}, {17, 33, 129, 32}};   // {n, h, vocab, chunk}
        for (int[] sh : shapes) {
            Problem p = new Problem(sh[0], sh[1], sh[2], sh[3], -0.005f, 3 + sh[0]);
            int ldd = (p.h + 7) / 8 * 8 + 8;
            int off = 4;
            float[] padded = new float[off + p.vocab * ldd];
            java.util.Arrays.fill(padded, SENTINEL);
            for (int v = 0; v < p.vocab; v++) {
                System.arraycopy(p.dec, v * p.h, padded, off + v * ldd, p.h);
            }
            Problem flat = p.copy();
            flat.run((c0, c1, q) -> one.outputChunksInput(q.n, q.h, q.vocab, q.chunk, c0, c1, q.dl, q.dec, 0, q.h, q.parts),
                    0, p.chunks);
            flat.run((c0, c1, q) -> one.outputChunksUpdate(q.n, q.h, q.vocab, q.chunk, c0, c1, q.dl, q.s, 0, q.alpha,
                    q.dec, 0, q.h), 0, p.chunks);
            float[][] results = new float[2][];
            float[][] decs = new float[2][];
            for (int variant = 0; variant < 2; variant++) {
                Problem q = p.copy();
                float[] d = padded.clone();
                if (variant == 0) {
                    q.run((c0, c1, r) -> one.outputChunksInputByProducts(r.n, r.h, r.vocab, r.chunk, c0, c1, r.dl, d, off,
                            ldd, r.parts), 0, p.chunks);
                    q.run((c0, c1, r) -> one.outputChunksUpdateByProducts(r.n, r.h, r.vocab, r.chunk, c0, c1, r.dl, r.s, 0,
                            r.alpha, d, off, ldd), 0, p.chunks);
                } else {
                    q.run((c0, c1, r) -> one.outputChunksInput(r.n, r.h, r.vocab, r.chunk, c0, c1, r.dl, d, off, ldd,
                            r.parts), 0, p.chunks);
                    q.run((c0, c1, r) -> one.outputChunksUpdate(r.n, r.h, r.vocab, r.chunk, c0, c1, r.dl, r.s, 0, r.alpha,
                            d, off, ldd), 0, p.chunks);
                }
                results[variant] = q.parts;
                decs[variant] = d;
            }
            String what = p.label(true) + " ldd " + ldd;
            assertBitwise(results[0], results[1], what + ": dS parts, default vs vector");
            assertBitwise(decs[0], decs[1], what + ": padded decoder, default vs vector");
            assertBitwise(flat.parts, results[1], what + ": dS parts, padded vs flat");
            for (int i = 0; i < padded.length; i++) {
                int v = (i - off) / ldd;
                int j = (i - off) % ldd;
                if (i < off || j >= p.h) {
                    assertEquals(SENTINEL, decs[1][i], what + ": padding at " + i + " was written");
                } else if (Float.floatToIntBits(flat.dec[v * p.h + j]) != Float.floatToIntBits(decs[1][i])) {
                    fail(what + ": decoder (" + v + ", " + j + ") differs from the flat layout's");
                }
            }
        }
    }

    /**
     * S packed once (packOutputChunkS) and the update split over calls that share it
     * (outputChunksUpdatePacked, as SoftmaxOutput's parts do): the bits of outputChunksUpdate, on
     * shapes the vector form serves and ones it leaves to the default, and for the scalar kernels.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "vector"})
    void theUpdateFromPackedSGivesTheSameBits(String kernels) {
        Kernels k = KernelsUnderTest.named(kernels);
        int[][] shapes = {{18, 100, 4585, 128}, {7, 9, 50, 10}, {31, 100, 500, 128}, {4, 5, 40, 16}};   // {n, h, vocab, chunk}
        for (int[] sh : shapes) {
            Problem p = new Problem(sh[0], sh[1], sh[2], sh[3], -0.005f, 11 + sh[0]);
            Problem want = p.copy();
            want.run((c0, c1, q) -> k.outputChunksUpdate(q.n, q.h, q.vocab, q.chunk, c0, c1, q.dl, q.s, 0, q.alpha,
                    q.dec, 0, q.h), 0, p.chunks);
            Problem got = p.copy();
            float[] packed = new float[k.outputChunkSLength(p.n, p.h) + 3];
            java.util.Arrays.fill(packed, SENTINEL);
            k.packOutputChunkS(p.n, p.h, got.s, 0, packed);
            java.util.Arrays.fill(got.s, Float.NaN);   // the packed copy alone must serve
            int mid = p.chunks / 2;
            Call update = (c0, c1, q) -> k.outputChunksUpdatePacked(q.n, q.h, q.vocab, q.chunk, c0, c1, q.dl, packed,
                    q.alpha, q.dec, 0, q.h);
            got.run(update, mid, p.chunks);
            got.run(update, 0, mid);
            assertBitwise(want.dec, got.dec, k.name() + " " + p.label(true) + ": decoder from packed S");
            for (int i = k.outputChunkSLength(p.n, p.h); i < packed.length; i++) {
                assertEquals(SENTINEL, packed[i], k.name() + " " + p.label(true) + ": packed S written past its length");
            }
        }
    }

    /** The default (what the vector form must equal) against a float64 loop, for the scalar kernels too. */
    @Test
    void theDefaultComputesThePartsAndTheUpdate() {
        for (Kernels k : new Kernels[] {new ScalarKernels()}) {
            Problem p = new Problem(7, 20, 300, 64, -0.5f, 9);
            Problem got = p.copy();
            got.run((c0, c1, q) -> k.outputChunksInput(q.n, q.h, q.vocab, q.chunk, c0, c1, q.dl, q.dec, 0, q.h, q.parts),
                    0, p.chunks);
            got.run((c0, c1, q) -> k.outputChunksUpdate(q.n, q.h, q.vocab, q.chunk, c0, c1,
                    q.dl, q.s, 0, q.alpha, q.dec, 0, q.h), 0, p.chunks);
            for (int c = 0; c < p.chunks; c++) {
                for (int t = 0; t < p.n; t++) {
                    for (int j = 0; j < p.h; j++) {
                        double sum = 0;
                        for (int v = c * p.chunk; v < Math.min(p.vocab, (c + 1) * p.chunk); v++) {
                            sum += (double) p.dl[t * p.vocab + v] * p.dec[v * p.h + j];
                        }
                        assertEquals(sum, got.parts[(c * p.n + t) * p.h + j], 1e-5 + 1e-5 * Math.abs(sum));
                    }
                }
            }
            for (int v = 0; v < p.vocab; v++) {
                for (int j = 0; j < p.h; j++) {
                    double sum = 0;
                    for (int t = 0; t < p.n; t++) {
                        sum += (double) p.dl[t * p.vocab + v] * p.s[t * p.h + j];
                    }
                    double want = p.dec[v * p.h + j] + p.alpha * sum;
                    assertEquals(want, got.dec[v * p.h + j], 1e-5 + 1e-5 * Math.abs(want));
                }
            }
        }
    }

    private interface Call {
        void run(int c0, int c1, Problem p);
    }

    /** dL (n, vocab), Dec and a separate gradient (vocab, h), S (n, h), parts (chunks, n, h). */
    private static final class Problem {
        final int n, h, vocab, chunk, chunks;
        final float alpha;
        float[] dl, dec, grad, s, parts;

        Problem(int n, int h, int vocab, int chunk, float alpha, long seed) {
            this.n = n;
            this.h = h;
            this.vocab = vocab;
            this.chunk = chunk;
            this.chunks = (vocab + chunk - 1) / chunk;
            this.alpha = alpha;
            SplittableRandom r = new SplittableRandom(seed);
            dl = random(r, n * vocab, 0.01);
            dec = random(r, vocab * h, 0.1);
            grad = random(r, vocab * h, 0.01);
            s = random(r, n * h, 1);
            parts = new float[chunks * n * h];
            java.util.Arrays.fill(parts, SENTINEL);
        }

        private Problem(Problem o) {
            n = o.n;
            h = o.h;
            vocab = o.vocab;
            chunk = o.chunk;
            chunks = o.chunks;
            alpha = o.alpha;
            dl = o.dl.clone();
            dec = o.dec.clone();
            grad = o.grad.clone();
            s = o.s.clone();
            parts = o.parts.clone();
        }

        Problem copy() {
            return new Problem(this);
        }

        float[] sink(boolean fused) {
            return fused ? dec : grad;
        }

        void run(Call call, int c0, int c1) {
            call.run(c0, c1, this);
        }

        String label(boolean fused) {
            return "n " + n + " h " + h + " vocab " + vocab + " chunk " + chunk + (fused ? " fused" : " gradient");
        }

        private static float[] random(SplittableRandom r, int size, double scale) {
            float[] a = new float[size];
            for (int i = 0; i < size; i++) {
                a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
            }
            return a;
        }
    }

    private static void assertBitwise(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail(what + " differs at " + i + ": " + got[i] + " vs " + want[i]);
            }
        }
    }
}
