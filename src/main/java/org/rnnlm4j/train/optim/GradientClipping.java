/*
 * GradientClipping: rescale all gradients together when their global L2 norm is too large, exactly
 * as torch.nn.utils.clip_grad_norm_ (norm_type 2, error_if_nonfinite False, except as noted):
 *
 *     norm = sqrt(sum over all parameters and elements of g^2)      (accumulated in double)
 *     coef = maxNorm / (norm + 1e-6)
 *     if coef < 1: g = g * coef  for every gradient
 *
 * so gradients are scaled exactly when norm + 1e-6 > maxNorm, and the clipped norm is just below
 * maxNorm. Pascanu, Mikolov & Bengio (2013), "On the difficulty of training recurrent neural
 * networks", Algorithm 1. Deliberate difference from PyTorch: a NaN or infinite norm leaves the
 * gradients untouched (PyTorch multiplies them by NaN/0) and is reported through ClipResult, so the
 * caller can skip the step or stop. Parameters without a gradient (hasGrad() false) are ignored.
 */
package org.rnnlm4j.train.optim;

import java.util.List;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.nn.Param;

public final class GradientClipping {
    private GradientClipping() {
    }

    /** The global norm before clipping, and whether the gradients were scaled. */
    public record ClipResult(double norm, boolean clipped) {
        /** False when some gradient is NaN or infinite (then nothing was scaled). */
        public boolean finite() {
            return Double.isFinite(norm);
        }
    }

    /** The L2 norm of all gradients together, computed in double. */
    public static double globalNorm(List<Param> params) {
        double sum = 0;
        for (int j = 0; j < params.size(); j++) {
            Param p = params.get(j);
            if (!p.hasGrad()) {
                continue;
            }
            float[] g = p.grad();    // same shape as p.w
            for (float x : g) {
                sum += (double) x * x;
            }
        }
        return Math.sqrt(sum);
    }

    public static ClipResult clipByGlobalNorm(List<Param> params, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new RnnlmException("the gradient clipping norm must be a positive number (got " + maxNorm + ")");
        }
        double norm = globalNorm(params);
        double coef = maxNorm / (norm + 1e-6);
        if (!Double.isFinite(norm) || !(coef < 1)) {
            return new ClipResult(norm, false);
        }
        float c = (float) coef;
        for (int j = 0; j < params.size(); j++) {
            Param p = params.get(j);
            if (!p.hasGrad()) {
                continue;
            }
            float[] g = p.grad();
            for (int i = 0; i < g.length; i++) {
                g[i] *= c;
            }
        }
        return new ClipResult(norm, true);
    }
}
