/*
 * Dropout: inverted dropout between recurrent layers (Srivastava et al. 2014; applied to the
 * non-recurrent connections only, as Zaremba et al. 2014 and torch.nn.RNN's `dropout` do).
 *
 *   training   mask_i = 0 with probability p, else 1/(1-p);   y = x ⊙ mask;   dx = dy ⊙ mask
 *   evaluation y = x (the caller skips the call: no copy)
 *
 * Contract: forward draws a fresh mask from the shared seeded NumpyRandom (one nextDouble() per
 * element, in index order, so a run is reproducible from the seed) and keeps it for backward, which
 * multiplies the incoming gradient in place. Buffers are sized once per capacity. Not thread-safe.
 */
package org.rnnlm4j.nn;

import org.rnnlm4j.math.NumpyRandom;

public final class Dropout {
    public final float p;
    private final float keepScale;         // 1 / (1 - p)
    private final NumpyRandom rng;
    private float[] mask = new float[0];   // (n) of the last forward
    private float[] out = new float[0];    // (n)
    private int n = -1;

    public Dropout(float p, NumpyRandom rng) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (rng == null) {
            throw new IllegalArgumentException("dropout needs a seeded NumpyRandom");
        }
        this.p = p;
        this.keepScale = 1f / (1f - p);
        this.rng = rng;
    }

    /** Training forward: returns out (n) at offset 0 = x (n) at xOff ⊙ a new mask. */
    public float[] forward(float[] x, int xOff, int n) {
        if (mask.length < n) {
            mask = new float[n];
            out = new float[n];
        }
        for (int i = 0; i < n; i++) {
            float m = rng.nextDouble() < p ? 0f : keepScale;
            mask[i] = m;
            out[i] = x[xOff + i] * m;
        }
        this.n = n;
        return out;
    }

    /** d (n) at dOff *= the last forward's mask, in place. */
    public void backward(float[] d, int dOff, int n) {
        if (n != this.n) {
            throw new IllegalStateException("dropout backward over " + n + " values after a forward over " + this.n);
        }
        for (int i = 0; i < n; i++) {
            d[dOff + i] *= mask[i];
        }
    }

    /** The last forward's mask (n values at offset 0), for tests and inspection. */
    public float[] mask() {
        return mask;
    }
}
