/*
 * Activation: the vanilla RNN's nonlinearity f in s_t = f(U x_t + W s_{t-1}).
 *
 * Contract: apply() maps pre-activations to outputs in place; derivativeFromOutput() gives f'(z)
 * from y = f(z), which is all BPTT needs (tanh' = 1 - y^2; relu' = [y > 0]).
 */
package org.rnnlm4j.nn;

import org.rnnlm4j.math.Kernels;

public enum Activation {
    TANH, RELU;

    /** x[off..off+n) := f(x[off..off+n)). */
    public void apply(Kernels k, float[] x, int off, int n) {
        if (this == TANH) {
            k.tanh(n, x, off, x, off);
        } else {
            for (int i = off; i < off + n; i++) {
                if (!(x[i] > 0f)) {
                    x[i] = 0f;
                }
            }
        }
    }

    /** d[dOff+i] *= f'(z_i) where y = f(z) is at y[yOff+i]. */
    public void multiplyDerivative(int n, float[] y, int yOff, float[] d, int dOff) {
        if (this == TANH) {
            for (int i = 0; i < n; i++) {
                float v = y[yOff + i];
                d[dOff + i] *= 1f - v * v;
            }
        } else {
            for (int i = 0; i < n; i++) {
                if (!(y[yOff + i] > 0f)) {
                    d[dOff + i] = 0f;
                }
            }
        }
    }

    public static Activation parse(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "tanh": return TANH;
            case "relu": return RELU;
            default: throw new org.rnnlm4j.RnnlmException("unknown activation '" + s + "': use tanh or relu");
        }
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
