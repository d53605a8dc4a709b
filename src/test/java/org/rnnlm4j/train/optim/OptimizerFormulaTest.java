/*
 * Each optimizer, 4 steps on two small parameters with fixed gradients and a changing learning
 * rate, against a double-precision reference written here from the documented formulas (the
 * torch.optim pseudo-code and the papers), not from the implementation's loops. Float32 rounding
 * over 4 steps moves results by ~1e-7; every wrong formula tried (missing bias correction, L2 vs
 * decoupled decay, Nesterov vs heavy ball, eps inside the root) moves them by > 1e-4.
 */
package org.rnnlm4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.nn.Param;

class OptimizerFormulaTest {
    static final float[] W0 = {0.5f, -1.25f, 2f, 0f, -0.375f, 1.125f};
    // gradients per step; a zero and sign changes included
    static final float[][] G = {
            {0.25f, -0.5f, 0f, 1.5f, -2f, 0.125f},
            {0.5f, 0.75f, -0.25f, 1f, -1.5f, -0.0625f},
            {-0.125f, 0.5f, 0.5f, -3f, 0.25f, 0.375f},
            {1f, -0.25f, 0.125f, 0.5f, -0.5f, 2f}};
    static final double[] LR = {0.1, 0.08, 0.06, 0.04};
    static final double TOL = 2e-6;

    /** Runs opt over the fixed steps on params "a" (2,2) and "b" (2,) holding W0; returns the final weights. */
    static float[] run(Optimizer opt) {
        Param a = Tensors.param("a", new float[] {W0[0], W0[1], W0[2], W0[3]}, 2, 2);
        Param b = Tensors.param("b", new float[] {W0[4], W0[5]}, 2);
        List<Param> ps = List.of(a, b);
        for (int t = 0; t < G.length; t++) {
            Tensors.setGrad(a, new float[] {G[t][0], G[t][1], G[t][2], G[t][3]});
            Tensors.setGrad(b, new float[] {G[t][4], G[t][5]});
            float[] before = G[t].clone();
            opt.step(ps, LR[t]);
            float[] after = {a.grad()[0], a.grad()[1], a.grad()[2], a.grad()[3], b.grad()[0], b.grad()[1]};
            assertArrayEquals(before, after, "the optimizer must not modify the gradients");
        }
        return new float[] {a.w[0], a.w[1], a.w[2], a.w[3], b.w[0], b.w[1]};
    }

    static void assertClose(double[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOL * Math.max(1, Math.abs(expected[i])), "weight " + i);
        }
    }

    static double maxDiff(float[] x, float[] y) {
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            d = Math.max(d, Math.abs(x[i] - y[i]));
        }
        return d;
    }

    // torch.optim.SGD docs: g += wd*w; b = g (t=1) or mu*b + g; g = nesterov ? g + mu*b : b; w -= lr*g
    static double[] sgdReference(double mu, boolean nesterov, double wd) {
        double[] w = Tensors.toDouble(W0);
        double[] b = new double[w.length];
        for (int t = 0; t < G.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = G[t][i] + wd * w[i];
                if (mu != 0) {
                    b[i] = t == 0 ? g : mu * b[i] + g;
                    g = nesterov ? g + mu * b[i] : b[i];
                }
                w[i] -= LR[t] * g;
            }
        }
        return w;
    }

    @Test
    void sgdPlainAndWithWeightDecay() {
        assertClose(sgdReference(0, false, 0), run(new SgdMomentum(0, false, 0)));
        assertClose(sgdReference(0, false, 0.1), run(new SgdMomentum(0, false, 0.1)));
        // the plain SGD step after step 1 is exactly w - lr*g
        assertEquals(W0[0] - (float) 0.1 * G[0][0], singleStep(new SgdMomentum(0, false, 0))[0], 0);
    }

    @Test
    void momentumAndNesterov() {
        assertClose(sgdReference(0.9, false, 0), run(new SgdMomentum(0.9, false, 0)));
        assertClose(sgdReference(0.9, true, 0), run(new SgdMomentum(0.9, true, 0)));
        assertClose(sgdReference(0.5, true, 0.05), run(new SgdMomentum(0.5, true, 0.05)));
        assertClose(sgdReference(0.5, false, 0.05), run(new SgdMomentum(0.5, false, 0.05)));
        assertTrue(maxDiff(run(new SgdMomentum(0.9, true, 0)), run(new SgdMomentum(0.9, false, 0))) > 1e-2);
    }

    // torch.optim.Adagrad docs (lr_decay 0, initial accumulator 0): g += wd*w; s += g^2; w -= lr*g/(sqrt(s)+eps)
    static double[] adagradReference(double eps, double wd) {
        double[] w = Tensors.toDouble(W0);
        double[] s = new double[w.length];
        for (int t = 0; t < G.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = G[t][i] + wd * w[i];
                s[i] += g * g;
                w[i] -= LR[t] * g / (Math.sqrt(s[i]) + eps);
            }
        }
        return w;
    }

    @Test
    void adagrad() {
        assertClose(adagradReference(1e-10, 0), run(new Adagrad(1e-10, 0)));
        assertClose(adagradReference(1e-10, 0.1), run(new Adagrad(1e-10, 0.1)));
        assertClose(adagradReference(0.5, 0), run(new Adagrad(0.5, 0)));
    }

    // torch.optim.RMSprop docs (not centered): g += wd*w; v = a*v + (1-a)*g^2;
    // mu > 0: b = mu*b + g/(sqrt(v)+eps), w -= lr*b; else w -= lr*g/(sqrt(v)+eps)
    static double[] rmspropReference(double alpha, double eps, double mu, double wd) {
        double[] w = Tensors.toDouble(W0);
        double[] v = new double[w.length];
        double[] b = new double[w.length];
        for (int t = 0; t < G.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = G[t][i] + wd * w[i];
                v[i] = alpha * v[i] + (1 - alpha) * g * g;
                double step = g / (Math.sqrt(v[i]) + eps);
                if (mu > 0) {
                    b[i] = mu * b[i] + step;
                    step = b[i];
                }
                w[i] -= LR[t] * step;
            }
        }
        return w;
    }

    @Test
    void rmsprop() {
        assertClose(rmspropReference(0.99, 1e-8, 0, 0), run(new RmsProp(0.99, 1e-8, 0, 0)));
        assertClose(rmspropReference(0.9, 1e-8, 0.5, 0.1), run(new RmsProp(0.9, 1e-8, 0.5, 0.1)));
        // eps outside the square root: with a large eps the two placements differ visibly
        assertClose(rmspropReference(0.9, 0.25, 0, 0), run(new RmsProp(0.9, 0.25, 0, 0)));
    }

    // Kingma & Ba, Algorithm 1: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
    // mhat = m/(1-b1^t); vhat = v/(1-b2^t); w -= lr * mhat / (sqrt(vhat) + eps)
    // L2 (Adam): g += wd*w first. Decoupled (AdamW, Loshchilov & Hutter): w *= 1 - lr*wd first.
    static double[] adamReference(double b1, double b2, double eps, double l2, double decoupled) {
        double[] w = Tensors.toDouble(W0);
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int t = 0; t < G.length; t++) {
            int step = t + 1;
            for (int i = 0; i < w.length; i++) {
                w[i] *= 1 - LR[t] * decoupled;
                double g = G[t][i] + l2 * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mhat = m[i] / (1 - Math.pow(b1, step));
                double vhat = v[i] / (1 - Math.pow(b2, step));
                w[i] -= LR[t] * mhat / (Math.sqrt(vhat) + eps);
            }
        }
        return w;
    }

    @Test
    void adam() {
        assertClose(adamReference(0.9, 0.999, 1e-8, 0, 0), run(new Adam(0.9, 0.999, 1e-8, 0)));
        assertClose(adamReference(0.8, 0.99, 1e-3, 0, 0), run(new Adam(0.8, 0.99, 1e-3, 0)));
    }

    @Test
    void adamWithL2WeightDecay() {
        assertClose(adamReference(0.9, 0.999, 1e-8, 0.1, 0), run(new Adam(0.9, 0.999, 1e-8, 0.1)));
    }

    @Test
    void adamwDecouplesWeightDecay() {
        assertClose(adamReference(0.9, 0.999, 1e-8, 0, 0.01), run(new AdamW(0.9, 0.999, 1e-8, 0.01)));
        assertClose(adamReference(0.9, 0.999, 1e-8, 0, 0.5), run(new AdamW(0.9, 0.999, 1e-8, 0.5)));
        // decoupled decay is not L2 decay: the two give visibly different weights
        assertTrue(maxDiff(run(new AdamW(0.9, 0.999, 1e-8, 0.5)), run(new Adam(0.9, 0.999, 1e-8, 0.5))) > 1e-3);
        // and AdamW with wd 0 is Adam, bit for bit
        assertArrayEquals(run(new Adam(0.9, 0.999, 1e-8, 0)), run(new AdamW(0.9, 0.999, 1e-8, 0)));
    }

    static float[] singleStep(Optimizer opt) {
        Param p = Tensors.param("p", W0, 6);
        Tensors.setGrad(p, G[0]);
        opt.step(List.of(p), 0.1);
        return p.w.clone();
    }

    @Test
    void adamFirstStepMovesEachWeightByLrTimesSignOfGradient() {
        // bias correction at t = 1: mhat = g, sqrt(vhat) = |g|, so the update is lr * g / (|g| + eps)
        for (Optimizer opt : new Optimizer[] {new Adam(0.9, 0.999, 1e-8, 0), new Adam(0.5, 0.9, 1e-8, 0), new AdamW(0.9, 0.999, 1e-8, 0)}) {
            float[] w = singleStep(opt);
            for (int i = 0; i < w.length; i++) {
                double expected = W0[i] - 0.1 * Math.signum(G[0][i]);
                assertEquals(expected, w[i], 1e-6, opt.name() + " weight " + i);
            }
        }
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        for (Optimizer opt : new Optimizer[] {new SgdMomentum(0.9, true, 0.1), new Adagrad(1e-10, 0.1),
                new RmsProp(0.99, 1e-8, 0.5, 0.1), new Adam(0.9, 0.999, 1e-8, 0.1), new AdamW(0.9, 0.999, 1e-8, 0.1)}) {
            Param frozen = Tensors.param("frozen", W0, 3, 2);
            Param live = Tensors.param("live", W0, 6);
            Tensors.setGrad(live, G[0]);
            opt.step(List.of(frozen, live), 0.1);
            assertArrayEquals(W0, frozen.w, opt.name());
            assertTrue(!frozen.hasGrad());
            assertTrue(maxDiff(W0, live.w) > 1e-3, opt.name());
            assertTrue(opt.state().keySet().stream().noneMatch(k -> k.endsWith("/frozen")), opt.name());
        }
    }
}
