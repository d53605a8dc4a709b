/*
 * LstmCell: the long short-term memory step, G = 4, gate blocks i, f, g, o in torch.nn.LSTM's order,
 * both bias vectors (b_ih + b_hh), no peepholes, no projection.
 *
 *   forward   a = ih + hh (B,4H);  i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
 *             c = f ⊙ c_{t-1} + i ⊙ g           h = o ⊙ tanh(c)
 *   backward  dc~ = dc + dh ⊙ o ⊙ (1 - tanh(c)^2)      (all that reaches c_t)
 *             da_i = dc~ ⊙ g ⊙ i(1-i)      da_f = dc~ ⊙ c_{t-1} ⊙ f(1-f)
 *             da_g = dc~ ⊙ i ⊙ (1-g^2)     da_o = dh ⊙ tanh(c) ⊙ o(1-o)
 *             dIh = dHh = da;  dcPrev = dc~ ⊙ f;  dhPrev = 0 (only through W_hh, the layer's)
 *
 * Cache per row (5H): i, f, g, o, tanh(c). Hochreiter & Schmidhuber 1997, forget gate Gers et al.
 * 2000; as in torch-rnn's LSTM.lua and PyTorch. See Cell for the contract.
 */
package org.rnnlm4j.nn;

import java.util.Arrays;
import org.rnnlm4j.math.Kernels;

public final class LstmCell implements Cell {

    @Override
    public String id() {
        return "lstm";
    }

    @Override
    public int gates() {
        return 4;
    }

    @Override
    public boolean hasCellState() {
        return true;
    }

    @Override
    public int cacheWidth() {
        return 5;
    }

    @Override
    public boolean separateRecurrentGradient() {
        return false;
    }

    @Override
    public void forward(Kernels k, CellStep s) {
        int H = s.hidden;
        for (int b = 0; b < s.rows; b++) {
            // cache row: i | f | g | o | tanh(c)
            k.lstmForwardRow(H, s.ih, s.ihOff + b * 4 * H, s.hh, s.hhOff + b * 4 * H, s.cPrev, s.cPrevOff + b * H,
                    s.cache, s.cacheOff + b * 5 * H, s.c, s.cOff + b * H, s.h, s.hOff + b * H);
        }
    }

    @Override
    public void backward(Kernels k, CellStep s) {
        int H = s.hidden;
        for (int b = 0; b < s.rows; b++) {
            k.lstmBackwardRow(H, s.cache, s.cacheOff + b * 5 * H, s.dh, s.dhOff + b * H, s.dc, s.dcOff + b * H,
                    s.cPrev, s.cPrevOff + b * H, s.dIh, s.dIhOff + b * 4 * H, s.dcPrev, s.dcPrevOff + b * H);
        }
        Arrays.fill(s.dhPrev, s.dhPrevOff, s.dhPrevOff + s.rows * H, 0f);
    }

    @Override
    public String toString() {
        return id();
    }
}
