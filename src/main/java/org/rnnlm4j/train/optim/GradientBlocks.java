/*
 * GradientBlocks: the gradients of a parameter list cut into blocks of at most
 * GradientClipping.BLOCK elements, the unit that the norm, clipping and SGD split over threads.
 * Block i is array[i][start[i] .. end(i)), the gradient of param[i], which is params.get(owner[i]).
 * A block of a parameter that tracks its rows (Param.trackRows) may be visited by its marked rows
 * only (forEachRange): the other rows hold zeros.
 */
package org.rnnlm4j.train.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.rnnlm4j.math.Parallel;
import org.rnnlm4j.nn.Param;

final class GradientBlocks {
    final float[][] array;
    final Param[] param;
    final int[] owner;
    final int[] start;
    private final long elements;

    /** The blocks of the parameters that have a gradient, in list order. */
    GradientBlocks(List<Param> params) {
        List<float[]> arrays = new ArrayList<>();
        List<Param> owners = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        long n = 0;
        for (int j = 0; j < params.size(); j++) {
            Param p = params.get(j);
            if (p.hasGrad()) {
                float[] g = p.grad();   // same shape as p.w
                for (int b = 0; b < g.length; b += GradientClipping.BLOCK) {
                    arrays.add(g);
                    owners.add(p);
                    indices.add(j);
                    starts.add(b);
                }
                n += g.length;
            }
        }
        array = arrays.toArray(new float[0][]);
        param = owners.toArray(new Param[0]);
        owner = indices.stream().mapToInt(Integer::intValue).toArray();
        start = starts.stream().mapToInt(Integer::intValue).toArray();
        elements = n;
    }

    int count() {
        return array.length;
    }

    int end(int block) {
        return Math.min(array[block].length, start[block] + GradientClipping.BLOCK);
    }

    /** Runs task for every block, the blocks split over threads in contiguous ranges. */
    void forEach(IntConsumer task) {
        int n = count();
        int parts = Parallel.partsFor(n, elements);
        Parallel.run(parts, q -> {
            for (int i = n * q / parts; i < n * (q + 1) / parts; i++) {
                task.accept(i);
            }
        });
    }

    /** An element range [from, to) of one gradient array. */
    @FunctionalInterface
    interface Range {
        void run(float[] g, int from, int to);
    }

    /**
     * Calls range on block i: once on the whole block, or for a parameter that tracks its rows, on
     * each marked row's part of the block, in increasing order.
     */
    void forEachRange(int i, Range range) {
        float[] g = array[i];
        Param p = param[i];
        int from = start[i];
        int to = end(i);
        if (!p.tracksRows()) {
            range.run(g, from, to);
            return;
        }
        int width = p.rowWidth();
        for (int r = from / width; r * width < to; r++) {
            if (p.rowTouched(r)) {
                range.run(g, Math.max(from, r * width), Math.min(to, (r + 1) * width));
            }
        }
    }
}
