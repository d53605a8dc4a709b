/*
 * Row tracking (Param.trackRows) and the clip factor folded into SGD: the sparse paths must give the
 * bits of the dense ones. A table's gradient with a random subset of rows written (the rest zeros)
 * is measured, clipped and stepped once tracked and once not; rows straddle the norm's blocks, and
 * widths that are not multiples of 4 put elements into the blocks' remainder accumulators. The values'
 * exponents are spread wide, so that an element added to the wrong accumulator changes the norm's bits.
 */
package org.rnnlm4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.nn.Embedding;
import org.rnnlm4j.nn.Param;

class RowTrackingTest {
    /** (rows, width) pairs: sizes over several blocks, rows across block edges, odd widths. */
    private static final int[][] SHAPES = {{7596 / 4, 200}, {9001, 7}, {5000, 3}, {20_000, 1}, {3, 5}};

    /** A (rows, width) table whose gradient holds random values in about a tenth of its rows, zeros elsewhere. */
    private static Param table(String name, int rows, int width, long seed, boolean track) {
        Param p = new Param(name, rows, width);
        SplittableRandom r = new SplittableRandom(seed);
        for (int e = 0; e < p.w.length; e++) {
            p.w[e] = (float) (r.nextDouble() - 0.5);
        }
        if (track) {
            p.trackRows();
        }
        float[] g = p.grad();
        for (int row = 0; row < rows; row++) {
            if (r.nextInt(10) == 0 || row == rows - 1) {
                for (int e = row * width; e < (row + 1) * width; e++) {
                    // exponents spread wide, so a double sum of squares rounds and its order shows
                    g[e] = (float) Math.scalb(r.nextDouble() * 2 - 1, r.nextInt(-12, 12));
                }
                p.markRow(row);
            }
        }
        return p;
    }

    private static List<Param> tables(boolean track) {
        List<Param> ps = new ArrayList<>();
        for (int i = 0; i < SHAPES.length; i++) {
            ps.add(table("t" + i, SHAPES[i][0], SHAPES[i][1], 40 + i, track));
        }
        for (int i = 0; i < 24; i++) {   // small ones whose last row ends in a block's remainder (sqrt may hide one ulp)
            ps.add(table("small" + i, 2 + i % 3, 5 + 2 * (i % 2), 100 + i, track));
        }
        Param dense = new Param("dense", 1001);   // an untracked parameter beside them
        SplittableRandom r = new SplittableRandom(9);
        float[] g = new float[dense.size()];
        for (int e = 0; e < g.length; e++) {
            g[e] = (float) (r.nextDouble() - 0.5);
            dense.w[e] = (float) r.nextDouble();
        }
        Tensors.setGrad(dense, g);
        ps.add(dense);
        return ps;
    }

    @Test
    void normOfTrackedRowsIsTheDenseNormBitwise() {
        int saved = Parallel.threads();
        try {
            for (int t : new int[] {1, 2}) {
                Parallel.setThreads(t);
                List<Param> dense = tables(false);
                List<Param> sparse = tables(true);
                assertEquals(Double.doubleToLongBits(GradientClipping.globalNorm(dense)),
                        Double.doubleToLongBits(GradientClipping.globalNorm(sparse)), "threads " + t);
                for (int i = 0; i < dense.size(); i++) {   // one at a time: a small one's last bits show
                    assertEquals(Double.doubleToLongBits(GradientClipping.globalNorm(List.of(dense.get(i)))),
                            Double.doubleToLongBits(GradientClipping.globalNorm(List.of(sparse.get(i)))),
                            dense.get(i).name + ", threads " + t);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void clippingTrackedRowsGivesTheDenseBits() {
        List<Param> dense = tables(false);
        List<Param> sparse = tables(true);
        GradientClipping.ClipResult a = GradientClipping.clipByGlobalNorm(dense, 3.0);
        GradientClipping.ClipResult b = GradientClipping.clipByGlobalNorm(sparse, 3.0);
        assertTrue(a.clipped());
        assertEquals(a, b);
        for (int i = 0; i < dense.size(); i++) {
            assertArrayEquals(dense.get(i).grad(), sparse.get(i).grad(), dense.get(i).name);
        }
    }

    /** Plain SGD with the factor folded in, tracked rows only, against clip-then-step on dense gradients. */
    @Test
    void foldedFactorAndTrackedRowsGiveTheBitsOfClipThenStep() {
        for (double momentum : new double[] {0, 0.9}) {
            List<Param> reference = tables(false);
            GradientClipping.ClipResult clip = GradientClipping.clipByGlobalNorm(reference, 3.0);
            new SgdMomentum(momentum, false, 0).step(reference, 0.7);

            List<Param> folded = tables(true);
            GradientClipping.ClipResult measured = GradientClipping.measure(folded, 3.0);
            assertEquals(clip, measured);
            new SgdMomentum(momentum, false, 0).step(folded, 0.7, measured.factor());

            List<Param> byDefault = tables(true);   // the interface's default: scale, then step
            Optimizer plain = new Optimizer() {
                private final SgdMomentum inner = new SgdMomentum(momentum, false, 0);

                @Override
                public void step(List<Param> params, double lr) {
                    inner.step(params, lr);
                }

                @Override
                public String name() {
                    return "wrapped";
                }

                @Override
                public long steps() {
                    return inner.steps();
                }

                @Override
                public java.util.Map<String, float[]> state() {
                    return inner.state();
                }

                @Override
                public void loadState(java.util.Map<String, float[]> state) {
                    inner.loadState(state);
                }
            };
            plain.step(byDefault, 0.7, measured.factor());
            for (int i = 0; i < reference.size(); i++) {
                assertArrayEquals(reference.get(i).w, folded.get(i).w, "folded, momentum " + momentum + ", " + reference.get(i).name);
                assertArrayEquals(reference.get(i).w, byDefault.get(i).w, "default, momentum " + momentum + ", " + reference.get(i).name);
            }
        }
    }

    @Test
    void zeroGradClearsTheMarkedRowsAndForgetsThem() {
        Param p = new Param("e", 130, 4);
        p.trackRows();
        assertTrue(p.tracksRows());
        float[] g = p.grad();
        for (int r : new int[] {0, 63, 64, 129}) {
            java.util.Arrays.fill(g, r * 4, r * 4 + 4, 2f);
            p.markRow(r);
        }
        assertTrue(p.rowTouched(64));
        assertFalse(p.rowTouched(65));
        p.zeroGrad();
        assertArrayEquals(new float[g.length], g);
        assertFalse(p.rowTouched(64));
        // a row written without being marked is not this zeroGrad's business: it stays (the contract forbids it)
        g[5 * 4] = 1f;
        p.zeroGrad();
        assertEquals(1f, g[5 * 4]);
    }

    @Test
    void trackingAGradientThatExistsMarksEveryRow() {
        Param p = new Param("e", 70, 2);
        p.grad()[139] = 3f;
        p.trackRows();
        for (int r = 0; r < 70; r++) {
            assertTrue(p.rowTouched(r), "row " + r);
        }
        p.zeroGrad();
        assertEquals(0f, p.grad()[139]);
        assertThrows(IllegalArgumentException.class, () -> new Param("v", 5).trackRows());
    }

    @Test
    void embeddingBackwardMarksTheRowsItWrites() {
        Param t = new Param("embedding.weight", 10, 3);
        t.trackRows();
        Embedding e = new Embedding(t);
        float[] d = {1, 2, 3, 4, 5, 6};
        e.backward(new int[] {7, 2}, 2, d, KernelSelector.get());
        for (int r = 0; r < 10; r++) {
            assertEquals(r == 7 || r == 2, t.rowTouched(r), "row " + r);
        }
        int[] count = new int[10];
        count[4] = 1;
        e.addRowGradients(new float[30], count, KernelSelector.get());
        assertTrue(t.rowTouched(4));
    }
}
