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

import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.nn.Param;

public final class GradientClipping {
    private GradientClipping() {
    }

    /** The global norm before clipping, and whether the gradients were scaled. */
    public record ClipResult(double norm, boolean clipped) {
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
     * instead of one long dependent one), the block sums added in order. The blocks are split over
     * threads, but neither the blocks nor the order of the final sum depend on the split, so the
     * norm is the same bits for any thread count.
     */
    public static double globalNorm(List<Param> params) {
        Blocks b = new Blocks(params);
        double[] sums = new double[b.count];
        int parts = Parallel.partsFor(b.count, b.elements);
        Parallel.run(parts, q -> {
            for (int i = b.count * q / parts; i < b.count * (q + 1) / parts; i++) {
                sums[i] = sumOfSquares(b.array(i), b.start(i), b.end(i));
            }
        });
        double sum = 0;
        for (double v : sums) {
            sum += v;
        }
        return Math.sqrt(sum);
    }

    private static double sumOfSquares(float[] g, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i <= to - 4; i += 4) {
            s0 += (double) g[i] * g[i];
            s1 += (double) g[i + 1] * g[i + 1];
            s2 += (double) g[i + 2] * g[i + 2];
            s3 += (double) g[i + 3] * g[i + 3];
        }
        for (; i < to; i++) {
            s0 += (double) g[i] * g[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The gradients with a gradient, cut into blocks of at most BLOCK elements. */
    private static final class Blocks {
        final List<float[]> arrays = new ArrayList<>();
        final int[] firstBlock;   // per array: index of its first block
        final int count;
        final long elements;

        Blocks(List<Param> params) {
            long n = 0;
            for (Param p : params) {
                if (p.hasGrad()) {
                    arrays.add(p.grad());   // same shape as p.w
                    n += p.grad().length;
                }
            }
            firstBlock = new int[arrays.size() + 1];
            for (int a = 0; a < arrays.size(); a++) {
                firstBlock[a + 1] = firstBlock[a] + (arrays.get(a).length + BLOCK - 1) / BLOCK;
            }
            count = firstBlock[arrays.size()];
            elements = n;
        }

        private int arrayOf(int block) {
            int a = 0;
            while (firstBlock[a + 1] <= block) {
                a++;
            }
            return a;
        }

        float[] array(int block) {
            return arrays.get(arrayOf(block));
        }

        int start(int block) {
            return (block - firstBlock[arrayOf(block)]) * BLOCK;
        }

        int end(int block) {
            return Math.min(array(block).length, start(block) + BLOCK);
        }
    }

    public static ClipResult clipByGlobalNorm(List<Param> params, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new RnnlmException("the gradient clipping norm must be a positive number (got " + maxNorm + ")");
        }
        double norm = globalNorm(params);
        double coef = maxNorm / (norm + 1e-6);
        if (!Double.isFinite(norm) || !(coef < 1)) {
            return new ClipResult(norm, false);
        }
        float c = (float) coef;
        Blocks b = new Blocks(params);
        int parts = Parallel.partsFor(b.count, b.elements);
        Parallel.run(parts, q -> {
            for (int i = b.count * q / parts; i < b.count * (q + 1) / parts; i++) {
                float[] g = b.array(i);
                for (int e = b.start(i), end = b.end(i); e < end; e++) {
                    g[e] *= c;
                }
            }
        });
        return new ClipResult(norm, true);
    }
}
