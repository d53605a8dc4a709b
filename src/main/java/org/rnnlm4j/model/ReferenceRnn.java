/*
 * ReferenceRnn: the vanilla RNN language model in float64, written as literally as the WildML
 * tutorial's numpy code (forward_propagation, bptt) — the oracle for the fast float32 Network.
 *
 * Contract: plain loops, no kernels, no caches kept between calls, obviously correct rather than
 * fast. Holds its own double copies of a model's weights (same names and shapes as LanguageModel).
 * Used by the gradient check: finite differences of loss() against gradients(), and Network's
 * float32 gradients against gradients(). Supports every configuration ModelConfig allows
 * (layers, input projections, biases, tanh/relu); truncation (the tutorial's) for one layer.
 */
package org.rnnlm4j.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlm4j.nn.Activation;
import org.rnnlm4j.nn.Param;

public final class ReferenceRnn {
    private final ModelConfig c;
    public final Map<String, double[]> w = new LinkedHashMap<>();

    public ReferenceRnn(LanguageModel m) {
        this.c = m.config();
        for (Param p : m.params().values()) {
            double[] d = new double[p.w.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = p.w[i];
            }
            w.put(p.name, d);
        }
    }

    private double act(double z) {
        return c.activation() == Activation.TANH ? Math.tanh(z) : Math.max(0, z);
    }

    private double actDeriv(double y) {
        return c.activation() == Activation.TANH ? 1 - y * y : (y > 0 ? 1 : 0);
    }

    /** s[l][t] = hidden state of layer l after step t; s[l][-1] is represented by index 0 = zeros. */
    private double[][][] states(int[] x) {
        int T = x.length;
        int H = c.hidden();
        int E = c.embedding();
        double[][][] s = new double[c.layers()][T + 1][H];
        double[] emb = w.get("embedding.weight");
        for (int t = 0; t < T; t++) {
            double[] in = new double[E];
            System.arraycopy(emb, x[t] * E, in, 0, E);
            for (int l = 0; l < c.layers(); l++) {
                double[] z = new double[H];
                double[] wih = w.get("rnn.weight_ih_l" + l);
                double[] whh = w.get("rnn.weight_hh_l" + l);
                for (int i = 0; i < H; i++) {
                    double v;
                    if (wih == null) {
                        v = in[i];
                    } else {
                        v = 0;
                        for (int j = 0; j < in.length; j++) {
                            v += wih[i * in.length + j] * in[j];
                        }
                    }
                    for (int j = 0; j < H; j++) {
                        v += whh[i * H + j] * s[l][t][j];
                    }
                    if (c.bias()) {
                        v += w.get("rnn.bias_ih_l" + l)[i] + w.get("rnn.bias_hh_l" + l)[i];
                    }
                    z[i] = act(v);
                }
                s[l][t + 1] = z;
                in = z;
            }
        }
        return s;
    }

    /** o[t] = softmax(V s_t + c), (T, V). */
    private double[][] outputs(double[][] top) {
        int T = top.length - 1;
        int V = c.vocabSize();
        int H = c.hidden();
        double[] dec = w.get("decoder.weight");
        double[] bias = w.get("decoder.bias");
        double[][] o = new double[T][V];
        for (int t = 0; t < T; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < V; v++) {
                double z = bias == null ? 0 : bias[v];
                for (int j = 0; j < H; j++) {
                    z += dec[v * H + j] * top[t + 1][j];
                }
                o[t][v] = z;
                max = Math.max(max, z);
            }
            double sum = 0;
            for (int v = 0; v < V; v++) {
                o[t][v] = Math.exp(o[t][v] - max);
                sum += o[t][v];
            }
            for (int v = 0; v < V; v++) {
                o[t][v] /= sum;
            }
        }
        return o;
    }

    /** Summed cross-entropy (nats) of predicting ids[1..] from ids[..n-1]. */
    public double loss(int[] ids) {
        int[] x = java.util.Arrays.copyOf(ids, ids.length - 1);
        double[][] o = outputs(states(x)[c.layers() - 1]);
        double loss = 0;
        for (int t = 0; t < x.length; t++) {
            loss -= Math.log(o[t][ids[t + 1]]);
        }
        return loss;
    }

    /** Gradients of loss(ids) for every parameter; truncate <= 0 is full BPTT. */
    public Map<String, double[]> gradients(int[] ids, int truncate) {
        int T = ids.length - 1;
        int H = c.hidden();
        int V = c.vocabSize();
        int L = c.layers();
        int[] x = java.util.Arrays.copyOf(ids, T);
        double[][][] s = states(x);
        double[][] o = outputs(s[L - 1]);
        Map<String, double[]> g = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : w.entrySet()) {
            g.put(e.getKey(), new double[e.getValue().length]);
        }
        // output layer: delta_o = o - onehot(y)
        double[] dec = w.get("decoder.weight");
        double[][] dTop = new double[T][H];
        for (int t = 0; t < T; t++) {
            o[t][ids[t + 1]] -= 1;
            for (int v = 0; v < V; v++) {
                for (int j = 0; j < H; j++) {
                    g.get("decoder.weight")[v * H + j] += o[t][v] * s[L - 1][t + 1][j];
                    dTop[t][j] += dec[v * H + j] * o[t][v];
                }
                if (g.containsKey("decoder.bias")) {
                    g.get("decoder.bias")[v] += o[t][v];
                }
            }
        }
        double[][] dOut = dTop;
        for (int l = L - 1; l >= 0; l--) {
            double[][] dz = new double[T][H];
            double[] whh = w.get("rnn.weight_hh_l" + l);
            if (truncate <= 0) {
                double[] next = new double[H];
                for (int t = T - 1; t >= 0; t--) {
                    for (int i = 0; i < H; i++) {
                        dz[t][i] = (dOut[t][i] + next[i]) * actDeriv(s[l][t + 1][i]);
                    }
                    next = new double[H];
                    for (int j = 0; j < H; j++) {
                        for (int i = 0; i < H; i++) {
                            next[j] += whh[i * H + j] * dz[t][i];
                        }
                    }
                }
            } else {
                // the tutorial: for each t, delta flows back through steps t, t-1, ..., max(0, t-K)
                for (int t = T - 1; t >= 0; t--) {
                    double[] delta = new double[H];
                    for (int i = 0; i < H; i++) {
                        delta[i] = dOut[t][i] * actDeriv(s[l][t + 1][i]);
                    }
                    for (int step = t; step >= Math.max(0, t - truncate); step--) {
                        for (int i = 0; i < H; i++) {
                            dz[step][i] += delta[i];
                        }
                        double[] prev = new double[H];
                        for (int j = 0; j < H; j++) {
                            for (int i = 0; i < H; i++) {
                                prev[j] += whh[i * H + j] * delta[i];
                            }
                            prev[j] *= actDeriv(s[l][step][j]);
                        }
                        delta = prev;
                    }
                }
            }
            int E = l == 0 ? c.embedding() : H;
            double[] wih = w.get("rnn.weight_ih_l" + l);
            double[][] dIn = new double[T][E];
            for (int t = 0; t < T; t++) {
                double[] in = l == 0 ? embeddingRow(x[t]) : s[l - 1][t + 1];
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < H; j++) {
                        g.get("rnn.weight_hh_l" + l)[i * H + j] += dz[t][i] * s[l][t][j];
                    }
                    if (c.bias()) {
                        g.get("rnn.bias_ih_l" + l)[i] += dz[t][i];
                        g.get("rnn.bias_hh_l" + l)[i] += dz[t][i];
                    }
                    if (wih == null) {
                        dIn[t][i] = dz[t][i];
                    } else {
                        for (int j = 0; j < E; j++) {
                            g.get("rnn.weight_ih_l" + l)[i * E + j] += dz[t][i] * in[j];
                            dIn[t][j] += wih[i * E + j] * dz[t][i];
                        }
                    }
                }
            }
            dOut = dIn;
        }
        int E = c.embedding();
        for (int t = 0; t < T; t++) {
            for (int j = 0; j < E; j++) {
                g.get("embedding.weight")[x[t] * E + j] += dOut[t][j];
            }
        }
        return g;
    }

    private double[] embeddingRow(int id) {
        int E = c.embedding();
        double[] r = new double[E];
        System.arraycopy(w.get("embedding.weight"), id * E, r, 0, E);
        return r;
    }
}
