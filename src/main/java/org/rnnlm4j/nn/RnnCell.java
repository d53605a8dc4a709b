/*
 * RnnCell: the vanilla (Elman) step, G = 1, as torch.nn.RNN computes it.
 *
 *   forward   h = f(ih + hh),  ih = x W_ih^T + b_ih,  hh = h_{t-1} W_hh^T + b_hh,  f = tanh | relu
 *   backward  dIh = dHh = dh ⊙ f'(a),  f' read from the output: tanh' = 1 - h^2, relu' = [h > 0]
 *             no direct path from h_t to h_{t-1}: dhPrev = 0 (the W_hh path is the layer's)
 *
 * Caches nothing: the derivative comes from h_t itself. Elman 1990; see Cell for the contract.
 */
package org.rnnlm4j.nn;

import java.util.Arrays;
import org.rnnlm4j.math.Kernels;

public final class RnnCell implements Cell {
    public final Activation activation;

    public RnnCell(Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("RnnCell needs an activation (tanh or relu)");
        }
        this.activation = activation;
    }

    @Override
    public String id() {
        return "rnn_" + activation.id();
    }

    @Override
    public int gates() {
        return 1;
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    public int cacheWidth() {
        return 0;
    }

    @Override
    public boolean separateRecurrentGradient() {
        return false;
    }

    @Override
    public void forward(Kernels k, CellStep s) {
        // h (B,H) = f(ih (B,H) + hh (B,H)); every region is (B,H) contiguous, so one pass over B*H
        int n = s.rows * s.hidden;
        float[] ih = s.ih, hh = s.hh, h = s.h;
        int io = s.ihOff, ho = s.hhOff, o = s.hOff;
        for (int i = 0; i < n; i++) {
            h[o + i] = ih[io + i] + hh[ho + i];
        }
        activation.apply(k, h, o, n);
    }

    @Override
    public void backward(Kernels k, CellStep s) {
        int n = s.rows * s.hidden;
        // dIh (B,H) = dh ⊙ f'(a), f' from h
        System.arraycopy(s.dh, s.dhOff, s.dIh, s.dIhOff, n);
        activation.multiplyDerivative(n, s.h, s.hOff, s.dIh, s.dIhOff);
        Arrays.fill(s.dhPrev, s.dhPrevOff, s.dhPrevOff + n, 0f);
    }

    @Override
    public String toString() {
        return id();
    }
}
