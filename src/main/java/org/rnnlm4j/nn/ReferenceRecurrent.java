/*
 * ReferenceRecurrent: torch.nn.RNN/GRU/LSTM in float64, written as plain loops — every matrix
 * product a triple loop, every gate a scalar formula, one row and one time step at a time — and
 * its BPTT written out by hand. The oracle for the float32 classes (which batch everything into
 * GEMMs and cells): checked itself by central finite differences of loss() and against PyTorch's
 * fixtures. Layers, bidirectional, a reverse-only stack, biases or not, any h0/c0.
 *
 * Contract: stateless between calls; nothing shared with the code under test except Cell.of for
 * the gate count. Weights by PyTorch name without prefix ("weight_ih_l0_reverse").
 */
package org.rnnlm4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlm4j.nn.RecurrentCase.Inputs;
import org.rnnlm4j.nn.RecurrentCase.Result;
import org.rnnlm4j.nn.RecurrentCase.Spec;

public final class ReferenceRecurrent {
    private final Spec s;
    private final Map<String, double[]> w;
    private final int H;
    private final int G;

    public ReferenceRecurrent(Spec s, Map<String, double[]> w) {
        this.s = s;
        this.w = w;
        this.H = s.H();
        this.G = s.gates();
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** One direction of one layer: its input and everything its forward computed, in time order. */
    private final class Dir {
        final String suffix;     // "_l0", "_l1_reverse", ...
        final boolean rev;
        final int T, B, in;
        final double[] x;        // (T,B,in)
        final double[] h0, c0;   // (B,H)
        final double[][] h, c;   // [t] (B,H) state after time t
        final double[][] gate;   // [t] (B,G*H) activated gates: RNN h; GRU r,z,n; LSTM i,f,g,o
        final double[][] hn;     // [t] (B,H) GRU: W_hn h_prev + b_hn

        Dir(String suffix, boolean rev, double[] x, int T, int B, int in, double[] h0, double[] c0) {
            this.suffix = suffix;
            this.rev = rev;
            this.x = x;
            this.T = T;
            this.B = B;
            this.in = in;
            this.h0 = h0;
            this.c0 = c0;
            h = new double[T][];
            c = new double[T][];
            gate = new double[T][];
            hn = new double[T][];
            double[] wih = w.get("weight_ih" + suffix);
            double[] whh = w.get("weight_hh" + suffix);
            double[] bih = w.get("bias_ih" + suffix);
            double[] bhh = w.get("bias_hh" + suffix);
            for (int step = 0; step < T; step++) {
                int t = rev ? T - 1 - step : step;
                double[] hp = prevH(t);
                double[] cp = prevC(t);
                h[t] = new double[B * H];
                c[t] = new double[B * H];
                gate[t] = new double[B * G * H];
                hn[t] = new double[B * H];
                for (int b = 0; b < B; b++) {
                    double[] ai = new double[G * H];
                    double[] ah = new double[G * H];
                    for (int g = 0; g < G * H; g++) {
                        double si = bih == null ? 0 : bih[g];
                        for (int e = 0; e < in; e++) {
                            si += wih[g * in + e] * x[(t * B + b) * in + e];
                        }
                        double sh = bhh == null ? 0 : bhh[g];
                        for (int j = 0; j < H; j++) {
                            sh += whh[g * H + j] * hp[b * H + j];
                        }
                        ai[g] = si;
                        ah[g] = sh;
                    }
                    double[] gt = gate[t];
                    int o = b * G * H;
                    for (int j = 0; j < H; j++) {
                        int bj = b * H + j;
                        switch (s.cell()) {
                            case "rnn_tanh":
                                gt[o + j] = Math.tanh(ai[j] + ah[j]);
                                h[t][bj] = gt[o + j];
                                break;
                            case "rnn_relu":
                                gt[o + j] = Math.max(0, ai[j] + ah[j]);
                                h[t][bj] = gt[o + j];
                                break;
                            case "gru": {
                                double r = sigmoid(ai[j] + ah[j]);
                                double z = sigmoid(ai[H + j] + ah[H + j]);
                                double n = Math.tanh(ai[2 * H + j] + r * ah[2 * H + j]);
                                gt[o + j] = r;
                                gt[o + H + j] = z;
                                gt[o + 2 * H + j] = n;
                                hn[t][bj] = ah[2 * H + j];
                                h[t][bj] = (1 - z) * n + z * hp[bj];
                                break;
                            }
                            case "lstm": {
                                double i = sigmoid(ai[j] + ah[j]);
                                double f = sigmoid(ai[H + j] + ah[H + j]);
                                double g = Math.tanh(ai[2 * H + j] + ah[2 * H + j]);
                                double og = sigmoid(ai[3 * H + j] + ah[3 * H + j]);
                                gt[o + j] = i;
                                gt[o + H + j] = f;
                                gt[o + 2 * H + j] = g;
                                gt[o + 3 * H + j] = og;
                                c[t][bj] = f * cp[bj] + i * g;
                                h[t][bj] = og * Math.tanh(c[t][bj]);
                                break;
                            }
                            default:
                                throw new IllegalArgumentException(s.cell());
                        }
                    }
                }
            }
        }

        double[] prevH(int t) {
            return rev ? (t == T - 1 ? h0 : h[t + 1]) : (t == 0 ? h0 : h[t - 1]);
        }

        double[] prevC(int t) {
            return rev ? (t == T - 1 ? c0 : c[t + 1]) : (t == 0 ? c0 : c[t - 1]);
        }

        double[] last(double[][] a) {
            return rev ? a[0] : a[T - 1];
        }

        /**
         * BPTT. dOut (T,B,H), dhN, dcN (B,H). Adds into grads (weights) and dIn (T,B,in); returns
         * {dh0, dc0}.
         */
        double[][] backward(double[] dOut, double[] dhN, double[] dcN, Map<String, double[]> grads, double[] dIn) {
            double[] wih = w.get("weight_ih" + suffix);
            double[] whh = w.get("weight_hh" + suffix);
            double[] gWih = grads.get("weight_ih" + suffix);
            double[] gWhh = grads.get("weight_hh" + suffix);
            double[] gBih = grads.get("bias_ih" + suffix);
            double[] gBhh = grads.get("bias_hh" + suffix);
            double[] dh = dhN.clone();
            double[] dc = dcN.clone();
            for (int step = T - 1; step >= 0; step--) {
                int t = rev ? T - 1 - step : step;
                double[] hp = prevH(t);
                double[] cp = prevC(t);
                double[] dhPrev = new double[B * H];
                double[] dcPrev = new double[B * H];
                for (int b = 0; b < B; b++) {
                    double[] dai = new double[G * H];   // dLoss/d(W_ih x + b_ih)
                    double[] dah = new double[G * H];   // dLoss/d(W_hh h + b_hh)
                    int o = b * G * H;
                    double[] gt = gate[t];
                    for (int j = 0; j < H; j++) {
                        int bj = b * H + j;
                        double d = dOut[t * B * H + bj] + dh[bj];
                        switch (s.cell()) {
                            case "rnn_tanh": {
                                double y = gt[o + j];
                                dai[j] = d * (1 - y * y);
                                dah[j] = dai[j];
                                break;
                            }
                            case "rnn_relu":
                                dai[j] = gt[o + j] > 0 ? d : 0;
                                dah[j] = dai[j];
                                break;
                            case "gru": {
                                double r = gt[o + j], z = gt[o + H + j], n = gt[o + 2 * H + j];
                                double dn = d * (1 - z) * (1 - n * n);
                                double dz = d * (hp[bj] - n) * z * (1 - z);
                                double dr = dn * hn[t][bj] * r * (1 - r);
                                dai[j] = dr;
                                dah[j] = dr;
                                dai[H + j] = dz;
                                dah[H + j] = dz;
                                dai[2 * H + j] = dn;
                                dah[2 * H + j] = dn * r;
                                dhPrev[bj] += d * z;
                                break;
                            }
                            case "lstm": {
                                double i = gt[o + j], f = gt[o + H + j], g = gt[o + 2 * H + j], og = gt[o + 3 * H + j];
                                double tc = Math.tanh(c[t][bj]);
                                double dct = dc[bj] + d * og * (1 - tc * tc);
                                dai[j] = dct * g * i * (1 - i);
                                dai[H + j] = dct * cp[bj] * f * (1 - f);
                                dai[2 * H + j] = dct * i * (1 - g * g);
                                dai[3 * H + j] = d * tc * og * (1 - og);
                                for (int q = 0; q < 4; q++) {
                                    dah[q * H + j] = dai[q * H + j];
                                }
                                dcPrev[bj] = dct * f;
                                break;
                            }
                            default:
                                throw new IllegalArgumentException(s.cell());
                        }
                    }
                    for (int g = 0; g < G * H; g++) {
                        for (int j = 0; j < H; j++) {
                            dhPrev[b * H + j] += dah[g] * whh[g * H + j];
                            gWhh[g * H + j] += dah[g] * hp[b * H + j];
                        }
                        for (int e = 0; e < in; e++) {
                            dIn[(t * B + b) * in + e] += dai[g] * wih[g * in + e];
                            gWih[g * in + e] += dai[g] * x[(t * B + b) * in + e];
                        }
                        if (gBih != null) {
                            gBih[g] += dai[g];
                            gBhh[g] += dah[g];
                        }
                    }
                }
                dh = dhPrev;
                dc = dcPrev;
            }
            return new double[][] {dh, dc};
        }
    }

    private String suffix(int l, boolean rev) {
        return "_l" + l + (rev ? "_reverse" : "");
    }

    private static double[] slice(double[] a, int off, int n) {
        double[] d = new double[n];
        if (a != null) {
            System.arraycopy(a, off, d, 0, n);
        }
        return d;
    }

    /** Outputs, final states and loss; gradients too when wanted (else an empty map). */
    public Result run(Inputs in, boolean gradients) {
        int T = in.T(), B = in.B(), D = s.directions(), L = s.L();
        int bh = B * H;
        Dir[][] dirs = new Dir[L][D];
        double[] x = in.x();
        int width = s.E();
        for (int l = 0; l < L; l++) {
            for (int d = 0; d < D; d++) {
                boolean rev = s.bidirectional() ? d == 1 : s.reverse();
                int k = l * D + d;
                dirs[l][d] = new Dir(suffix(l, s.bidirectional() && d == 1), rev, x, T, B, width,
                        slice(in.h0(), k * bh, bh), slice(in.c0(), k * bh, bh));
            }
            double[] cat = new double[T * B * D * H];   // (T,B,D*H)
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    for (int d = 0; d < D; d++) {
                        System.arraycopy(dirs[l][d].h[t], b * H, cat, (t * B + b) * D * H + d * H, H);
                    }
                }
            }
            x = cat;
            width = D * H;
        }
        double[] hN = new double[L * D * bh];
        double[] cN = s.lstm() ? new double[L * D * bh] : null;
        for (int l = 0; l < L; l++) {
            for (int d = 0; d < D; d++) {
                System.arraycopy(dirs[l][d].last(dirs[l][d].h), 0, hN, (l * D + d) * bh, bh);
                if (cN != null) {
                    System.arraycopy(dirs[l][d].last(dirs[l][d].c), 0, cN, (l * D + d) * bh, bh);
                }
            }
        }
        double loss = RecurrentCase.dot(x, in.R()) + RecurrentCase.dot(hN, in.RH())
                + (cN == null ? 0 : RecurrentCase.dot(cN, in.RC()));
        Map<String, double[]> grads = new LinkedHashMap<>();
        if (gradients) {
            backward(in, dirs, grads);
        }
        return new Result(x, hN, cN, loss, grads);
    }

    private void backward(Inputs in, Dir[][] dirs, Map<String, double[]> grads) {
        int T = in.T(), B = in.B(), D = s.directions(), L = s.L();
        int bh = B * H;
        for (Map.Entry<String, double[]> e : w.entrySet()) {
            grads.put(e.getKey(), new double[e.getValue().length]);
        }
        double[] dh0 = new double[L * D * bh];
        double[] dc0 = new double[L * D * bh];
        double[] dCat = in.R();                       // dLoss/d(layer outputs) (T,B,D*H)
        for (int l = L - 1; l >= 0; l--) {
            int width = l == 0 ? s.E() : D * H;
            double[] dIn = new double[T * B * width];
            for (int d = 0; d < D; d++) {
                int k = l * D + d;
                double[] dOut = new double[T * B * H];
                for (int r = 0; r < T * B; r++) {
                    System.arraycopy(dCat, r * D * H + d * H, dOut, r * H, H);
                }
                double[] dcN = in.RC() == null ? new double[bh] : slice(in.RC(), k * bh, bh);
                double[][] d0 = dirs[l][d].backward(dOut, slice(in.RH(), k * bh, bh), dcN, grads, dIn);
                System.arraycopy(d0[0], 0, dh0, k * bh, bh);
                System.arraycopy(d0[1], 0, dc0, k * bh, bh);
            }
            dCat = dIn;
        }
        grads.put("x", dCat);
        grads.put("h0", dh0);
        if (s.lstm()) {
            grads.put("c0", dc0);
        }
    }
}
