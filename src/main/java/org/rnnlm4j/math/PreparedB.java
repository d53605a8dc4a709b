/*
 * PreparedB: the right operand op(B) (k,n) of many products, prepared once — for the recurrent
 * matrix, which every time step of a window multiplies (forward h W_hh^T, backward dRec W_hh) while
 * its values stay the same. Kernels.prepare makes one; Kernels.gemmPrepared uses it.
 *
 * Contract: a PreparedB describes B's values at prepare time; it is stale once B changes (prepare
 * again, passing the old one to reuse its buffer). packed == null means "not packed": gemmPrepared
 * then runs an ordinary gemm on B itself (ScalarKernels, or shapes the vector path does not pack).
 * The packed layout is VectorGemm's: per k-block, panels of 1-3 vectors over all n columns.
 */
package org.rnnlm4j.math;

public final class PreparedB {
    final boolean transB;
    final int k;
    final int n;
    float[] b;
    int bOff;
    int ldb;
    float[] packed;    // (k, nPadded) from index pad, in k-blocks of kcb rows, panel-major inside a block; null = not packed
    int kcb;           // k-block height
    int nPadded;       // columns rounded up panel by panel
    int pad;           // index of the first packed float (ArrayAlignment.padFloats() when packed)

    PreparedB(boolean transB, int k, int n) {
        this.transB = transB;
        this.k = k;
        this.n = n;
    }

    /** An unpacked reference to op(B) (k,n): B stored (k,n), or (n,k) when transB, with ldb. */
    static PreparedB reference(boolean transB, int k, int n, float[] b, int bOff, int ldb, PreparedB reuse) {
        PreparedB p = reuse != null && reuse.transB == transB && reuse.k == k && reuse.n == n ? reuse : new PreparedB(transB, k, n);
        p.b = b;
        p.bOff = bOff;
        p.ldb = ldb;
        p.packed = null;
        return p;
    }

    public int k() {
        return k;
    }

    public int n() {
        return n;
    }
}
