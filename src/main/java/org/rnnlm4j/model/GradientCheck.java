/*
 * GradientCheck: the tutorial's finite-difference check, for every parameter, in float64.
 *
 * For every weight theta_i: estimate = (L(theta_i + h) - L(theta_i - h)) / 2h on the float64
 * ReferenceRnn, compared with its BPTT gradient by the tutorial's relative error
 * |a - b| / (|a| + |b|) (entries where both are below 1e-10 count as agreeing). Then the float32
 * Network's BPTT gradient is compared with the float64 one, relative to each tensor's largest entry
 * (float32 rounding makes a per-entry ratio meaningless for entries near zero).
 * A parameter passes when both errors are under their thresholds.
 */
package org.rnnlm4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.nn.Param;

public final class GradientCheck {
    public static final double STEP = 1e-5;
    public static final double FD_THRESHOLD = 1e-4;   // the tutorial used 1e-2; float64 rounding on tiny entries reaches ~3e-6
    public static final double FLOAT32_THRESHOLD = 1e-4;

    /** One parameter's outcome. */
    public record Row(String name, int[] shape, double maxFiniteDifferenceError, double maxFloat32Error) {
        public boolean passed() {
            return maxFiniteDifferenceError <= FD_THRESHOLD && maxFloat32Error <= FLOAT32_THRESHOLD;
        }
    }

    private GradientCheck() {
    }

    /** Checks all parameters of model on the sequence ids (length >= 2). */
    public static List<Row> run(LanguageModel model, int[] ids, Kernels k) {
        ReferenceRnn ref = new ReferenceRnn(model);
        Map<String, double[]> exact = ref.gradients(ids, 0);
        Network net = model.newNetwork(k);
        net.zeroGrad();
        net.lossAndGradient(ids, 0, 1f);
        List<Row> rows = new ArrayList<>();
        for (Param p : model.params().values()) {
            double[] w = ref.w.get(p.name);
            double[] g = exact.get(p.name);
            double worstFd = 0;
            for (int i = 0; i < w.length; i++) {
                double saved = w[i];
                w[i] = saved + STEP;
                double plus = ref.loss(ids);
                w[i] = saved - STEP;
                double minus = ref.loss(ids);
                w[i] = saved;
                double estimate = (plus - minus) / (2 * STEP);
                double denom = Math.abs(g[i]) + Math.abs(estimate);
                if (denom > 1e-10) {
                    worstFd = Math.max(worstFd, Math.abs(g[i] - estimate) / denom);
                }
            }
            double scale = 0;
            for (double v : g) {
                scale = Math.max(scale, Math.abs(v));
            }
            double worst32 = 0;
            float[] g32 = p.grad();
            for (int i = 0; i < g.length; i++) {
                worst32 = Math.max(worst32, Math.abs(g32[i] - g[i]) / Math.max(scale, 1e-30));
            }
            rows.add(new Row(p.name, p.shape, worstFd, worst32));
        }
        net.zeroGrad();
        return rows;
    }
}
