/*
 * Compare: asserts that two recurrent Results agree — outputs, final states, loss and every
 * gradient the expected Result lists (and no gradient missing from the actual one) — elementwise
 * within rtol * |expected| + atol * (largest |expected| of that tensor).
 *
 * Why not Fixtures.assertClose (rtol * max(|e|, 1e-3 * scale)): for float32 against float64 its
 * floor asks entries near zero to be right to rtol * 1e-3 of the tensor's scale, 1e-8 at rtol 1e-5,
 * a sixth of a float32 rounding unit of the largest entry; a gradient entry that is a sum of larger
 * cancelling terms cannot meet that (rounding the fixtures' inputs to float32 alone moves such
 * entries by more). The absolute part here is stated in units of the tensor's scale instead.
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import org.rnnlm4j.nn.RecurrentCase.Result;

final class Compare {
    private Compare() {
    }

    static void results(String what, Result e, Result a, double rtol, double atol) {
        close(what + " output", e.out(), a.out(), rtol, atol);
        close(what + " h_n", e.hN(), a.hN(), rtol, atol);
        if (e.cN() != null) {
            assertNotNull(a.cN(), what + " c_n");
            close(what + " c_n", e.cN(), a.cN(), rtol, atol);
        }
        if (!(Math.abs(a.loss() - e.loss()) <= rtol * Math.max(1, Math.abs(e.loss())))) {
            fail(String.format("%s loss: expected %.15g, got %.15g", what, e.loss(), a.loss()));
        }
        assertEquals(e.grads().keySet(), a.grads().keySet(), what + ": gradients listed");
        for (Map.Entry<String, double[]> g : e.grads().entrySet()) {
            close(what + " d" + g.getKey(), g.getValue(), a.grads().get(g.getKey()), rtol, atol);
        }
    }

    /** |actual - expected| <= rtol |expected| + atol max|expected|, elementwise. */
    static void close(String what, double[] expected, double[] actual, double rtol, double atol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            double tol = rtol * Math.abs(expected[i]) + atol * scale;
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                fail(String.format("%s[%d]: expected %.12g, got %.12g (|diff| %.3g > tol %.3g; scale %.3g)", what, i,
                        expected[i], actual[i], Math.abs(actual[i] - expected[i]), tol, scale));
            }
        }
    }

    static void close(String what, float[] expected, float[] actual, double rtol, double atol) {
        close(what, RecurrentCase.doubles(expected, 0, expected.length), RecurrentCase.doubles(actual, 0, actual.length),
                rtol, atol);
    }
}
