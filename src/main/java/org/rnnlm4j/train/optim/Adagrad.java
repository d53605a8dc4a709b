/*
 * Adagrad: per-weight learning rates from the sum of squared gradients, exactly torch.optim.Adagrad
 * with lr_decay 0 and initial_accumulator_value 0 (its documented algorithm):
 *
 *     g = grad + wd * w          (L2 weight decay, added to the gradient)
 *     s = s + g * g              (state "adagrad.sum/<param>", starts at 0)
 *     w = w - lr * g / (sqrt(s) + eps)
 *
 * Duchi, Hazan & Singer (2011), "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 12, the diagonal update of Figure 1. Default eps 1e-10 as PyTorch.
 */
package org.rnnlm4j.train.optim;

import java.util.List;
import java.util.Map;
import org.rnnlm4j.nn.Param;

public final class Adagrad implements Optimizer {
    private final float eps;
    private final float wd;
    private final ParamState state = new ParamState("adagrad", "sum");

    public Adagrad(double eps, double weightDecay) {
        this.eps = (float) eps;
        this.wd = (float) weightDecay;
    }

    @Override
    public void step(List<Param> params, double lr) {
        state.nextStep();
        float a = (float) -lr;
        for (int j = 0; j < params.size(); j++) {
            Param p = params.get(j);
            if (!p.hasGrad()) {
                continue;
            }
            float[] w = p.writable();                  // (size,)
            float[] g = p.grad();             // (size,)
            float[] s = state.slots(p)[0];    // (size,) sum of squared gradients
            for (int i = 0; i < w.length; i++) {
                float gi = wd != 0 ? g[i] + wd * w[i] : g[i];
                s[i] = s[i] + gi * gi;
                w[i] = w[i] + a * gi / ((float) Math.sqrt(s[i]) + eps);
            }
        }
    }

    @Override
    public String name() {
        return "adagrad";
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
