/*
 * Param: one named weight tensor and its gradient, with identical shapes.
 *
 * Contract: `w` holds the values (row-major, shape `shape`), `g` the gradient of the loss with
 * respect to them, allocated on first use by training. Backward passes ADD sinkScale() * dL/dw into
 * sink(); normally that is g with scale 1, and zeroGrad() is the separate step that clears it.
 * Names follow PyTorch's state_dict ("rnn.weight_hh_l0") so fixtures and exported weights line up.
 *
 * Fused SGD: sinkIntoWeights(lr) makes the sink w itself with scale -lr, so backward performs
 * w -= lr * dL/dw as it goes — no gradient buffer to zero, no second pass over the weights, and an
 * embedding update that touches only the rows a sentence used. Layers update each weight only after
 * its last read in backward, so the result equals the tutorial's "all gradients, then all updates".
 */
package org.rnnlm4j.nn;

import java.util.Arrays;

public final class Param {
    public final String name;
    public final int[] shape;
    public final float[] w;
    private volatile float[] g;  // allocated on first use; volatile + synchronized: see grad()
    private float[] sink;        // where backward adds gradients: g, or w for fused SGD
    private float sinkScale = 1f;

    public Param(String name, int... shape) {
        this(name, new float[size(shape)], shape);
    }

    public Param(String name, float[] values, int... shape) {
        if (values.length != size(shape)) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + Arrays.toString(shape));
        }
        this.name = name;
        this.shape = shape.clone();
        this.w = values;
    }

    public static int size(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        }
        return (int) n;
    }

    public int size() {
        return w.length;
    }

    /**
     * The gradient buffer, allocated (zeroed) on first call. Safe when that first call comes from
     * two threads at once (two parts of a parallel backward asking for sink()): both get the same
     * array; an unsynchronized check let each allocate its own and lost one part's gradient.
     */
    public float[] grad() {
        float[] a = g;
        if (a != null) {
            return a;
        }
        synchronized (this) {
            if (g == null) {
                g = new float[w.length];
            }
            return g;
        }
    }

    /** The array backward adds into: the gradient, or the weights themselves under fused SGD. */
    public float[] sink() {
        return sink != null ? sink : grad();
    }

    /** The factor backward multiplies gradients by before adding them into sink(). */
    public float sinkScale() {
        return sinkScale;
    }

    /** Fused SGD: from now on backward applies w -= lr * dL/dw directly. */
    public void sinkIntoWeights(float lr) {
        sink = w;
        sinkScale = -lr;
    }

    /** Back to accumulating gradients in grad() (the default). */
    public void sinkIntoGradient() {
        sink = null;
        sinkScale = 1f;
    }

    public boolean hasGrad() {
        return g != null;
    }

    public void zeroGrad() {
        if (g != null) {
            Arrays.fill(g, 0f);
        }
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
