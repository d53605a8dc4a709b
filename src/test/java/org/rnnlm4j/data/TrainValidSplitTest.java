/*
 * TrainValidSplitTest: the seeded hold-out is deterministic, order-preserving and a partition.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class TrainValidSplitTest {

    static final List<Integer> ITEMS = IntStream.range(0, 100).boxed().collect(Collectors.toList());

    @Test
    void partitionWithTheRequestedSizeInInputOrder() {
        TrainValidSplit<Integer> split = TrainValidSplit.of(ITEMS, 0.1, 42);
        assertEquals(10, split.valid().size());
        assertEquals(90, split.train().size());
        List<Integer> all = new ArrayList<>(split.train());
        all.addAll(split.valid());
        assertEquals(new HashSet<>(ITEMS), new HashSet<>(all));
        assertEquals(split.train().stream().sorted().collect(Collectors.toList()), split.train());
        assertEquals(split.valid().stream().sorted().collect(Collectors.toList()), split.valid());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertEquals(TrainValidSplit.of(ITEMS, 0.2, 7), TrainValidSplit.of(ITEMS, 0.2, 7));
        assertNotEquals(TrainValidSplit.of(ITEMS, 0.2, 7).valid(), TrainValidSplit.of(ITEMS, 0.2, 8).valid());
    }

    @Test
    void edgeFractions() {
        assertEquals(List.of(), TrainValidSplit.of(ITEMS, 0.0, 1).valid());
        assertEquals(ITEMS, TrainValidSplit.of(ITEMS, 0.0, 1).train());
        assertEquals(1, TrainValidSplit.of(ITEMS, 0.001, 1).valid().size()); // at least one
        assertEquals(1, TrainValidSplit.of(List.of("a", "b"), 0.99, 1).train().size()); // never all
        assertTrue(TrainValidSplit.of(List.of(), 0.0, 1).train().isEmpty());
    }

    @Test
    void badFractionsAndTooFewItems() {
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            RnnlmException e = assertThrows(RnnlmException.class, () -> TrainValidSplit.of(ITEMS, bad, 1));
            assertTrue(e.getMessage().startsWith("--valid-fraction must be at least 0 and below 1, got "), e.getMessage());
        }
        RnnlmException e = assertThrows(RnnlmException.class, () -> TrainValidSplit.of(List.of("only"), 0.1, 1));
        assertEquals("cannot hold out a validation set from 1 sentence(s): pass --valid-fraction 0 or use more text",
                e.getMessage());
    }
}
