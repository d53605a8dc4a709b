/*
 * RnnLayer: one vanilla recurrent layer over T time steps and B sequences, with its BPTT.
 *
 *   forward   z_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh,   h_t = f(z_t),   h_{-1} = h0 (or 0)
 *   backward  dz_t = (dOut_t + dh_t^next) * f'(z_t),   dh_{t-1}^next = W_hh^T dz_t
 *             dW_hh += sum_t dz_t h_{t-1}^T,  dW_ih += sum_t dz_t x_t^T,  db += sum_t dz_t,  dx_t = W_ih^T dz_t
 *
 * Without W_ih (the WildML tutorial's model) the input is already the projection U x_t, taken
 * from an embedding of width H, so x_t enters z_t as is and dx_t = dz_t.
 *
 * Truncation: backward(..., truncate K) reproduces the tutorial's bptt_truncate exactly: the error
 * of each output t flows back through at most K earlier steps (t, t-1, ..., t-K), each separately.
 * Full BPTT (truncate <= 0) is the usual O(T) recurrence. Either way, the per-step error signals are
 * gathered in dZ (T,B,H) first, so the weight gradients are one matrix product each.
 *
 * Layout: time-major. x (T,B,E), outputs (T,B,H) stored in hs at offset B*H (hs[0..B*H) holds h0).
 * Caches are sized once per (T,B) capacity and reused. Not thread-safe: one instance per worker.
 * Equations: Elman 1990; BPTT: Werbos 1990; truncation as in Britz, WildML RNN tutorial part 3.
 */
package org.rnnlm4j.nn;

import java.util.Arrays;
import org.rnnlm4j.math.Kernels;

public final class RnnLayer {
    public final Param weightIh;   // (H, E) or null when the input is already projected
    public final Param weightHh;   // (H, H)
    public final Param biasIh;     // (H) or null
    public final Param biasHh;     // (H) or null
    public final Activation activation;
    public final int inputSize;    // E
    public final int hidden;       // H
    private final Kernels k;

    private float[] hs = new float[0];     // (T+1, B, H): h0, h_0 .. h_{T-1}
    private float[] dZ = new float[0];     // (T, B, H)
    private float[] dX = new float[0];     // (T, B, E)
    private float[] dhNext = new float[0]; // (B, H)
    private float[] delta = new float[0];  // (B, H) scratch for truncated BPTT
    private final float[] biasGrad;        // (H) scratch
    private float[] x;                     // the input of the last forward, (T, B, E) at xOff, owned by the caller
    private int xOff;
    private int steps;
    private int batch;

    public RnnLayer(Param weightIh, Param weightHh, Param biasIh, Param biasHh, Activation activation, Kernels k) {
        this.weightIh = weightIh;
        this.weightHh = weightHh;
        this.biasIh = biasIh;
        this.biasHh = biasHh;
        this.activation = activation;
        this.hidden = weightHh.shape[0];
        this.inputSize = weightIh == null ? hidden : weightIh.shape[1];
        this.k = k;
        this.biasGrad = new float[hidden];
    }

    private void ensureCapacity(int T, int B) {
        int need = (T + 1) * B * hidden;
        if (hs.length < need) {
            hs = new float[need];
            dZ = new float[T * B * hidden];
            dX = new float[T * B * inputSize];
        }
        if (dhNext.length < B * hidden) {
            dhNext = new float[B * hidden];
            delta = new float[B * hidden];
        }
    }

    /**
     * Runs T steps. x (T,B,E) at xOff must stay unchanged until backward. h0 (B,H) may be null for
     * zeros. Returns the buffer holding the outputs (T,B,H) at offset outputOffset().
     */
    public float[] forward(float[] x, int xOff, int T, int B, float[] h0) {
        ensureCapacity(T, B);
        this.x = x;
        this.xOff = xOff;
        this.steps = T;
        this.batch = B;
        int H = hidden;
        int bh = B * H;
        if (h0 == null) {
            Arrays.fill(hs, 0, bh, 0f);
        } else {
            System.arraycopy(h0, 0, hs, 0, bh);
        }
        // input projections of all T steps in one product: Z (T*B,H) = X (T*B,E) W_ih^T
        int zOff = bh;
        if (weightIh != null) {
            k.gemm(false, true, T * B, H, inputSize, 1f, x, xOff, inputSize, weightIh.w, 0, inputSize, 0f, hs, zOff, H);
        } else {
            System.arraycopy(x, xOff, hs, zOff, T * bh);
        }
        for (int t = 0; t < T; t++) {
            int off = zOff + t * bh;
            addBiases(off, B);
            // z_t += h_{t-1} W_hh^T   (B,H) x (H,H)^T
            if (B == 1) {
                k.gemv(H, H, weightHh.w, 0, H, hs, off - bh, 1f, hs, off);
            } else {
                k.gemm(false, true, B, H, H, 1f, hs, off - bh, H, weightHh.w, 0, H, 1f, hs, off, H);
            }
            activation.apply(k, hs, off, bh);
        }
        return hs;
    }

    private void addBiases(int off, int B) {
        for (int b = 0; b < B; b++) {
            if (biasIh != null) {
                k.axpy(hidden, 1f, biasIh.w, 0, hs, off + b * hidden);
            }
            if (biasHh != null) {
                k.axpy(hidden, 1f, biasHh.w, 0, hs, off + b * hidden);
            }
        }
    }

    /** Offset of output h_0 in the buffer forward() returned. */
    public int outputOffset() {
        return batch * hidden;
    }

    /** The final state h_{T-1} (B,H) copied into dst at dstOff. */
    public void finalState(float[] dst, int dstOff) {
        System.arraycopy(hs, steps * batch * hidden, dst, dstOff, batch * hidden);
    }

    /**
     * BPTT for the last forward. dOut (T,B,H): dLoss/dh_t from above; dhLast (B,H) or null:
     * dLoss/dh_{T-1} from beyond the window (full BPTT only); truncate: <= 0 for full BPTT, else the
     * tutorial's per-output truncation. Adds into the parameter gradients; returns dX (T,B,E).
     * After a full backward, initialStateGrad() holds dLoss/dh0.
     */
    public float[] backward(float[] dOut, float[] dhLast, int truncate) {
        int T = steps;
        int B = batch;
        int H = hidden;
        int bh = B * H;
        if (truncate <= 0) {
            backwardFull(dOut, dhLast, T, B);
        } else {
            if (dhLast != null) {
                throw new IllegalArgumentException("the tutorial's truncated BPTT takes no gradient from beyond the window");
            }
            backwardTruncated(dOut, truncate, T, B);
        }
        // dW_hh (H,H) += dZ^T (H, T*B) Hprev (T*B, H); Hprev = hs[0 .. T*B*H). W_hh is not read after this.
        k.gemm(true, false, H, H, T * B, weightHh.sinkScale(), dZ, 0, H, hs, 0, H, weightHh.claimZeroSink() ? 0f : 1f,
                weightHh.sink(), 0, H);
        if (biasIh != null || biasHh != null) {
            // db (H) = sum over the T*B rows of dZ; both PyTorch-style bias vectors get the same gradient
            Arrays.fill(biasGrad, 0f);
            for (int r = 0; r < T * B; r++) {
                k.axpy(H, 1f, dZ, r * H, biasGrad, 0);
            }
            for (Param b : new Param[] {biasIh, biasHh}) {
                if (b != null) {
                    k.axpy(H, b.sinkScale(), biasGrad, 0, b.sink(), 0);
                }
            }
        }
        if (weightIh != null) {
            int E = inputSize;
            // dX (T*B,E) = dZ W_ih first: W_ih may be updated in place by the next product
            k.gemm(false, false, T * B, E, H, 1f, dZ, 0, H, weightIh.w, 0, E, 0f, dX, 0, E);
            k.gemm(true, false, H, E, T * B, weightIh.sinkScale(), dZ, 0, H, x, xOff, E, weightIh.claimZeroSink() ? 0f : 1f,
                    weightIh.sink(), 0, E);
            return dX;
        }
        return dZ;
    }

    /** dLoss/dh0 (B,H) after a full backward. */
    public float[] initialStateGrad() {
        return dhNext;
    }

    private void backwardFull(float[] dOut, float[] dhLast, int T, int B) {
        int H = hidden;
        int bh = B * H;
        if (dhLast == null) {
            Arrays.fill(dhNext, 0, bh, 0f);
        } else {
            System.arraycopy(dhLast, 0, dhNext, 0, bh);
        }
        for (int t = T - 1; t >= 0; t--) {
            int off = t * bh;
            for (int i = 0; i < bh; i++) {
                dZ[off + i] = dOut[off + i] + dhNext[i];
            }
            activation.multiplyDerivative(bh, hs, off + bh, dZ, off);
            // dh_{t-1} (B,H) = dz_t (B,H) W_hh (H,H)
            if (B == 1) {
                k.gemvT(H, H, weightHh.w, 0, H, dZ, off, 0f, dhNext, 0);
            } else {
                k.gemm(false, false, B, H, H, 1f, dZ, off, H, weightHh.w, 0, H, 0f, dhNext, 0, H);
            }
        }
    }

    private void backwardTruncated(float[] dOut, int truncate, int T, int B) {
        int H = hidden;
        int bh = B * H;
        Arrays.fill(dZ, 0, T * bh, 0f);
        Arrays.fill(dhNext, 0, bh, 0f); // no dLoss/dh0 in this mode
        for (int t = T - 1; t >= 0; t--) {
            System.arraycopy(dOut, t * bh, delta, 0, bh);
            activation.multiplyDerivative(bh, hs, (t + 1) * bh, delta, 0);
            int lowest = Math.max(0, t - truncate);
            for (int step = t; step >= lowest; step--) {
                k.axpy(bh, 1f, delta, 0, dZ, step * bh);
                if (step > lowest) {
                    if (B == 1) {
                        k.gemvT(H, H, weightHh.w, 0, H, delta, 0, 0f, dhNext, 0);
                    } else {
                        k.gemm(false, false, B, H, H, 1f, delta, 0, H, weightHh.w, 0, H, 0f, dhNext, 0, H);
                    }
                    activation.multiplyDerivative(bh, hs, step * bh, dhNext, 0);
                    System.arraycopy(dhNext, 0, delta, 0, bh);
                }
            }
        }
        Arrays.fill(dhNext, 0, bh, 0f);
    }

    /**
     * One inference step for B sequences: h (B,H) at h[hOff..] := f(W_ih x + b + W_hh h), x (B,E) at
     * xOff. z (B,H) is scratch. x must not overlap h.
     */
    public void step(float[] x, int xOff, float[] h, int hOff, float[] z, int B) {
        int H = hidden;
        for (int b = 0; b < B; b++) {
            int zo = b * H;
            if (weightIh != null) {
                k.gemv(H, inputSize, weightIh.w, 0, inputSize, x, xOff + b * inputSize, 0f, z, zo);
            } else {
                System.arraycopy(x, xOff + b * H, z, zo, H);
            }
            if (biasIh != null) {
                k.axpy(H, 1f, biasIh.w, 0, z, zo);
            }
            if (biasHh != null) {
                k.axpy(H, 1f, biasHh.w, 0, z, zo);
            }
            k.gemv(H, H, weightHh.w, 0, H, h, hOff + zo, 1f, z, zo);
        }
        activation.apply(k, z, 0, B * H);
        System.arraycopy(z, 0, h, hOff, B * H);
    }
}
