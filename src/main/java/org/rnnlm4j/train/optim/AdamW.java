/*
 * AdamW: Adam with decoupled weight decay, exactly torch.optim.AdamW (amsgrad=False):
 *
 *     w = w * (1 - lr * wd)          first, then Adam's update with the raw gradient (see Adam)
 *
 * Loshchilov & Hutter (2019), "Decoupled Weight Decay Regularization", Algorithm 2, line 12, with
 * the decay scaled by lr as PyTorch does (the paper's schedule multiplier eta_t = lr). Unlike L2
 * regularization in Adam, the decay is not divided by sqrt(v), so every weight shrinks at the same
 * rate. Default wd 0.01 as PyTorch. State keys "adamw.m/<param>", "adamw.v/<param>", "adamw.step".
 */
package org.rnnlm4j.train.optim;

import java.util.List;
import java.util.Map;
import org.rnnlm4j.nn.Param;

public final class AdamW implements Optimizer {
    private final Adam adam;

    public AdamW(double beta1, double beta2, double eps, double weightDecay) {
        this.adam = new Adam("adamw", beta1, beta2, eps, 0, weightDecay);
    }

    @Override
    public void step(List<Param> params, double lr) {
        adam.step(params, lr);
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public long steps() {
        return adam.steps();
    }

    @Override
    public Map<String, float[]> state() {
        return adam.state();
    }

    @Override
    public void loadState(Map<String, float[]> s) {
        adam.loadState(s);
    }
}
