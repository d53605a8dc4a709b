/*
 * VectorMath: float exp / tanh / sigmoid over array ranges (jdk.incubator.vector), plus a scalar
 * twin of each that performs the very same float operations, so an element in a loop tail gets
 * bit-for-bit the value it would have got inside a vector.
 *
 * Contract: exp is a Cody-Waite range reduction (x = n ln2 + r, |r| <= ln2/2, n in [-126, 127])
 * and the Cephes expf polynomial without its r^7 term (dropping it costs 1.7e-7 relative and saves
 * a multiply-pipe op: this loop is bound by the two FMA pipes); relative error < 5e-7. Exact 0
 * below EXP_LO (where e^x would be denormal), +inf above EXP_HI = 88 (the true e^x is finite up
 * to 88.72; no caller here can tell: sigmoid and tanh saturate long before), NaN for NaN.
 * tanh is the Cephes odd polynomial for |x| < 0.625 and 1 - 2/(e^{2|x|}+1) above: error < 1e-7
 * absolute. Not a general libm.
 *
 * Why array-level methods and no `static FloatVector exp(FloatVector)` helper: a vector value that
 * crosses a method boundary C2 declines to inline (e.g. "already compiled into a big method") is
 * boxed on the heap, and throughput falls 20x (measured: 0.59 -> 11 ns/element). Every method
 * here keeps its vectors local, so the polynomial is written out once per loop on purpose.
 * Package-private; VectorKernels is the only user.
 */
package org.rnnlm4j.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

final class VectorMath {
    private VectorMath() {
    }

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Below this exp(x) would be denormal (n < -126): we return 0. */
    static final float EXP_LO = -87.33654f;
    /** Above this n would exceed 127: we return +inf. */
    static final float EXP_HI = 88.0f;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float in (-2^22, 2^22) to the nearest integer. */
    private static final float ROUND_MAGIC = 12582912f;
    /** Bits of ROUND_MAGIC minus the float exponent bias: bits(t) - SCALE_BIAS = n + 127. */
    private static final int SCALE_BIAS = Float.floatToRawIntBits(ROUND_MAGIC) - 127;

    // Cephes expf: e^r ~ 1 + r (1 + r q), q = P5 + P4 r + P3 r^2 + P2 r^3 + P1 r^4, |r| <= ln2/2
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    // Cephes tanhf small-argument polynomial, |x| < 0.625: tanh x ~ x + x^3 (T0 z^4 + ... + T4), z = x^2
    private static final int SIGN_BIT = 0x80000000;
    private static final float TANH_SMALL = 0.625f;
    private static final float T0 = -5.70498872745e-3f;
    private static final float T1 = 2.06390887954e-2f;
    private static final float T2 = -5.37397155531e-2f;
    private static final float T3 = 1.33314422036e-1f;
    private static final float T4 = -3.33332819422e-1f;

    /**
     * Returns sum_i exp(x[off+i] - shift) over n elements, where every x[off+i] - shift <= 0 (shift
     * is the max: the softmax use, so no overflow blend); when store, also writes each exp back into
     * x (the softmax numerator pass). Vector lanes are summed in L partial sums, then reduced.
     */
    static float expShiftSum(float[] x, int off, int n, float shift, boolean store) {
        return expShiftSum(x, off, n, shift, store, true);
    }

    /**
     * expShiftSum, told whether any x - shift may fall below EXP_LO: when not (the caller knows
     * min - shift >= EXP_LO, rounded: then so is every x - shift), the vector loop skips the
     * compare and blend that zero those lanes, which never fire (a sixth of its time; same bits).
     */
    static float expShiftSum(float[] x, int off, int n, float shift, boolean store, boolean mayUnderflow) {
        if (!mayUnderflow && store) {
            return expShiftSumNoUnderflow(x, off, n, shift);
        }
        FloatVector sum = FloatVector.zero(S);
        FloatVector vShift = FloatVector.broadcast(S, shift);
        FloatVector vLog2e = FloatVector.broadcast(S, LOG2E), vMagic = FloatVector.broadcast(S, ROUND_MAGIC);
        FloatVector vLn2Hi = FloatVector.broadcast(S, -LN2_HI), vLn2Lo = FloatVector.broadcast(S, -LN2_LO);
        FloatVector p1 = FloatVector.broadcast(S, P1), p2 = FloatVector.broadcast(S, P2);
        FloatVector p3 = FloatVector.broadcast(S, P3), p4 = FloatVector.broadcast(S, P4);
        FloatVector p5 = FloatVector.broadcast(S, P5), one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i).sub(vShift);
            // ---- exp(v), see exp(float) for the scalar twin ----
            FloatVector t = v.fma(vLog2e, vMagic);
            FloatVector nf = t.sub(vMagic);
            FloatVector r = nf.fma(vLn2Hi, v);
            r = nf.fma(vLn2Lo, r);
            FloatVector q = r.fma(p1, p2).fma(r, p3).fma(r, p4).fma(r, p5);
            FloatVector e = q.fma(r, one).fma(r, one);
            e = e.mul(t.reinterpretAsInts().sub(SCALE_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            e = e.blend(0f, v.compare(VectorOperators.LT, EXP_LO));
            // ---- end exp ----
            if (store) {
                e.intoArray(x, off + i);
            }
            sum = sum.add(e);
        }
        float[] lanes = new float[L];
        sum.intoArray(lanes, 0);
        return sumLanesAndTail(lanes, x, off, i, n, shift, store);
    }

    /**
     * expShiftSum's end: the lane sums added in a fixed order (reduceLanes(ADD) leaves the order
     * to the JIT, and a softmax that rounds differently from one compilation to the next makes
     * training non-repeatable), then the elements [i, n) past the last whole vector.
     */
    private static float sumLanesAndTail(float[] lanes, float[] x, int off, int i, int n, float shift, boolean store) {
        float s = 0f;
        for (int l = 0; l < L; l++) {
            s += lanes[l];
        }
        for (; i < n; i++) {
            float e = exp(x[off + i] - shift);
            if (store) {
                x[off + i] = e;
            }
            s += e;
        }
        return s;
    }

    /**
     * expShiftSum(x, off, n, shift, true, false): the same loop without the blend, in a method of
     * its own. Written as a second loop or a test inside expShiftSum's, C2's code ran no faster
     * than with the blend (tutorial's 18 x 4,585 logits, one thread: 31-32 us, against 27 here and
     * 33.5 with the blend).
     */
    private static float expShiftSumNoUnderflow(float[] x, int off, int n, float shift) {
        FloatVector sum = FloatVector.zero(S);
        FloatVector vShift = FloatVector.broadcast(S, shift);
        FloatVector vLog2e = FloatVector.broadcast(S, LOG2E), vMagic = FloatVector.broadcast(S, ROUND_MAGIC);
        FloatVector vLn2Hi = FloatVector.broadcast(S, -LN2_HI), vLn2Lo = FloatVector.broadcast(S, -LN2_LO);
        FloatVector p1 = FloatVector.broadcast(S, P1), p2 = FloatVector.broadcast(S, P2);
        FloatVector p3 = FloatVector.broadcast(S, P3), p4 = FloatVector.broadcast(S, P4);
        FloatVector p5 = FloatVector.broadcast(S, P5), one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i).sub(vShift);
            FloatVector t = v.fma(vLog2e, vMagic);
            FloatVector nf = t.sub(vMagic);
            FloatVector r = nf.fma(vLn2Hi, v);
            r = nf.fma(vLn2Lo, r);
            FloatVector q = r.fma(p1, p2).fma(r, p3).fma(r, p4).fma(r, p5);
            FloatVector e = q.fma(r, one).fma(r, one);
            e = e.mul(t.reinterpretAsInts().sub(SCALE_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            e.intoArray(x, off + i);
            sum = sum.add(e);
        }
        float[] lanes = new float[L];
        sum.intoArray(lanes, 0);
        return sumLanesAndTail(lanes, x, off, i, n, shift, true);
    }

    /** out[outOff+i] = tanh(x[xOff+i]) for i in [0,n); out may alias x. */
    static void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        tanh(n, x, xOff, null, 0, out, outOff);
    }

    /** out[outOff+i] = tanh(x[xOff+i] + y[yOff+i]) (the float sum; y null: x alone); out may alias x or y. */
    static void tanh(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        FloatVector vLog2e = FloatVector.broadcast(S, LOG2E), vMagic = FloatVector.broadcast(S, ROUND_MAGIC);
        FloatVector vLn2Hi = FloatVector.broadcast(S, -LN2_HI), vLn2Lo = FloatVector.broadcast(S, -LN2_LO);
        FloatVector p1 = FloatVector.broadcast(S, P1), p2 = FloatVector.broadcast(S, P2);
        FloatVector p3 = FloatVector.broadcast(S, P3), p4 = FloatVector.broadcast(S, P4);
        FloatVector p5 = FloatVector.broadcast(S, P5), one = FloatVector.broadcast(S, 1f);
        FloatVector t0 = FloatVector.broadcast(S, T0), t1 = FloatVector.broadcast(S, T1);
        FloatVector t2 = FloatVector.broadcast(S, T2), t3 = FloatVector.broadcast(S, T3);
        FloatVector t4 = FloatVector.broadcast(S, T4), two = FloatVector.broadcast(S, 2f);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            if (y != null) {
                xv = xv.add(FloatVector.fromArray(S, y, yOff + i));
            }
            FloatVector ax = xv.abs();
            FloatVector v = ax.add(ax);
            // ---- exp(v), v >= 0 so no underflow blend ----
            FloatVector t = v.fma(vLog2e, vMagic);
            FloatVector nf = t.sub(vMagic);
            FloatVector r = nf.fma(vLn2Hi, v);
            r = nf.fma(vLn2Lo, r);
            FloatVector q = r.fma(p1, p2).fma(r, p3).fma(r, p4).fma(r, p5);
            FloatVector e = q.fma(r, one).fma(r, one);
            e = e.mul(t.reinterpretAsInts().sub(SCALE_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            e = e.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.GT, EXP_HI));
            // ---- end exp ----
            FloatVector big = one.sub(two.div(e.add(one)));
            big = big.reinterpretAsInts().or(xv.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            FloatVector z = xv.mul(xv);
            FloatVector small = z.fma(t0, t1).fma(z, t2).fma(z, t3).fma(z, t4).mul(z).fma(xv, xv);
            big.blend(small, ax.compare(VectorOperators.LT, TANH_SMALL)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = tanh(y == null ? x[xOff + i] : x[xOff + i] + y[yOff + i]);
        }
    }

    /** out[outOff+i] = 1 / (1 + exp(-x[xOff+i])) for i in [0,n); out may alias x. */
    static void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        sigmoid(n, x, xOff, null, 0, out, outOff);
    }

    /** out[outOff+i] = sigmoid(x[xOff+i] + y[yOff+i]) (the float sum; y null: x alone); out may alias x or y. */
    static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        FloatVector vLog2e = FloatVector.broadcast(S, LOG2E), vMagic = FloatVector.broadcast(S, ROUND_MAGIC);
        FloatVector vLn2Hi = FloatVector.broadcast(S, -LN2_HI), vLn2Lo = FloatVector.broadcast(S, -LN2_LO);
        FloatVector p1 = FloatVector.broadcast(S, P1), p2 = FloatVector.broadcast(S, P2);
        FloatVector p3 = FloatVector.broadcast(S, P3), p4 = FloatVector.broadcast(S, P4);
        FloatVector p5 = FloatVector.broadcast(S, P5), one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            if (y != null) {
                xv = xv.add(FloatVector.fromArray(S, y, yOff + i));
            }
            FloatVector v = xv.neg();
            // ---- exp(v) ----
            FloatVector t = v.fma(vLog2e, vMagic);
            FloatVector nf = t.sub(vMagic);
            FloatVector r = nf.fma(vLn2Hi, v);
            r = nf.fma(vLn2Lo, r);
            FloatVector q = r.fma(p1, p2).fma(r, p3).fma(r, p4).fma(r, p5);
            FloatVector e = q.fma(r, one).fma(r, one);
            e = e.mul(t.reinterpretAsInts().sub(SCALE_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            e = e.blend(0f, v.compare(VectorOperators.LT, EXP_LO))
                    .blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.GT, EXP_HI));
            // ---- end exp ----
            one.div(e.add(one)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = sigmoid(y == null ? x[xOff + i] : x[xOff + i] + y[yOff + i]);
        }
    }

    /** e^x, scalar twin of the vector exp in the loops above: same operations, same bits. */
    static float exp(float x) {
        if (x < EXP_LO) {
            return 0f;
        }
        if (x > EXP_HI) {
            return Float.POSITIVE_INFINITY;
        }
        float t = Math.fma(x, LOG2E, ROUND_MAGIC);
        float n = t - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float q = Math.fma(r, P1, P2);
        q = Math.fma(q, r, P3);
        q = Math.fma(q, r, P4);
        q = Math.fma(q, r, P5);
        float e = Math.fma(Math.fma(q, r, 1f), r, 1f);
        return e * Float.intBitsToFloat((Float.floatToRawIntBits(t) - SCALE_BIAS) << 23);
    }

    /** tanh, scalar twin of the vector tanh loop. */
    static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < TANH_SMALL) {
            float z = x * x;
            float p = Math.fma(z, T0, T1);
            p = Math.fma(p, z, T2);
            p = Math.fma(p, z, T3);
            p = Math.fma(p, z, T4);
            return Math.fma(p * z, x, x);
        }
        float e = exp(ax + ax);
        float big = 1f - 2f / (e + 1f);
        return Float.intBitsToFloat(Float.floatToRawIntBits(big) | (Float.floatToRawIntBits(x) & SIGN_BIT));
    }

    /** sigmoid, scalar twin of the vector sigmoid loop. */
    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }
}
