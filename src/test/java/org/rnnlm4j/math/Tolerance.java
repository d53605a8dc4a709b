/*
 * Tolerance: how far VectorKernels may be from the ScalarKernels oracle, and why.
 *
 * A float sum of k products computed in any order has error at most k*u*sum|a_i b_i| (u = 2^-24,
 * the rigorous recursive-summation bound), and typically about sqrt(k)*u*sum|a_i b_i| because the
 * roundings are random-signed. Two implementations may each be off by that much, so we allow
 *     |vector - scalar| <= 2e-6 * sqrt(k + 1) * scale,   scale = |alpha| sum|a b| + |beta c0|.
 * 2e-6 ~ 34u: for k <= 279 this is above even the worst-case 2*k*u of two implementations, so the
 * check is not flaky; and a real bug (a dropped, doubled or misplaced term) moves a result by about
 * scale / k, which is > 100x the tolerance for every k we test (<= 600). Normalising by
 * sum|a b| rather than |result| keeps cancellation from producing false alarms.
 */
package org.rnnlm4j.math;

final class Tolerance {
    private Tolerance() {
    }

    static final double PER_SQRT_K = 2e-6;

    /** Allowed absolute difference for a k-term dot product whose terms' magnitudes sum to scale. */
    static double sum(int k, double scale) {
        return PER_SQRT_K * Math.sqrt(k + 1.0) * scale + 1e-30;
    }
}
