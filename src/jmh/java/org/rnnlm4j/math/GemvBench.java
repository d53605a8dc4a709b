/*
 * GemvBench: Kernels.gemv, y = A x, at the shapes of generating from the char LSTM one symbol at a
 * time (hidden 256, vocabulary 65): the gates' recurrent product 1024 x 256 and the output layer
 * 65 x 256. Time per call.
 */
package org.rnnlm4j.math;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GemvBench extends KernelBench {
    /** rows x columns of A. */
    @Param({"1024x256", "65x256"})
    public String shape;

    private Kernels k;
    private int m, n;
    private float[] a, x, y;

    @Setup
    public void setUp() {
        k = kernels(0);
        String[] mn = shape.split("x");
        m = Integer.parseInt(mn[0]);
        n = Integer.parseInt(mn[1]);
        a = uniform(m * n, 1, -1, 1);
        x = uniform(n, 2, -1, 1);
        y = new float[m];
    }

    @Benchmark
    public float[] gemv() {
        k.gemv(m, n, a, 0, n, x, 0, 0f, y, 0);
        return y;
    }
}
