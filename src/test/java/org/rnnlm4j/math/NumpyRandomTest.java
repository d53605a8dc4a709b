/*
 * NumpyRandom reproduces numpy's RandomState: the expected values were printed by numpy 1.24
 * (np.random.seed(10); np.random.uniform(-0.1, 0.1, 3) and the 701st random_sample()).
 */
package org.rnnlm4j.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumpyRandomTest {
    @Test
    void matchesNumpyBitForBit() {
        NumpyRandom r = new NumpyRandom(10);
        assertEquals(0.0542641286533492, r.uniform(-0.1, 0.1), 0.0);
        assertEquals(-0.09584961012811971, r.uniform(-0.1, 0.1), 0.0);
        assertEquals(0.026729646985255096, r.uniform(-0.1, 0.1), 0.0);
    }

    @Test
    void matchesNumpyAcrossTheStateRefill() {
        NumpyRandom r = new NumpyRandom(10);
        for (int i = 0; i < 700; i++) {
            r.nextDouble();
        }
        assertEquals(0.368304514558738, r.nextDouble(), 0.0);
    }

    @Test
    void stateRoundTripsAndSeedsDiffer() {
        NumpyRandom a = new NumpyRandom(5);
        a.nextDouble();
        int[] s = a.state();
        double next = a.nextDouble();
        NumpyRandom b = new NumpyRandom(99);
        b.setState(s);
        assertEquals(next, b.nextDouble(), 0.0);
        assertNotEquals(new NumpyRandom(1).nextDouble(), new NumpyRandom(2).nextDouble());
    }

    @Test
    void nextIntIsInRangeAndShuffleIsAPermutation() {
        NumpyRandom r = new NumpyRandom(3);
        int[] counts = new int[7];
        for (int i = 0; i < 7000; i++) {
            counts[r.nextInt(7)]++;
        }
        for (int c : counts) {
            assertTrue(c > 800 && c < 1200, "roughly uniform: " + c);
        }
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        r.shuffle(a);
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
    }
}
