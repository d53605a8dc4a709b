/*
 * Global-norm clipping against hand-computed norms: scaling when too large, untouched otherwise,
 * and a NaN or infinite gradient reported without scaling anything.
 */
package org.rnnlm4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.nn.Param;

class GradientClippingTest {
    // gradients 3, 4 | 12 | (none): norm sqrt(9 + 16 + 144) = 13
    static List<Param> params(float last) {
        Param a = new Param("a", 2);
        Param b = new Param("b", 1, 1);
        Param noGrad = new Param("c", 3);
        Tensors.setGrad(a, new float[] {3, -4});
        Tensors.setGrad(b, new float[] {last});
        return List.of(a, noGrad, b);
    }

    /** Many blocks over several gradients: the plain double sum, and the same bits on 1, 2 and 3 threads. */
    @Test
    void blockedNormMatchesPlainSumAndIgnoresThreadCount() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int[] sizes = {GradientClipping.BLOCK * 3 + 17, 5, GradientClipping.BLOCK - 1, 100_003};
        List<Param> ps = new java.util.ArrayList<>();
        double plain = 0;
        for (int i = 0; i < sizes.length; i++) {
            Param p = new Param("p" + i, sizes[i]);
            float[] g = new float[sizes[i]];
            for (int e = 0; e < g.length; e++) {
                g[e] = (float) (r.nextDouble() * 2 - 1);
                plain += (double) g[e] * g[e];
            }
            Tensors.setGrad(p, g);
            ps.add(p);
        }
        int saved = org.rnnlm4j.math.Parallel.threads();
        try {
            org.rnnlm4j.math.Parallel.setThreads(1);
            double one = GradientClipping.globalNorm(ps);
            assertEquals(Math.sqrt(plain), one, 1e-12 * Math.sqrt(plain));
            for (int t : new int[] {2, 3}) {
                org.rnnlm4j.math.Parallel.setThreads(t);
                assertEquals(Double.doubleToLongBits(one), Double.doubleToLongBits(GradientClipping.globalNorm(ps)), "threads " + t);
            }
            // and clipping scales every element of every block
            GradientClipping.clipByGlobalNorm(ps, one / 2);
            assertEquals(one / 2, GradientClipping.globalNorm(ps), 1e-5 * one);
        } finally {
            org.rnnlm4j.math.Parallel.setThreads(saved);
        }
    }

    @Test
    void globalNormOverAllGradients() {
        assertEquals(13.0, GradientClipping.globalNorm(params(12)), 0);
        assertEquals(0.0, GradientClipping.globalNorm(List.of(new Param("x", 4))), 0);
        // computed in double: float squares of 1e20 would overflow
        Param big = new Param("big", 2);
        Tensors.setGrad(big, new float[] {3e20f, 4e20f});
        assertEquals(5e20, GradientClipping.globalNorm(List.of(big)), 1e14);
    }

    @Test
    void clipsToMaxNormWhenLarger() {
        List<Param> ps = params(12);
        GradientClipping.ClipResult r = GradientClipping.clipByGlobalNorm(ps, 6.5);
        assertEquals(13.0, r.norm(), 0);
        assertTrue(r.clipped());
        assertTrue(r.finite());
        double coef = 6.5 / (13 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * coef), (float) (-4 * coef)}, ps.get(0).grad(), 1e-6f);
        assertEquals((float) (12 * coef), ps.get(2).grad()[0], 1e-6f);
        assertEquals(6.5, GradientClipping.globalNorm(ps), 1e-5);
        assertFalse(ps.get(1).hasGrad());
    }

    @Test
    void leavesSmallGradientsUntouched() {
        List<Param> ps = params(12);
        GradientClipping.ClipResult r = GradientClipping.clipByGlobalNorm(ps, 20);
        assertEquals(13.0, r.norm(), 0);
        assertFalse(r.clipped());
        assertArrayEquals(new float[] {3, -4}, ps.get(0).grad());
        assertArrayEquals(new float[] {12}, ps.get(2).grad());
        // PyTorch's rule is coef = max / (norm + 1e-6) < 1: a norm exactly at the maximum is scaled a hair
        assertTrue(GradientClipping.clipByGlobalNorm(params(12), 13).clipped());
        assertFalse(GradientClipping.clipByGlobalNorm(params(12), 13 + 2e-6).clipped());
    }

    @Test
    void nonFiniteGradientsAreReportedNotScaled() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            List<Param> ps = params(bad);
            GradientClipping.ClipResult r = GradientClipping.clipByGlobalNorm(ps, 1);
            assertFalse(r.finite());
            assertFalse(r.clipped());
            assertArrayEquals(new float[] {3, -4}, ps.get(0).grad());
        }
    }

    @Test
    void maxNormMustBePositive() {
        for (double m : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            RnnlmException e = assertThrows(RnnlmException.class, () -> GradientClipping.clipByGlobalNorm(params(12), m));
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
