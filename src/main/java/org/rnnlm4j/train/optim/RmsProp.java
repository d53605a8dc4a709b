/*
 * RmsProp: divide the gradient by a running root mean square, exactly torch.optim.RMSprop with
 * centered=False (its documented algorithm):
 *
 *     g = grad + wd * w                        (L2 weight decay, added to the gradient)
 *     v = alpha * v + (1 - alpha) * g * g      (state "rmsprop.v/<param>", starts at 0)
 *     d = sqrt(v) + eps
 *     mu = 0:  w = w - lr * g / d
 *     mu > 0:  b = mu * b + g / d;  w = w - lr * b     (state "rmsprop.momentum/<param>")
 *
 * Tieleman & Hinton (2012), COURSERA "Neural Networks for Machine Learning", lecture 6.5; eps
 * outside the square root as PyTorch (not inside, as in Graves 2013). Defaults alpha 0.99, eps 1e-8.
 */
package org.rnnlm4j.train.optim;

import java.util.List;
import java.util.Map;
import org.rnnlm4j.nn.Param;

public final class RmsProp implements Optimizer {
    private final float alpha;
    private final float oneMinusAlpha;
    private final float eps;
    private final float mu;
    private final float wd;
    private final ParamState state;

    public RmsProp(double alpha, double eps, double momentum, double weightDecay) {
        this.alpha = (float) alpha;
        this.oneMinusAlpha = (float) (1 - alpha);
        this.eps = (float) eps;
        this.mu = (float) momentum;
        this.wd = (float) weightDecay;
        this.state = mu > 0 ? new ParamState("rmsprop", "v", "momentum") : new ParamState("rmsprop", "v");
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
            float[] w = p.writable();                   // (size,)
            float[] g = p.grad();              // (size,)
            float[][] slots = state.slots(p);
            float[] v = slots[0];              // (size,) mean square
            if (mu > 0) {
                float[] b = slots[1];          // (size,) momentum buffer
                for (int i = 0; i < w.length; i++) {
                    float gi = wd != 0 ? g[i] + wd * w[i] : g[i];
                    v[i] = v[i] * alpha + oneMinusAlpha * gi * gi;
                    b[i] = b[i] * mu + gi / ((float) Math.sqrt(v[i]) + eps);
                    w[i] = w[i] + a * b[i];
                }
            } else {
                for (int i = 0; i < w.length; i++) {
                    float gi = wd != 0 ? g[i] + wd * w[i] : g[i];
                    v[i] = v[i] * alpha + oneMinusAlpha * gi * gi;
                    w[i] = w[i] + a * gi / ((float) Math.sqrt(v[i]) + eps);
                }
            }
        }
    }

    @Override
    public String name() {
        return "rmsprop";
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
