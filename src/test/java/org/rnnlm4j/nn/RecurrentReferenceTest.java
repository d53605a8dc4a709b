/*
 * The float32 layers against the float64 ReferenceRecurrent on random cases (weights, x, h0, c0 and
 * loss weights drawn from a seeded NumpyRandom): outputs, h_n, c_n, loss and every gradient (weights,
 * x, h0, c0), for each cell type, through a single layer, a stack (forward and reverse) and the
 * bidirectional network; with and without biases and initial states; B = 1 (the GEMV paths) and
 * B > 1; sizes that are not multiples of a vector length; both kernel implementations.
 */
package org.rnnlm4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlm4j.nn.RecurrentCase.Inputs;
import org.rnnlm4j.nn.RecurrentCase.Result;
import org.rnnlm4j.nn.RecurrentCase.Spec;
import org.rnnlm4j.testutil.KernelsUnderTest;

class RecurrentReferenceTest {

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String cell : new String[] {"rnn_tanh", "rnn_relu", "gru", "lstm"}) {
            for (String k : new String[] {"scalar", "vector"}) {
                // spec, via, T, B, initial state
                a.add(Arguments.of(new Spec(cell, 5, 6, 1, false, false, true), "layer", 7, 3, true, k));
                a.add(Arguments.of(new Spec(cell, 5, 6, 1, false, true, true), "layer", 7, 3, true, k));
                a.add(Arguments.of(new Spec(cell, 9, 9, 1, false, false, false), "layer", 5, 1, true, k));
                a.add(Arguments.of(new Spec(cell, 9, 9, 1, false, true, true), "layer", 5, 1, false, k));
                a.add(Arguments.of(new Spec(cell, 5, 6, 2, false, false, true), "stack", 6, 4, true, k));
                a.add(Arguments.of(new Spec(cell, 4, 7, 3, false, true, false), "stack", 5, 2, true, k));
                a.add(Arguments.of(new Spec(cell, 5, 6, 2, false, false, true), "stack", 6, 1, false, k));
                a.add(Arguments.of(new Spec(cell, 5, 6, 2, true, false, true), "bi", 6, 3, true, k));
                a.add(Arguments.of(new Spec(cell, 3, 5, 3, true, false, false), "bi", 4, 1, true, k));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} via {1} T={2} B={3} h0={4} {5}")
    @MethodSource("cases")
    void float32MatchesFloat64Reference(Spec s, String via, int T, int B, boolean initialState, String kernels) {
        Map<String, double[]> w = RecurrentCase.randomWeights(s, 5, 0.5);
        Inputs in = RecurrentCase.randomInputs(s, T, B, initialState, 6);
        Result expected = new ReferenceRecurrent(s, w).run(in, true);
        Result actual = RecurrentCase.runFloat(s, w, in, KernelsUnderTest.named(kernels), via);
        Compare.results(s + " via " + via + " " + kernels, expected, actual, RecurrentCase.FLOAT32_RTOL,
                RecurrentCase.FLOAT32_ATOL);
    }
}
