/*
 * SgdMomentum: stochastic gradient descent with optional (Nesterov) momentum and L2 weight decay,
 * exactly torch.optim.SGD with dampening 0 (its documented algorithm):
 *
 *     g = grad + wd * w                       (wd = weight decay, added to the gradient)
 *     b = mu * b + g                          (momentum buffer; PyTorch sets b = g at step 1,
 *                                              which equals this with b starting at 0)
 *     u = nesterov ? g + mu * b : b           (u = g when mu = 0: plain SGD, no buffer)
 *     w = w - lr * u
 *
 * Momentum: Polyak (1964), "Some methods of speeding up the convergence of iteration methods";
 * the Nesterov form is Sutskever et al. (2013), "On the importance of initialization and momentum
 * in deep learning", eq. 3-4, rewritten as PyTorch does. State: "sgd.momentum/<param>" when mu > 0.
 */
package org.rnnlm4j.train.optim;

import java.util.List;
import java.util.Map;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.nn.Param;

public final class SgdMomentum implements Optimizer {
    private final float mu;
    private final boolean nesterov;
    private final float wd;
    private final ParamState state;

    public SgdMomentum(double momentum, boolean nesterov, double weightDecay) {
        if (nesterov && !(momentum > 0)) {
            throw new RnnlmException("Nesterov momentum needs a momentum above 0 (got " + momentum + ")");
        }
        this.mu = (float) momentum;
        this.nesterov = nesterov;
        this.wd = (float) weightDecay;
        this.state = mu != 0 ? new ParamState("sgd", "momentum") : new ParamState("sgd");
    }

    @Override
    public void step(List<Param> params, double lr) {
        step(params, lr, 1f);
    }

    /**
     * Folds the factor into the update: g = grad * factor (float), then as above; the same bits as
     * scaling the gradients first, without writing them. With neither momentum nor weight decay, a
     * parameter that tracks its rows updates only its marked rows (w + a * 0 is w).
     */
    @Override
    public void step(List<Param> params, double lr, float factor) {
        state.nextStep();
        float a = (float) -lr;
        for (int j = 0; j < params.size(); j++) {
            Param p = params.get(j);
            if (!p.hasGrad()) {
                continue;
            }
            float[] w = p.writable();          // (size,) flat, any shape
            float[] g = p.grad();     // same shape as w
            if (mu == 0 && wd == 0 && p.tracksRows()) {
                int width = p.rowWidth();
                for (int r = 0, rows = p.shape[0]; r < rows; r++) {
                    if (p.rowTouched(r)) {
                        plainRange(w, g, r * width, (r + 1) * width, a, factor);
                    }
                }
                continue;
            }
            if (mu == 0) {
                if (wd == 0) {
                    plainRange(w, g, 0, w.length, a, factor);
                    continue;
                }
                for (int i = 0; i < w.length; i++) {
                    float gi = g[i] * factor + wd * w[i];
                    w[i] = w[i] + a * gi;
                }
                continue;
            }
            float[] b = state.slots(p)[0];    // momentum buffer, same shape as w
            for (int i = 0; i < w.length; i++) {
                float gi = wd != 0 ? g[i] * factor + wd * w[i] : g[i] * factor;
                b[i] = b[i] * mu + gi;
                float u = nesterov ? gi + mu * b[i] : b[i];
                w[i] = w[i] + a * u;
            }
        }
    }

    /** w[i] = w[i] + a * (g[i] * factor) for i in [from, to): plain SGD. */
    private static void plainRange(float[] w, float[] g, int from, int to, float a, float factor) {
        for (int i = from; i < to; i++) {
            w[i] = w[i] + a * (g[i] * factor);
        }
    }

    @Override
    public String name() {
        return mu == 0 ? "sgd" : nesterov ? "nesterov" : "momentum";
    }

    @Override
    public long steps() {
        return state.steps();
    }

    @Override
    public Map<String, float[]> state() {
        return state.export();
    }

    @Override
    public void loadState(Map<String, float[]> s) {
        state.load(s);
    }
}
