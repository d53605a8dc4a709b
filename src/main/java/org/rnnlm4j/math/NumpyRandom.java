/*
 * NumpyRandom: numpy's legacy RandomState (MT19937) for the draws the WildML tutorial makes.
 *
 * Contract: `new NumpyRandom(seed)` is np.random.seed(seed) (init_genrand); nextDouble() is
 * random_sample() (53-bit double from two 32-bit outputs); uniform(lo, hi) is lo + (hi-lo)*u.
 * With it, `rnnlm4j` draws the tutorial's U, V, W bit for bit as numpy does, so the initial loss
 * matches the tutorial's and PyTorch's runs. It is also the project's seeded RNG elsewhere
 * (shuffling, sampling): one well-known generator, reproducible from a seed, with a copyable state.
 * Not thread-safe; not for cryptography.
 * Source: M. Matsumoto, T. Nishimura, "Mersenne Twister", ACM TOMACS 8(1), 1998; numpy randomkit.
 */
package org.rnnlm4j.math;

public final class NumpyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int pos;

    public NumpyRandom(long seed) {
        setSeed(seed);
    }

    /** np.random.seed(seed) for 0 <= seed < 2^32 (higher bits are dropped, as numpy would reject them). */
    public void setSeed(long seed) {
        int s = (int) seed;
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            s = 1812433253 * (s ^ (s >>> 30)) + i;
            mt[i] = s;
        }
        pos = N;
    }

    /** The next raw 32-bit output, as an unsigned value in a long. */
    public long nextUInt32() {
        if (pos >= N) {
            twist();
        }
        int y = mt[pos++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            int next = mt[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) {
                next ^= 0x9908b0df;
            }
            mt[i] = next;
        }
        pos = 0;
    }

    /** numpy random_sample(): uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        long a = nextUInt32() >>> 5;
        long b = nextUInt32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** numpy uniform(lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** A uniform integer in [0, bound), unbiased (rejection sampling on 32-bit draws); bound >= 1. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = (0x1_0000_0000L / bound) * bound;
        long r;
        do {
            r = nextUInt32();
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** A standard normal deviate (Marsaglia polar method on nextDouble; not numpy's gauss cache). */
    public double nextGaussian() {
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Fisher-Yates shuffle of a[0..n). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The full generator state (624 words + position), for exact resume. */
    public int[] state() {
        int[] s = new int[N + 1];
        System.arraycopy(mt, 0, s, 0, N);
        s[N] = pos;
        return s;
    }

    public void setState(int[] s) {
        if (s.length != N + 1 || s[N] < 0 || s[N] > N) {
            throw new IllegalArgumentException("not an MT19937 state");
        }
        System.arraycopy(s, 0, mt, 0, N);
        pos = s[N];
    }
}
