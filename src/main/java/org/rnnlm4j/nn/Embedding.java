/*
 * Embedding: token ids -> rows of a table. In the tutorial's model this table is U transposed:
 * U x_t for a one-hot x_t is column x_t of U (H,C), i.e. row x_t of table (C,H).
 *
 * Contract: forward copies rows; backward adds the incoming gradient rows back into the rows of the
 * table's gradient that were used (a sparse update: only touched rows change), marking them for a
 * table that tracks its rows (Param.trackRows). Holds no caches
 * beyond the token ids it was given (the caller keeps them alive until backward). A first recurrent
 * layer working per symbol (TokenRows) hands back per-symbol sums instead: addRowGradients.
 */
package org.rnnlm4j.nn;

public final class Embedding {
    public final Param table;   // (V, E)
    public final int vocab;
    public final int dim;

    public Embedding(Param table) {
        this.table = table;
        this.vocab = table.shape[0];
        this.dim = table.shape[1];
    }

    /** out (n, E) := table[tokens[i]] for i < n. */
    public void forward(int[] tokens, int n, float[] out) {
        float[] w = table.w;
        for (int i = 0; i < n; i++) {
            System.arraycopy(w, tokens[i] * dim, out, i * dim, dim);
        }
    }

    /** sink[tokens[i]] += scale * dOut (n, E) row i: only the rows used are touched. */
    public void backward(int[] tokens, int n, float[] dOut, org.rnnlm4j.math.Kernels k) {
        float[] g = table.sink();
        float scale = table.sinkScale();
        for (int i = 0; i < n; i++) {
            k.axpy(dim, scale, dOut, i * dim, g, tokens[i] * dim);
            table.markRow(tokens[i]);
        }
    }

    /** sink[v] += scale * dTable (V, E) row v for every v with count[v] > 0 (the rows used). */
    public void addRowGradients(float[] dTable, int[] count, org.rnnlm4j.math.Kernels k) {
        float[] g = table.sink();
        float scale = table.sinkScale();
        for (int v = 0; v < vocab; v++) {
            if (count[v] > 0) {
                k.axpy(dim, scale, dTable, v * dim, g, v * dim);
                table.markRow(v);
            }
        }
    }
}
