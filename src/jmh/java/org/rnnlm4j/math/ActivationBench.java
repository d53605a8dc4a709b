/*
 * ActivationBench: exp, tanh and sigmoid over 2^20 floats. vector = VectorMath (exp as softmax runs
 * it: the sum of exp(x - shift), shift 0, without storing, VectorMath.expShiftSum; tanh and sigmoid
 * through VectorKernels); scalar = Math, as ScalarKernels computes them (exp: the float sum of
 * (float) Math.exp(x), ScalarKernels.logSumExp's loop). Inputs: exp in [-20, 0] (as after the max
 * shift), tanh and sigmoid in [-10, 10]. Time per call over the whole array.
 */
package org.rnnlm4j.math;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

public class ActivationBench extends KernelBench {
    static final int N = 1 << 20;

    private Kernels k;
    private boolean vector;
    private float[] shifted, x, out;

    @Setup
    public void setUp() {
        k = kernels(0);
        vector = kernels.equals("vector");
        shifted = uniform(N, 1, -20, 0);
        x = uniform(N, 2, -10, 10);
        out = new float[N];
    }

    @Benchmark
    public float expSum() {
        if (vector) {
            return VectorMath.expShiftSum(shifted, 0, N, 0f, false);
        }
        float sum = 0f;
        for (int i = 0; i < N; i++) {
            sum += (float) Math.exp(shifted[i]);
        }
        return sum;
    }

    @Benchmark
    public float[] tanh() {
        k.tanh(N, x, 0, out, 0);
        return out;
    }

    @Benchmark
    public float[] sigmoid() {
        k.sigmoid(N, x, 0, out, 0);
        return out;
    }
}
