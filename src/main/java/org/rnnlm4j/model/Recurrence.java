/*
 * Recurrence: the recurrent part of a language model — L stacked layers between the embedding and
 * the output — seen by Network. Two implementations: TutorialRnnStack (vanilla RNN layers, with the
 * tutorial's no-input-matrix first layer and its truncated BPTT) and GatedStack (GRU / LSTM, and
 * any cell through RecurrentLayer).
 *
 * Layout: time-major, x (T,B,E) in, outputs (T,B,H) out; states (L,B,H).
 */
package org.rnnlm4j.model;

interface Recurrence {
    /**
     * Runs T steps from initial (null = zeros); returns the buffer holding outputs at outputOffset().
     * rows (nullable): x's rows are these table rows; a recurrence may then work per symbol, and its
     * backward returns null after adding dX into the table's sink itself.
     */
    float[] forward(float[] x, int xOff, org.rnnlm4j.nn.TokenRows rows, int T, int B, State initial);

    int outputOffset();

    /** Copies the state after the last forward's final step into s. */
    void finalState(State s);

    /** BPTT (truncate <= 0 full; K > 0 the tutorial's, where supported); returns dX (T,B,E) at offset 0, or null (see forward). */
    float[] backward(float[] dOut, int truncate);

    /** One step for B rows: x (B,E) at xOff; advances s in place; returns the buffer with h_top (B,H) and its offset via topOffset(). */
    void step(float[] x, int xOff, State s);

    /** step(e.table.w, token * e.dim, s) for one row (batch 1): the input is token's embedding. */
    default void stepToken(org.rnnlm4j.nn.Embedding e, int token, State s) {
        step(e.table.w, token * e.dim, s);
    }

    /** Offset of the top layer's h (B,H) inside a State's h array. */
    default int topOffset(State s) {
        return (s.layers() - 1) * s.batch() * s.hidden();
    }

    boolean hasCellState();
}
