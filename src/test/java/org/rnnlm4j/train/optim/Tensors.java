/*
 * Tensors: small parameters with set gradients for the optimizer tests.
 */
package org.rnnlm4j.train.optim;

import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.nn.Param;

final class Tensors {
    private Tensors() {
    }

    static Param param(String name, float[] values, int... shape) {
        return new Param(name, values.clone(), shape);
    }

    static void setGrad(Param p, float[] g) {
        System.arraycopy(g, 0, p.grad(), 0, g.length);
    }

    /** Deep copy of the parameters (weights and gradients). */
    static List<Param> copy(List<Param> ps) {
        List<Param> out = new ArrayList<>();
        for (Param p : ps) {
            Param c = new Param(p.name, p.w.clone(), p.shape);
            if (p.hasGrad()) {
                setGrad(c, p.grad());
            }
            out.add(c);
        }
        return out;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
