/*
 * GradientClipping: rescale all gradients together when their global L2 norm is too large, exactly
 * as torch.nn.utils.clip_grad_norm_ (norm_type 2, error_if_nonfinite False, except as noted):
 *
 *     norm = sqrt(sum over all parameters and elements of g^2)      (accumulated in double)
 *     coef = maxNorm / (norm + 1e-6)
 *     if coef < 1: g = g * coef  for every gradient
 *
 * so gradients are scaled exactly when norm + 1e-6 > maxNorm, and the clipped norm is just below
 * maxNorm. Pascanu, Mikolov & Bengio (2013), "On the difficulty of training recurrent neural
 * networks", Algorithm 1. Deliberate difference from PyTorch: a NaN or infinite norm leaves the
 * gradients untouched (PyTorch multiplies them by NaN/0) and is reported through ClipResult, so the
 * caller can skip the step or stop. Parameters without a gradient (hasGrad() false) are ignored.
 */
package org.rnnlm4j.train.optim;

import java.util.List;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.math.KernelSelector;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.nn.Param;

public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * The global norm before clipping, whether the gradients are (to be) scaled, and by what factor
     * (1 when not clipped). clipByGlobalNorm has applied the factor; measure leaves that to the
     * caller, e.g. Optimizer.step(params, lr, factor), which may fold it into the update.
     */
    public record ClipResult(double norm, boolean clipped, float factor) {
        public ClipResult(double norm, boolean clipped) {
            this(norm, clipped, 1f);
        }

        /** False when some gradient is NaN or infinite (then nothing was scaled). */
        public boolean finite() {
            return Double.isFinite(norm);
        }
    }

    /** Elements per block of the norm's sum: blocks are summed separately, then in order. */
    static final int BLOCK = 8192;

    /**
     * The L2 norm of all gradients together, computed in double: each gradient is cut into blocks of
     * BLOCK elements, each block summed with four interleaved accumulators (four independent chains
     * instead of one long dependent one: Kernels.sumOfSquares, which the vector kernels run as the
     * four lanes of one double vector, the same bits), the block sums added in order. The blocks are split over
     * threads, but neither the blocks nor the order of the final sum depend on the split, so the
     * norm is the same bits for any thread count.
     */
    public static double globalNorm(List<Param> params) {
        GradientBlocks b = new GradientBlocks(params);
        double[] sums = new double[b.count()];
        Kernels k = KernelSelector.get();
        b.forEach(i -> sums[i] = b.param[i].tracksRows() ? sumOfSquaresOfRows(b, i)
                : k.sumOfSquares(b.array[i], b.start[i], b.end(i)));
        double sum = 0;
        for (double v : sums) {
            sum += v;
        }
        return Math.sqrt(sum);
    }

    /**
     * sumOfSquares of block i of a parameter that tracks its rows, visiting only the marked rows:
     * each element goes to the accumulator Kernels.sumOfSquares would add it to, in the same order, and the
     * elements skipped are exact zeros, whose squares leave a sum unchanged. Same bits.
     */
    private static double sumOfSquaresOfRows(GradientBlocks b, int i) {
        int from = b.start[i];
        int tail = from + ((b.end(i) - from) & ~3);   // from here on Kernels.sumOfSquares adds everything to s0
        double[] s = new double[4];
        b.forEachRange(i, (g, lo, hi) -> {
            for (int e = lo; e < hi; e++) {
                s[e < tail ? (e - from) & 3 : 0] += (double) g[e] * g[e];
            }
        });
        return (s[0] + s[1]) + (s[2] + s[3]);
    }

    /** Measures and applies: the gradients are multiplied by the result's factor when clipped. */
    public static ClipResult clipByGlobalNorm(List<Param> params, double maxNorm) {
        ClipResult r = measure(params, maxNorm);
        if (r.clipped()) {
            scale(params, r.factor());
        }
        return r;
    }

    /**
     * The clipping decision without applying it: the norm, and when norm + 1e-6 > maxNorm (and the
     * norm is finite) clipped with factor (float) (maxNorm / (norm + 1e-6)).
     */
    public static ClipResult measure(List<Param> params, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new RnnlmException("the gradient clipping norm must be a positive number (got " + maxNorm + ")");
        }
        double norm = globalNorm(params);
        double coef = maxNorm / (norm + 1e-6);
        if (!Double.isFinite(norm) || !(coef < 1)) {
            return new ClipResult(norm, false);
        }
        return new ClipResult(norm, true, (float) coef);
    }

    /** g *= c for every gradient (only the marked rows of a parameter that tracks its rows: the rest are zeros). */
    public static void scale(List<Param> params, float c) {
        GradientBlocks b = new GradientBlocks(params);
        b.forEach(i -> b.forEachRange(i, (g, from, to) -> {
            for (int e = from; e < to; e++) {
                g[e] *= c;
            }
        }));
    }
}
