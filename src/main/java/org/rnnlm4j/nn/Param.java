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
 *
 * Row tracking (trackRows, for an embedding table that only Embedding writes): every row that
 * backward may have written since the last zeroGrad() is marked (markRow), and every row not marked
 * holds zeros in g. zeroGrad() then clears only the marked rows, and consumers that skip zeros
 * exactly (GradientClipping, plain SGD) visit only them (rowTouched). A writer that is not row-aware
 * must not write into a tracked parameter's sink.
 *
 * Versions: version() changes whenever w may have changed since it was last read. Writers after
 * construction take w through writable() (optimizers, a guardrail's roll-back) or sink() (fused
 * SGD), which bump it; code that writes w in place some other way calls changed(). Copies of w made
 * for speed (RecurrentLayer's aligned weights for single-token steps) compare versions to know
 * when to copy again.
 *
 * Lazy zeroing (untracked parameters): zeroGrad() only notes that g is owed zeros. The first
 * grad() or sink() clears it then, unless a writer that sets EVERY element claims it first
 * (claimZeroSink): a product with beta = 0 instead of 1, which equals adding into zeros and spares
 * both the clearing and reading the zeros back (the word model's 7,596 x 200 decoder gradient).
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
    private long[] touched;      // row tracking: bit r set when row r of g may be nonzero; null when off
    private volatile boolean owed;      // zeroGrad() deferred clearing g: it holds stale values, logically zeros
    private volatile boolean untouched; // g is (logically) all zeros and no one was handed it since zeroGrad()
    private volatile int version;       // bumped by changed(): see the contract

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
     * The gradient buffer, allocated (zeroed) on first call, cleared here when zeroGrad() left it
     * owed zeros (the caller may write into it from now on). Safe when that first call comes from
     * two threads at once (two parts of a parallel backward asking for sink()): both get the same
     * array; an unsynchronized check let each allocate its own and lost one part's gradient.
     */
    public float[] grad() {
        float[] a = g;
        if (a != null && !owed && !untouched) {
            return a;
        }
        synchronized (this) {
            if (g == null) {
                g = new float[w.length];
            } else if (owed) {
                Arrays.fill(g, 0f);
                owed = false;
            }
            untouched = false;
            return g;
        }
    }

    /**
     * For a writer about to set every element of the sink to sinkScale() * (its gradient), that is a
     * product with beta = 0 instead of 1: true when the sink is the gradient and holds (logical)
     * zeros that no one was handed since zeroGrad(), so overwriting equals adding; the caller must
     * then write every element, and must be the only writer until it is done. False: add as usual.
     */
    public synchronized boolean claimZeroSink() {
        if (sink != null) {
            return false;
        }
        if (g == null) {
            g = new float[w.length];
            return true;
        }
        if (!untouched) {
            return false;
        }
        untouched = false;
        owed = false;
        return true;
    }

    /** The array backward adds into: the gradient, or the weights themselves under fused SGD. */
    public float[] sink() {
        if (sink != null) {
            if (sink == w) {
                changed();
            }
            return sink;
        }
        return grad();
    }

    /** w, for a writer that is about to change it in place (an optimizer's update): bumps version(). */
    public float[] writable() {
        changed();
        return w;
    }

    /** Notes that w changed (or is about to) in place: version() moves on. */
    public void changed() {
        version++;   // racy on purpose: concurrent writers may lose an increment, never the change
    }

    /** Changes whenever w may have changed: compare two reads to know whether a copy of w is current. */
    public int version() {
        return version;
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

    /** Whether backward adds into w itself (fused SGD, sinkIntoWeights) rather than a gradient. */
    public boolean sinksIntoWeights() {
        return sink == w;
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
        float[] a = g;
        if (a == null) {
            return;
        }
        if (touched == null) {
            synchronized (this) {   // lazily: see the contract
                owed = true;
                untouched = true;
            }
            return;
        }
        int width = rowWidth();
        for (int word = 0; word < touched.length; word++) {
            for (long bits = touched[word]; bits != 0; bits &= bits - 1) {
                int r = word * 64 + Long.numberOfTrailingZeros(bits);
                Arrays.fill(a, r * width, (r + 1) * width, 0f);
            }
            touched[word] = 0;
        }
    }

    /**
     * Turns row tracking on (see the contract) for a 2-D parameter. Rows of a gradient that exists
     * already are all marked, since they may hold anything.
     */
    public void trackRows() {
        if (shape.length != 2) {
            throw new IllegalArgumentException(name + ": row tracking needs a 2-D parameter, not " + Arrays.toString(shape));
        }
        if (touched == null) {
            if (g != null) {
                grad();   // clears zeros owed: tracked zeroing clears only marked rows
            }
            touched = new long[(shape[0] + 63) / 64];
            if (g != null) {
                for (int r = 0; r < shape[0]; r++) {
                    markRow(r);
                }
            }
        }
    }

    /** Whether row tracking is on: then rows with rowTouched(r) false hold zeros in grad(). */
    public boolean tracksRows() {
        return touched != null;
    }

    /** Marks row r as possibly written since the last zeroGrad() (no-op without row tracking). */
    public void markRow(int r) {
        if (touched != null) {
            touched[r >>> 6] |= 1L << r;
        }
    }

    /** Under row tracking: whether row r may be nonzero in grad(). True for every row when tracking is off. */
    public boolean rowTouched(int r) {
        return touched == null || (touched[r >>> 6] & (1L << r)) != 0;
    }

    /** Elements per row: the product of the dimensions after the first (1 for a vector). */
    public int rowWidth() {
        return shape.length < 2 || shape[0] == 0 ? 1 : w.length / shape[0];
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
