/*
 * State: the recurrent state of a stack for B sequences — h (L,B,H) and, for LSTM, c (L,B,H).
 * Zeros are the start of a sequence. Mutable: step() advances it in place; copy() forks it.
 */
package org.rnnlm4j.model;

public record State(int layers, int batch, int hidden, float[] h, float[] c) {

    public static State zeros(int layers, int batch, int hidden, boolean cell) {
        int n = layers * batch * hidden;
        return new State(layers, batch, hidden, new float[n], cell ? new float[n] : null);
    }

    public State copy() {
        return new State(layers, batch, hidden, h.clone(), c == null ? null : c.clone());
    }

    public void reset() {
        java.util.Arrays.fill(h, 0f);
        if (c != null) {
            java.util.Arrays.fill(c, 0f);
        }
    }
}
