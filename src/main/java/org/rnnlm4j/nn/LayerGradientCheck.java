/*
 * LayerGradientCheck: `rnnlm4j gradcheck --cell gru|lstm --layers L [--bidirectional]` — the
 * finite-difference check for recurrent layers of any cell, on a random case with B > 1 and non-zero
 * initial states, for every weight and for the gradients of the inputs x and the initial states.
 *
 * Like model.GradientCheck: central differences (h = 1e-6) of the float64 ReferenceRecurrent's loss
 * against its own BPTT, relative error |a-b| / (|a|+|b|) (entries under 1e-10 agree); then the
 * float32 layers (RecurrentLayer / StackedRecurrent / BidirectionalRecurrent) against the float64
 * gradients, relative to each tensor's largest entry.
 */
package org.rnnlm4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.nn.RecurrentCase.Inputs;
import org.rnnlm4j.nn.RecurrentCase.Result;
import org.rnnlm4j.nn.RecurrentCase.Spec;

public final class LayerGradientCheck {
    public static final double STEP = 1e-6;
    public static final double FD_THRESHOLD = 1e-4;
    public static final double FLOAT32_THRESHOLD = 1e-4;

    /** One tensor's outcome (a weight, "x", "h0" or "c0"). */
    public record Row(String name, int size, double maxFiniteDifferenceError, double maxFloat32Error) {
        public boolean passed() {
            return maxFiniteDifferenceError <= FD_THRESHOLD && maxFloat32Error <= FLOAT32_THRESHOLD;
        }
    }

    private LayerGradientCheck() {
    }

    /** cell: rnn_tanh, rnn_relu, gru or lstm. */
    public static List<Row> run(String cell, int input, int hidden, int layers, boolean bidirectional, boolean bias,
                                int steps, int batch, long seed, Kernels k) {
        Spec s = new Spec(cell, input, hidden, layers, bidirectional, false, bias);
        Map<String, double[]> w = RecurrentCase.randomWeights(s, seed, 0.5);
        Inputs in = RecurrentCase.randomInputs(s, steps, batch, true, seed + 1);
        ReferenceRecurrent ref = new ReferenceRecurrent(s, w);
        Result exact = ref.run(in, true);
        Result fast = RecurrentCase.runFloat(s, w, in, k, bidirectional ? "bi" : layers == 1 ? "layer" : "stack");
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> g : exact.grads().entrySet()) {
            double[] v = target(g.getKey(), w, in);
            double[] a = g.getValue();
            double worstFd = 0;
            for (int i = 0; i < v.length; i++) {
                double keep = v[i];
                v[i] = keep + STEP;
                double up = ref.run(in, false).loss();
                v[i] = keep - STEP;
                double down = ref.run(in, false).loss();
                v[i] = keep;
                double est = (up - down) / (2 * STEP);
                double denom = Math.abs(a[i]) + Math.abs(est);
                if (denom > 1e-10) {
                    worstFd = Math.max(worstFd, Math.abs(a[i] - est) / denom);
                }
            }
            double scale = 0;
            for (double x : a) {
                scale = Math.max(scale, Math.abs(x));
            }
            double[] f = fast.grads().get(g.getKey());
            double worst32 = 0;
            for (int i = 0; i < a.length; i++) {
                worst32 = Math.max(worst32, Math.abs(f[i] - a[i]) / Math.max(scale, 1e-30));
            }
            rows.add(new Row(g.getKey(), a.length, worstFd, worst32));
        }
        return rows;
    }

    private static double[] target(String name, Map<String, double[]> w, Inputs in) {
        switch (name) {
            case "x": return in.x();
            case "h0": return in.h0();
            case "c0": return in.c0();
            default: return w.get(name);
        }
    }
}
