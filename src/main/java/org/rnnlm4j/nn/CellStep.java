/*
 * CellStep: the buffers of one time step that a Cell reads and writes, as arrays plus offsets, for
 * `rows` rows of width H (or G*H). It replaces a 20-argument method signature.
 *
 * Contract: a plain mutable holder. Its owner (a RecurrentLayer) creates one, points the arrays once
 * per call and the offsets once per step: no allocation in the time loop. Every region is row-major
 * and contiguous: row b of a (rows, W) region starts at off + b*W. Fields a cell does not use (c for
 * RNN and GRU, dHh unless separateRecurrentGradient()) may stay null. Not thread-safe.
 */
package org.rnnlm4j.nn;

public final class CellStep {
    /** H: the hidden width. */
    public final int hidden;
    /** B: how many rows this step has. */
    public int rows;

    // forward inputs
    public float[] ih;     public int ihOff;      // (B, G*H) x_t W_ih^T + b_ih
    public float[] hh;     public int hhOff;      // (B, G*H) h_{t-1} W_hh^T + b_hh
    public float[] hPrev;  public int hPrevOff;   // (B, H) h_{t-1}
    public float[] cPrev;  public int cPrevOff;   // (B, H) c_{t-1} (LSTM)
    // forward outputs, read again by backward
    public float[] h;      public int hOff;       // (B, H) h_t
    public float[] c;      public int cOff;       // (B, H) c_t (LSTM)
    public float[] cache;  public int cacheOff;   // (B, cacheWidth*H)
    // backward inputs
    public float[] dh;     public int dhOff;      // (B, H) dLoss/dh_t, everything that reaches h_t
    public float[] dc;     public int dcOff;      // (B, H) dLoss/dc_t from step t+1 (LSTM)
    // backward outputs
    public float[] dIh;    public int dIhOff;     // (B, G*H) dLoss/d(ih)
    public float[] dHh;    public int dHhOff;     // (B, G*H) dLoss/d(hh), when it differs from dIh
    public float[] dhPrev; public int dhPrevOff;  // (B, H) direct part of dLoss/dh_{t-1}
    public float[] dcPrev; public int dcPrevOff;  // (B, H) dLoss/dc_{t-1} (LSTM)

    public CellStep(int hidden) {
        if (hidden <= 0) {
            throw new IllegalArgumentException("hidden size must be positive, got " + hidden);
        }
        this.hidden = hidden;
    }

    /** Points hPrev and h at one state array, cPrev and c at another (c may be null). */
    public void states(float[] h, float[] c) {
        hPrev = h;
        this.h = h;
        cPrev = c;
        this.c = c;
    }

    /** Offsets of the previous and the new state, the same for h and c. */
    public void stateOffsets(int prev, int next) {
        hPrevOff = prev;
        cPrevOff = prev;
        hOff = next;
        cOff = next;
    }
}
