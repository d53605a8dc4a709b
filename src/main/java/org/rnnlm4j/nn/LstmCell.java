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
        float[] ih = s.ih, hh = s.hh, cache = s.cache, h = s.h, c = s.c, cPrev = s.cPrev;
        for (int b = 0; b < s.rows; b++) {
            int gi = s.ihOff + b * 4 * H;
            int gh = s.hhOff + b * 4 * H;
            int p = s.cacheOff + b * 5 * H;    // cache row: i | f | g | o | tanh(c)
            for (int j = 0; j < 4 * H; j++) {
                cache[p + j] = ih[gi + j] + hh[gh + j];
            }
            k.sigmoid(2 * H, cache, p, cache, p);
            k.tanh(H, cache, p + 2 * H, cache, p + 2 * H);
            k.sigmoid(H, cache, p + 3 * H, cache, p + 3 * H);
            int co = s.cOff + b * H;
            int cp = s.cPrevOff + b * H;
            for (int j = 0; j < H; j++) {
                c[co + j] = cache[p + H + j] * cPrev[cp + j] + cache[p + j] * cache[p + 2 * H + j];
            }
            k.tanh(H, c, co, cache, p + 4 * H);
            int ho = s.hOff + b * H;
            for (int j = 0; j < H; j++) {
                h[ho + j] = cache[p + 3 * H + j] * cache[p + 4 * H + j];
            }
        }
    }

    @Override
    public void backward(Kernels k, CellStep s) {
        int H = s.hidden;
        float[] cache = s.cache, dh = s.dh, dc = s.dc, cPrev = s.cPrev, dIh = s.dIh, dcPrev = s.dcPrev;
        for (int b = 0; b < s.rows; b++) {
            int p = s.cacheOff + b * 5 * H;
            int q = s.dIhOff + b * 4 * H;
            int d0 = s.dhOff + b * H;
            int c0 = s.dcOff + b * H;
            int cp = s.cPrevOff + b * H;
            int o0 = s.dcPrevOff + b * H;
            for (int j = 0; j < H; j++) {
                float i = cache[p + j];
                float f = cache[p + H + j];
                float g = cache[p + 2 * H + j];
                float o = cache[p + 3 * H + j];
                float tc = cache[p + 4 * H + j];
                float d = dh[d0 + j];
                float dct = dc[c0 + j] + d * o * (1f - tc * tc);
                dIh[q + j] = dct * g * i * (1f - i);
                dIh[q + H + j] = dct * cPrev[cp + j] * f * (1f - f);
                dIh[q + 2 * H + j] = dct * i * (1f - g * g);
                dIh[q + 3 * H + j] = d * tc * o * (1f - o);
                dcPrev[o0 + j] = dct * f;   // last: dcPrev may alias dc
            }
        }
        Arrays.fill(s.dhPrev, s.dhPrevOff, s.dhPrevOff + s.rows * H, 0f);
    }

    @Override
    public String toString() {
        return id();
    }
}
