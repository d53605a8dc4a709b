/*
 * GatedStack: GRU / LSTM (or any Cell) layers as a Recurrence, over StackedRecurrent, with
 * PyTorch's parameter names (a bidirectional model's right-to-left stack: its "_reverse" names, run
 * left to right over reversed input). Dropout between layers is applied in training only.
 */
package org.rnnlm4j.model;

import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.nn.Cell;
import org.rnnlm4j.nn.RecurrentParams;
import org.rnnlm4j.nn.StackedRecurrent;

final class GatedStack implements Recurrence {
    private final StackedRecurrent stack;
    private final Cell cell;

    /** reverseNames: the "_reverse" parameters (a bidirectional model's right-to-left stack, fed reversed input). */
    GatedStack(LanguageModel m, Kernels k, float dropout, NumpyRandom rng, boolean reverseNames) {
        ModelConfig c = m.config();
        this.cell = Cell.of(c.cell().equals("rnn") ? "rnn_" + c.activation().id() : c.cell());
        this.stack = RecurrentParams.stack(m.params(), "rnn.", cell, c.layers(), reverseNames, false, dropout,
                rng, k);
        this.stack.train(dropout > 0);
    }

    static boolean handles(ModelConfig c) {
        return !c.cell().equals("rnn");
    }

    @Override
    public float[] forward(float[] x, int xOff, org.rnnlm4j.nn.TokenRows rows, int T, int B, State initial) {
        return stack.forward(x, xOff, rows, T, B, initial == null ? null : initial.h(), initial == null ? null : initial.c());
    }

    @Override
    public int outputOffset() {
        return stack.outputOffset();
    }

    @Override
    public void finalState(State s) {
        stack.finalState(s.h(), s.c());
    }

    @Override
    public float[] backward(float[] dOut, int truncate) {
        if (truncate > 0) {
            throw new org.rnnlm4j.RnnlmException("--bptt-truncate (the tutorial's truncation) works with --cell rnn only");
        }
        return stack.backward(dOut, 0, null, null);
    }

    @Override
    public void step(float[] x, int xOff, State s) {
        stack.step(x, xOff, s.batch(), s.h(), s.c());
    }

    @Override
    public void stepToken(org.rnnlm4j.nn.Embedding e, int token, State s) {
        if (s.batch() != 1) {
            step(e.table.w, token * e.dim, s);
            return;
        }
        stack.stepToken(e, token, s.h(), s.c());
    }

    @Override
    public boolean hasCellState() {
        return cell.hasCellState();
    }
}
