/*
 * Adam: moment estimates with bias correction, exactly torch.optim.Adam (amsgrad=False), with L2
 * weight decay added to the gradient as PyTorch does (for decoupled decay use AdamW):
 *
 *     g  = grad + wd * w                      (L2 weight decay; AdamW instead: w = w * (1 - lr*wd))
 *     m  = b1 * m + (1 - b1) * g              (state "adam.m/<param>", starts at 0)
 *     v  = b2 * v + (1 - b2) * g * g          (state "adam.v/<param>", starts at 0)
 *     step_size = lr / (1 - b1^t)             (t = 1 at the first step)
 *     denom     = sqrt(v) / sqrt(1 - b2^t) + eps
 *     w  = w - step_size * m / denom
 *
 * Kingma & Ba (2015), "Adam: A Method for Stochastic Optimization", Algorithm 1, with eps placed
 * after the bias correction as in PyTorch (the paper's "efficient version", Section 2). At t = 1,
 * m/(1-b1) = g and sqrt(v/(1-b2)) = |g|, so each weight moves by about lr * sign(g).
 * Defaults b1 0.9, b2 0.999, eps 1e-8.
 */
package org.rnnlm4j.train.optim;

import java.util.List;
import java.util.Map;
import org.rnnlm4j.nn.Param;

public final class Adam implements Optimizer {
    private final String name;
    private final double beta1;
    private final double beta2;
    private final float b1;
    private final float b2;
    private final float oneMinusB1;
    private final float oneMinusB2;
    private final float eps;
    private final float l2;          // added to the gradient (Adam)
    private final double decoupled;  // multiplies the weights by 1 - lr * decoupled (AdamW)
    private final ParamState state;

    public Adam(double beta1, double beta2, double eps, double weightDecay) {
        this("adam", beta1, beta2, eps, weightDecay, 0);
    }

    Adam(String name, double beta1, double beta2, double eps, double l2, double decoupled) {
        this.name = name;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.b1 = (float) beta1;
        this.b2 = (float) beta2;
        this.oneMinusB1 = (float) (1 - beta1);
        this.oneMinusB2 = (float) (1 - beta2);
        this.eps = (float) eps;
        this.l2 = (float) l2;
        this.decoupled = decoupled;
        this.state = new ParamState(name, "m", "v");
    }

    @Override
    public void step(List<Param> params, double lr) {
        long t = state.nextStep();
        float a = (float) -(lr / (1 - Math.pow(beta1, t)));        // -step_size
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float keep = (float) (1 - lr * decoupled);
        for (int j = 0; j < params.size(); j++) {
            Param p = params.get(j);
            if (!p.hasGrad()) {
                continue;
            }
            float[] w = p.writable();                   // (size,)
            float[] g = p.grad();              // (size,)
            float[][] slots = state.slots(p);
            float[] m = slots[0];              // (size,) first moment
            float[] v = slots[1];              // (size,) second moment
            for (int i = 0; i < w.length; i++) {
                if (decoupled != 0) {
                    w[i] = w[i] * keep;
                }
                float gi = l2 != 0 ? g[i] + l2 * w[i] : g[i];
                m[i] = m[i] * b1 + oneMinusB1 * gi;
                v[i] = v[i] * b2 + oneMinusB2 * gi * gi;
                float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
                w[i] = w[i] + a * m[i] / denom;
            }
        }
    }

    @Override
    public String name() {
        return name;
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
