/*
 * Cell: the elementwise math of ONE recurrent time step for B rows, forward and backward side by
 * side. The matrix products are not here: RecurrentLayer computes them (all T input projections in
 * one GEMM, one recurrent GEMM per step) and hands the cell, per step, through a CellStep:
 *
 *   ih (B, G*H) = x_t W_ih^T + b_ih          hh (B, G*H) = h_{t-1} W_hh^T + b_hh
 *
 * forward   h_t (B,H) [and c_t for LSTM] from ih, hh, h_{t-1} [, c_{t-1}]; writes what backward needs
 *           into cache (B, cacheWidth()*H).
 * backward  from dh (B,H) = dLoss/dh_t in total (from above and from step t+1) [and dc = dLoss/dc_t
 *           from step t+1] writes
 *             dIh    (B, G*H) = dLoss/d(ih)   -> the layer's dW_ih, db_ih, dx
 *             dHh    (B, G*H) = dLoss/d(hh)   -> dW_hh, db_hh, and dh_{t-1} += dHh W_hh (layer)
 *                                             only when separateRecurrentGradient(); else dHh == dIh
 *             dhPrev (B,H)    the direct part of dLoss/dh_{t-1} (GRU: z * dh; RNN, LSTM: 0), WRITTEN,
 *                             the layer then adds dHh W_hh
 *             dcPrev (B,H)    dLoss/dc_{t-1} (LSTM)
 *
 * Semantics are PyTorch's (torch.nn.RNN/GRU/LSTM) exactly, gate blocks in PyTorch's row order:
 *   RnnCell   G=1  h = f(ih + hh), f = tanh | relu
 *   GruCell   G=3  r,z,n: r = σ(ih_r + hh_r), z = σ(ih_z + hh_z), n = tanh(ih_n + r ⊙ hh_n),
 *                  h = (1 - z) ⊙ n + z ⊙ h_{t-1}              (Cho et al. 2014, PyTorch's variant)
 *   LstmCell  G=4  i,f,g,o: σ, σ, tanh, σ of ih + hh; c = f ⊙ c_{t-1} + i ⊙ g, h = o ⊙ tanh(c)
 *                                                              (Hochreiter & Schmidhuber 1997; Gers 2000)
 * Each cell's opening comment gives its backward equations. A cell holds no buffers and no weights
 * (stateless, thread-safe); it never allocates. Not a layer: no time loop, no matrix products, no
 * parameters.
 */
package org.rnnlm4j.nn;

import org.rnnlm4j.math.Kernels;

public sealed interface Cell permits RnnCell, GruCell, LstmCell {

    /** Short id for configs and messages: rnn_tanh, rnn_relu, gru, lstm. */
    String id();

    /** G: how many H-wide gate blocks W_ih, W_hh and the biases have (RNN 1, GRU 3, LSTM 4). */
    int gates();

    /** True for LSTM: the cell carries c beside h. */
    boolean hasCellState();

    /** Floats per row per step the forward caches for backward, in units of H. */
    int cacheWidth();

    /** True when dLoss/d(hh) differs from dLoss/d(ih) (GRU's reset gate), so the layer keeps both. */
    boolean separateRecurrentGradient();

    /**
     * One step for s.rows rows: reads ih, hh, hPrev (, cPrev); writes h (, c) and cache. h may alias
     * hPrev and c may alias cPrev (same array and offset): each element of the previous state is read
     * before that element of the new state is written. ih and hh are not modified.
     */
    void forward(Kernels k, CellStep s);

    /**
     * The step's backward for s.rows rows: reads dh, dc, hPrev, h, cPrev, cache (as forward left
     * them); writes dIh, dHh (when separateRecurrentGradient()), dhPrev, dcPrev. dcPrev may alias dc;
     * dhPrev must not alias dh.
     */
    void backward(Kernels k, CellStep s);

    /** A cell by id: rnn_tanh, rnn_relu (or tanh, relu), gru, lstm. */
    static Cell of(String id) {
        switch (id.toLowerCase(java.util.Locale.ROOT)) {
            case "rnn_tanh":
            case "tanh":
                return new RnnCell(Activation.TANH);
            case "rnn_relu":
            case "relu":
                return new RnnCell(Activation.RELU);
            case "gru":
                return new GruCell();
            case "lstm":
                return new LstmCell();
            default:
                throw new org.rnnlm4j.RnnlmException("unknown cell '" + id + "': use rnn_tanh, rnn_relu, gru or lstm");
        }
    }
}
