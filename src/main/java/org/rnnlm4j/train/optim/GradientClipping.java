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
        double[] sums = new double[b.count()];
        b.forEach(i -> sums[i] = sumOfSquares(b.array[i], b.start[i], b.end(i)));
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

    /** The gradients with a gradient, cut into blocks of at most BLOCK elements: block i is
     * array[i][start[i] .. end(i)). */
    private static final class Blocks {
        final float[][] array;
        final int[] start;
        final long elements;

        Blocks(List<Param> params) {
            List<float[]> arrays = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            long n = 0;
            for (Param p : params) {
                if (p.hasGrad()) {
                    float[] g = p.grad();   // same shape as p.w
                    for (int b = 0; b < g.length; b += BLOCK) {
                        arrays.add(g);
                        starts.add(b);
                    }
                    n += g.length;
                }
            }
            array = arrays.toArray(new float[0][]);
            start = starts.stream().mapToInt(Integer::intValue).toArray();
            elements = n;
        }

        int count() {
            return array.length;
        }

        int end(int block) {
            return Math.min(array[block].length, start[block] + BLOCK);
        }

        /** Runs task for every block, the blocks split over threads in contiguous ranges. */
        void forEach(java.util.function.IntConsumer task) {
            int n = count();
            int parts = Parallel.partsFor(n, elements);
            Parallel.run(parts, q -> {
                for (int i = n * q / parts; i < n * (q + 1) / parts; i++) {
                    task.accept(i);
                }
            });
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
        b.forEach(i -> {
            float[] g = b.array[i];
            for (int e = b.start[i], end = b.end(i); e < end; e++) {
                g[e] *= c;
            }
        });
        return new ClipResult(norm, true);
    }
}
