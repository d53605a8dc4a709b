/*
 * RecurrentCase: the shared vocabulary of recurrent-layer checks (gradcheck and the tests). A Spec (cell, sizes, layers,
 * direction, biases), weights by PyTorch name (without prefix) in float64, Inputs (x, h0, c0 and the
 * loss weights R, RH, RC of loss = sum(out*R) + sum(h_n*RH) + sum(c_n*RC), as the fixtures define
 * it), and a Result (outputs, final states, loss, gradients of every weight and of "x", "h0", "c0").
 *
 * runFloat() runs the float32 classes under test on a case, through a single RecurrentLayer, a
 * StackedRecurrent or a BidirectionalRecurrent; ReferenceRecurrent computes the same in float64.
 */
package org.rnnlm4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;

public final class RecurrentCase {
    private RecurrentCase() {
    }

    /**
     * Float32 results against float64 ones (Compare.results): |a - e| <= 1e-5 |e| + 1e-6 max|e| per
     * tensor. Measured on the fixtures and the random cases: the absolute excess over 1e-5 |e| is at
     * most 2.4e-7 of the tensor's scale (about 4 float32 rounding units; vector kernels), and entries
     * above a tenth of the scale are within 2.3e-6 relative.
     */
    public static final double FLOAT32_RTOL = 1e-5;
    public static final double FLOAT32_ATOL = 1e-6;

    /** reverse: a unidirectional stack running backwards in time (ignored when bidirectional). */
    public record Spec(String cell, int E, int H, int L, boolean bidirectional, boolean reverse, boolean bias) {
        int gates() {
            return Cell.of(cell).gates();
        }

        boolean lstm() {
            return cell.equals("lstm");
        }

        int directions() {
            return bidirectional ? 2 : 1;
        }

        /** States h0, h_n: (L*D, B, H). */
        int states() {
            return L * directions();
        }

        @Override
        public String toString() {
            return cell + " E=" + E + " H=" + H + " L=" + L + (bidirectional ? " bi" : reverse ? " reverse" : "")
                    + (bias ? " bias" : "");
        }
    }

    /** x (T,B,E); h0, c0 (L*D,B,H) or null for zeros; R (T,B,D*H), RH, RC (L*D,B,H). */
    public record Inputs(int T, int B, double[] x, double[] h0, double[] c0, double[] R, double[] RH, double[] RC) {
    }

    public record Result(double[] out, double[] hN, double[] cN, double loss, Map<String, double[]> grads) {
    }

    /** Names and shapes of a Spec's parameters, zero-valued, in PyTorch's order. */
    public static Map<String, Param> params(Spec s) {
        return RecurrentParams.create("", Cell.of(s.cell()), s.E(), s.H(), s.L(), s.bidirectional(), s.bias());
    }

    public static double[] uniform(NumpyRandom r, int n, double scale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.uniform(-scale, scale);
        }
        return d;
    }

    /** Weights uniform in +-scale, for every parameter of the spec. */
    public static Map<String, double[]> randomWeights(Spec s, long seed, double scale) {
        NumpyRandom r = new NumpyRandom(seed);
        Map<String, double[]> w = new LinkedHashMap<>();
        for (Param p : params(s).values()) {
            w.put(p.name, uniform(r, p.size(), scale));
        }
        return w;
    }

    public static Inputs randomInputs(Spec s, int T, int B, boolean initialState, long seed) {
        NumpyRandom r = new NumpyRandom(seed);
        int n = s.states() * B * s.H();
        double[] x = uniform(r, T * B * s.E(), 1.0);
        double[] h0 = initialState ? uniform(r, n, 0.8) : null;
        double[] c0 = initialState && s.lstm() ? uniform(r, n, 0.8) : null;
        double[] R = uniform(r, T * B * s.directions() * s.H(), 1.0);
        double[] RH = uniform(r, n, 1.0);
        double[] RC = s.lstm() ? uniform(r, n, 1.0) : null;
        return new Inputs(T, B, x, h0, c0, R, RH, RC);
    }

    public static float[] floats(double[] d) {
        if (d == null) {
            return null;
        }
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    public static double[] doubles(float[] f, int off, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = f[off + i];
        }
        return d;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Params of the spec holding the given float64 weights rounded to float32. */
    public static Map<String, Param> floatParams(Spec s, Map<String, double[]> w) {
        Map<String, Param> p = params(s);
        if (!p.keySet().equals(w.keySet())) {
            throw new IllegalArgumentException("weights " + w.keySet() + " do not match the spec's " + p.keySet());
        }
        for (Param q : p.values()) {
            double[] v = w.get(q.name);
            for (int i = 0; i < v.length; i++) {
                q.w[i] = (float) v[i];
            }
        }
        return p;
    }

    /**
     * Runs the float32 implementation: via "layer" (one RecurrentLayer; L = 1, unidirectional),
     * "stack" (StackedRecurrent) or "bi" (BidirectionalRecurrent). Gradients are read from grad().
     */
    public static Result runFloat(Spec s, Map<String, double[]> w, Inputs in, Kernels k, String via) {
        return runOn(s, floatParams(s, w), in, k, via);
    }

    /** runFloat on the given Params (whose grad() or sink receives the gradients). */
    public static Result runOn(Spec s, Map<String, Param> p, Inputs in, Kernels k, String via) {
        Cell cell = Cell.of(s.cell());
        int T = in.T();
        int B = in.B();
        int n = s.states() * B * s.H();
        int outN = T * B * s.directions() * s.H();
        float[] x = floats(in.x());
        float[] h0 = floats(in.h0());
        float[] c0 = floats(in.c0());
        float[] R = floats(in.R());
        float[] RH = floats(in.RH());
        float[] RC = floats(in.RC());
        float[] hN = new float[n];
        float[] cN = s.lstm() ? new float[n] : null;
        float[] dh0 = new float[n];
        float[] dc0 = s.lstm() ? new float[n] : null;
        double[] out;
        float[] dX;
        switch (via) {
            case "layer": {
                if (s.L() != 1 || s.bidirectional()) {
                    throw new IllegalArgumentException("a single layer cannot run " + s);
                }
                RecurrentLayer layer = RecurrentParams.layer(p, "", cell, 0, s.reverse(), k);
                float[] o = layer.forward(x, 0, T, B, h0, c0);
                out = doubles(o, layer.outputOffset(), outN);
                layer.finalState(hN, cN);
                dX = layer.backward(R, RH, RC);
                System.arraycopy(layer.initialStateGrad(), 0, dh0, 0, n);
                if (s.lstm()) {
                    System.arraycopy(layer.initialCellGrad(), 0, dc0, 0, n);
                }
                break;
            }
            case "stack": {
                if (s.bidirectional()) {
                    throw new IllegalArgumentException("a stack cannot run " + s);
                }
                StackedRecurrent st = RecurrentParams.stack(p, "", cell, s.L(), s.reverse(), 0f, null, k);
                float[] o = st.forward(x, 0, T, B, h0, c0);
                out = doubles(o, st.outputOffset(), outN);
                st.finalState(hN, cN);
                dX = st.backward(R, 0, RH, RC);
                st.initialStateGrad(dh0);
                if (s.lstm()) {
                    st.initialCellGrad(dc0);
                }
                break;
            }
            case "bi": {
                BidirectionalRecurrent bi = RecurrentParams.bidirectional(p, "", cell, s.L(), 0f, null, k);
                float[] o = bi.forward(x, 0, T, B, h0, c0);
                out = doubles(o, 0, outN);
                bi.finalState(hN, cN);
                dX = bi.backward(R, 0, RH, RC);
                bi.initialStateGrad(dh0);
                if (s.lstm()) {
                    bi.initialCellGrad(dc0);
                }
                break;
            }
            default:
                throw new IllegalArgumentException(via);
        }
        double[] hn = doubles(hN, 0, n);
        double[] cn = cN == null ? null : doubles(cN, 0, n);
        double loss = dot(out, in.R()) + dot(hn, in.RH()) + (cn == null ? 0 : dot(cn, in.RC()));
        Map<String, double[]> g = new LinkedHashMap<>();
        for (Param q : p.values()) {
            g.put(q.name, doubles(q.grad(), 0, q.size()));
        }
        g.put("x", doubles(dX, 0, in.x().length));
        g.put("h0", doubles(dh0, 0, n));
        if (s.lstm()) {
            g.put("c0", doubles(dc0, 0, n));
        }
        return new Result(out, hn, cn, loss, g);
    }
}
