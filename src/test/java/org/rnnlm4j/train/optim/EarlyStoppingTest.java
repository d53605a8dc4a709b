/*
 * EarlyStopping: new bests, patience counting, min delta, NaN, and an exact state round trip.
 */
package org.rnnlm4j.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlm4j.RnnlmException;

class EarlyStoppingTest {
    @Test
    void stopsAfterPatienceEvaluationsWithoutImprovement() {
        EarlyStopping es = new EarlyStopping(2, 0);
        EarlyStopping.Verdict v = es.observe(5.0);
        assertTrue(v.newBest());
        assertFalse(v.stop());
        assertEquals(5.0, v.best());
        v = es.observe(5.0);                 // equal is not better
        assertFalse(v.newBest());
        assertFalse(v.stop());
        assertEquals(1, v.evaluationsWithoutImprovement());
        v = es.observe(4.0);                 // a new best resets the count
        assertTrue(v.newBest());
        assertEquals(0, v.evaluationsWithoutImprovement());
        assertFalse(es.observe(4.5).stop());
        v = es.observe(4.2);
        assertFalse(v.newBest());
        assertTrue(v.stop());
        assertTrue(es.shouldStop());
        assertEquals(4.0, es.best());
    }

    @Test
    void minDeltaAndNaN() {
        EarlyStopping es = new EarlyStopping(1, 0.1);
        assertTrue(es.observe(3.0).newBest());
        EarlyStopping.Verdict v = es.observe(2.95);   // better, but not by more than 0.1
        assertFalse(v.newBest());
        assertTrue(v.stop());
        assertEquals(3.0, v.best());
        EarlyStopping nan = new EarlyStopping(3, 0);
        assertFalse(nan.observe(Double.NaN).newBest());
        assertTrue(nan.observe(7).newBest());
        assertFalse(nan.observe(Double.NaN).newBest());
        assertEquals(7, nan.best());
    }

    @Test
    void stateRoundTripsExactly() {
        EarlyStopping a = new EarlyStopping(3, 0);
        a.observe(0.1 + 0.2);                 // not a float value
        a.observe(1);
        Map<String, float[]> s = a.state();
        EarlyStopping b = new EarlyStopping(3, 0);
        b.loadState(s);
        assertEquals(a.best(), b.best(), 0);
        // 0.30000001 is worse than the double 0.1 + 0.2 but better than its float rounding 0.3000000119
        EarlyStopping.Verdict v = b.observe(0.30000001);
        assertFalse(v.newBest());
        assertEquals(a.observe(0.30000001), v);
        assertEquals(a.observe(2), b.observe(2));
        assertTrue(b.shouldStop());
        RnnlmException e = assertThrows(RnnlmException.class, () -> b.loadState(Map.of("plateau.lr", new float[3])));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void badSettings() {
        assertThrows(RnnlmException.class, () -> new EarlyStopping(0, 0));
        assertThrows(RnnlmException.class, () -> new EarlyStopping(1, -1));
        assertThrows(RnnlmException.class, () -> new EarlyStopping(1, Double.NaN));
    }
}
