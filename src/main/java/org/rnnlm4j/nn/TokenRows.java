/*
 * TokenRows: what a recurrent layer's input x (T*B, E) is made of, when it is made of table rows:
 * x row r (time-major, r = t*B + b) = row tokens[r] of embedding's table, as Network's embedding
 * forward wrote it. A first layer that knows this can work per symbol instead of per position when
 * the vocabulary is much smaller than T*B (a char model: 65 symbols, 2048 positions):
 *
 *   forward   IH = X W_ih^T + b_ih  ->  P (V, G*H) = table W_ih^T + b_ih once, then IH row r = P row tokens[r]
 *   backward  S (V, G*H) = per-symbol sums of dIh's rows;  dTable (V, E) += S W_ih;  dW_ih += S^T table
 *
 * The same sums in a different order: equal up to float rounding, not bitwise (RecurrentLayer says
 * when it uses them). Immutable view; the caller keeps tokens unchanged until backward.
 */
package org.rnnlm4j.nn;

public record TokenRows(Embedding embedding, int[] tokens) {
    public TokenRows {
        if (embedding == null || tokens == null) {
            throw new IllegalArgumentException("token rows need an embedding and the tokens");
        }
    }
}
