/*
 * RecurrentParams: PyTorch's names and shapes for the parameters of recurrent layers, and the
 * layers, stacks and bidirectional networks wired over a name -> Param map.
 *
 *   {prefix}weight_ih_l{l}[_reverse] (G*H, E_l)   E_0 = E, E_l = H (or 2H when bidirectional)
 *   {prefix}weight_hh_l{l}[_reverse] (G*H, H)
 *   {prefix}bias_ih_l{l}[_reverse]   (G*H)        optional, both or neither
 *   {prefix}bias_hh_l{l}[_reverse]   (G*H)
 *
 * e.g. prefix "rnn." gives "rnn.weight_ih_l0", as torch.nn.RNN/GRU/LSTM's state_dict inside a
 * module named rnn. Contract: create() makes zero-valued Params (initialization is the model's
 * business); the builders only look Params up and validate them, they never copy values.
 */
package org.rnnlm4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;

public final class RecurrentParams {
    private RecurrentParams() {
    }

    /** e.g. name("rnn.", "weight_ih", 1, true) = "rnn.weight_ih_l1_reverse". */
    public static String name(String prefix, String kind, int layer, boolean reverse) {
        return prefix + kind + "_l" + layer + (reverse ? "_reverse" : "");
    }

    /**
     * Zero-valued parameters of L layers (both directions when bidirectional), in PyTorch's
     * state_dict order: per layer, per direction, weight_ih, weight_hh[, bias_ih, bias_hh].
     */
    public static Map<String, Param> create(String prefix, Cell cell, int inputSize, int hidden, int layers,
                                            boolean bidirectional, boolean bias) {
        if (inputSize <= 0 || hidden <= 0 || layers <= 0) {
            throw new IllegalArgumentException("need E, H, L >= 1, got E=" + inputSize + " H=" + hidden + " L=" + layers);
        }
        int gh = cell.gates() * hidden;
        Map<String, Param> p = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : (bidirectional ? 2 : 1) * hidden;
            for (int d = 0; d < (bidirectional ? 2 : 1); d++) {
                boolean rev = d == 1;
                put(p, name(prefix, "weight_ih", l, rev), gh, in);
                put(p, name(prefix, "weight_hh", l, rev), gh, hidden);
                if (bias) {
                    put(p, name(prefix, "bias_ih", l, rev), gh);
                    put(p, name(prefix, "bias_hh", l, rev), gh);
                }
            }
        }
        return p;
    }

    private static void put(Map<String, Param> p, String name, int... shape) {
        p.put(name, new Param(name, shape));
    }

    /**
     * Layer l of a unidirectional module over the Params in p (names without "_reverse", as PyTorch
     * names a unidirectional RNN's; reverse only sets the direction the layer runs in). Biases are
     * used when both are present.
     */
    public static RecurrentLayer layer(Map<String, Param> p, String prefix, Cell cell, int l, boolean reverse, Kernels k) {
        return layer(p, prefix, cell, l, false, reverse, k);
    }

    /** reverseNames: look up PyTorch's "_reverse" names (the reverse direction of a bidirectional module). */
    private static RecurrentLayer layer(Map<String, Param> p, String prefix, Cell cell, int l, boolean reverseNames,
                                        boolean reverse, Kernels k) {
        Param wIh = require(p, name(prefix, "weight_ih", l, reverseNames));
        Param wHh = require(p, name(prefix, "weight_hh", l, reverseNames));
        Param bIh = p.get(name(prefix, "bias_ih", l, reverseNames));
        Param bHh = p.get(name(prefix, "bias_hh", l, reverseNames));
        if ((bIh == null) != (bHh == null)) {
            throw new IllegalArgumentException("layer " + l + " has only one of " + name(prefix, "bias_ih", l, reverseNames)
                    + " and " + name(prefix, "bias_hh", l, reverseNames) + ": need both or neither");
        }
        return new RecurrentLayer(cell, wIh, wHh, bIh, bHh, reverse, k);
    }

    /**
     * L layers of a unidirectional module as a stack, run backwards in time when reverse (dropout p
     * between layers; rng needed when p > 0).
     */
    public static StackedRecurrent stack(Map<String, Param> p, String prefix, Cell cell, int layers, boolean reverse,
                                         float dropout, NumpyRandom rng, Kernels k) {
        return stack(p, prefix, cell, layers, false, reverse, dropout, rng, k);
    }

    /** As above; reverseNames: over the "_reverse" parameters (a right-to-left stack kept apart). */
    public static StackedRecurrent stack(Map<String, Param> p, String prefix, Cell cell, int layers, boolean reverseNames,
                                         boolean reverse, float dropout, NumpyRandom rng, Kernels k) {
        List<RecurrentLayer> list = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            list.add(layer(p, prefix, cell, l, reverseNames, reverse, k));
        }
        return new StackedRecurrent(list, dropout, rng);
    }

    /** L bidirectional layers (PyTorch's bidirectional=True). */
    public static BidirectionalRecurrent bidirectional(Map<String, Param> p, String prefix, Cell cell, int layers,
                                                       float dropout, NumpyRandom rng, Kernels k) {
        List<RecurrentLayer> f = new ArrayList<>();
        List<RecurrentLayer> r = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            f.add(layer(p, prefix, cell, l, false, false, k));
            r.add(layer(p, prefix, cell, l, true, true, k));
        }
        return new BidirectionalRecurrent(f, r, dropout, rng);
    }

    private static Param require(Map<String, Param> p, String name) {
        Param w = p.get(name);
        if (w == null) {
            throw new IllegalArgumentException("no parameter " + name + " (have " + p.keySet() + ")");
        }
        return w;
    }
}
