/*
 * GruCell: the gated recurrent unit step, G = 3, gate blocks r, z, n in torch.nn.GRU's order.
 *
 *   forward   r = σ(ih_r + hh_r)     z = σ(ih_z + hh_z)
 *             n = tanh(ih_n + r ⊙ hh_n)                 (hh_n = W_hn h_{t-1} + b_hn: the reset gate
 *             h = (1 - z) ⊙ n + z ⊙ h_{t-1}              scales the recurrent product WITH its bias)
 *   backward  dn~ = dh ⊙ (1 - z) ⊙ (1 - n^2)              (pre-activation of n)
 *             dz~ = dh ⊙ (h_{t-1} - n) ⊙ z (1 - z)
 *             dr~ = dn~ ⊙ hh_n ⊙ r (1 - r)
 *             dIh = [dr~, dz~, dn~]     dHh = [dr~, dz~, r ⊙ dn~]     dhPrev = z ⊙ dh (direct part)
 *
 * Cache per row (4H): r, z, n, hh_n. Cho et al. 2014 with PyTorch's placement of the reset gate
 * (after the product, as in cuDNN), not the paper's r ⊙ h_{t-1} before it. See Cell for the contract.
 */
package org.rnnlm4j.nn;

import org.rnnlm4j.math.Kernels;

public final class GruCell implements Cell {

    @Override
    public String id() {
        return "gru";
    }

    @Override
    public int gates() {
        return 3;
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    public int cacheWidth() {
        return 4;
    }

    @Override
    public boolean separateRecurrentGradient() {
        return true;
    }

    @Override
    public void forward(Kernels k, CellStep s) {
        int H = s.hidden;
        float[] ih = s.ih, hh = s.hh, cache = s.cache, h = s.h, hPrev = s.hPrev;
        for (int b = 0; b < s.rows; b++) {
            int gi = s.ihOff + b * 3 * H;      // ih row (3H)
            int gh = s.hhOff + b * 3 * H;      // hh row (3H)
            int p = s.cacheOff + b * 4 * H;    // cache row: r | z | n | hh_n
            for (int j = 0; j < 2 * H; j++) {
                cache[p + j] = ih[gi + j] + hh[gh + j];
            }
            k.sigmoid(2 * H, cache, p, cache, p);
            for (int j = 0; j < H; j++) {
                float hn = hh[gh + 2 * H + j];
                cache[p + 3 * H + j] = hn;
                cache[p + 2 * H + j] = ih[gi + 2 * H + j] + cache[p + j] * hn;
            }
            k.tanh(H, cache, p + 2 * H, cache, p + 2 * H);
            int ho = s.hOff + b * H;
            int po = s.hPrevOff + b * H;
            for (int j = 0; j < H; j++) {
                float z = cache[p + H + j];
                h[ho + j] = (1f - z) * cache[p + 2 * H + j] + z * hPrev[po + j];
            }
        }
    }

    @Override
    public void backward(Kernels k, CellStep s) {
        int H = s.hidden;
        float[] cache = s.cache, dh = s.dh, hPrev = s.hPrev, dIh = s.dIh, dHh = s.dHh, dhPrev = s.dhPrev;
        for (int b = 0; b < s.rows; b++) {
            int p = s.cacheOff + b * 4 * H;
            int q = s.dIhOff + b * 3 * H;
            int qh = s.dHhOff + b * 3 * H;
            int d0 = s.dhOff + b * H;
            int p0 = s.hPrevOff + b * H;
            int o0 = s.dhPrevOff + b * H;
            for (int j = 0; j < H; j++) {
                float r = cache[p + j];
                float z = cache[p + H + j];
                float n = cache[p + 2 * H + j];
                float hn = cache[p + 3 * H + j];
                float d = dh[d0 + j];
                float dn = d * (1f - z) * (1f - n * n);
                float dz = d * (hPrev[p0 + j] - n) * z * (1f - z);
                float dr = dn * hn * r * (1f - r);
                dIh[q + j] = dr;
                dIh[q + H + j] = dz;
                dIh[q + 2 * H + j] = dn;
                dHh[qh + j] = dr;
                dHh[qh + H + j] = dz;
                dHh[qh + 2 * H + j] = dn * r;
                dhPrev[o0 + j] = d * z;
            }
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
