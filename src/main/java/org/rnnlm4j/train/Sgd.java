/*
 * Sgd: plain stochastic gradient descent, w -= lr * dL/dw (Robbins & Monro 1951), the tutorial's
 * optimizer, in two equivalent forms:
 *   step(params, lr)   after a backward that accumulated gradients in grad()
 *   fuse(params, lr)   make every later backward apply the update itself (Param.sinkIntoWeights):
 *                      no gradient buffers, no extra pass over the weights; undo with unfuse().
 */
package org.rnnlm4j.train;

import java.util.Collection;
import org.rnnlm4j.nn.Param;

public final class Sgd {
    private Sgd() {
    }

    public static void step(Collection<Param> params, float lr) {
        for (Param p : params) {
            if (p.hasGrad()) {
                float[] w = p.writable();
                float[] g = p.grad();
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * g[i];
                }
            }
        }
    }

    public static void fuse(Collection<Param> params, float lr) {
        for (Param p : params) {
            p.sinkIntoWeights(lr);
        }
    }

    public static void unfuse(Collection<Param> params) {
        for (Param p : params) {
            p.sinkIntoGradient();
        }
    }
}
