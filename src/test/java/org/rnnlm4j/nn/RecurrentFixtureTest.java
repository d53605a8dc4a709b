/*
 * Parity with PyTorch (float64 fixtures made by torch.nn.RNN/GRU/LSTM, see each file's
 * "description"): for every fixture and both kernel implementations, the float32 layers give the
 * outputs, h_n, c_n, loss and the gradients of every weight, of x, h0 and c0 to 1e-5 relative plus
 * 1e-6 of each tensor's largest entry (RecurrentCase.FLOAT32_RTOL/ATOL; why not Fixtures.assertClose:
 * see Compare); the float64 ReferenceRecurrent gives them to 1e-10 (which validates the oracle of
 * the other tests).
 */
package org.rnnlm4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnlm4j.nn.RecurrentCase.Inputs;
import org.rnnlm4j.nn.RecurrentCase.Result;
import org.rnnlm4j.nn.RecurrentCase.Spec;
import org.rnnlm4j.testutil.Fixtures;
import org.rnnlm4j.testutil.KernelsUnderTest;

class RecurrentFixtureTest {
    static final String[] FIXTURES = {"rnn_tanh_1layer", "rnn_relu_1layer", "gru_1layer", "lstm_1layer",
        "rnn_tanh_2layer", "gru_bi_2layer", "lstm_bi_2layer"};

    /** A fixture read into the tests' vocabulary. */
    record Case(Spec spec, Map<String, double[]> weights, Inputs inputs, Result expected) {
    }

    static Case load(String name) {
        Map<String, Object> f = Fixtures.load(name + ".json");
        String desc = (String) f.get("description");
        String cell = desc.startsWith("torch.nn.GRU(") ? "gru"
                : desc.startsWith("torch.nn.LSTM(") ? "lstm"
                : desc.startsWith("torch.nn.RNN(") && desc.contains("nonlinearity=tanh") ? "rnn_tanh"
                : desc.startsWith("torch.nn.RNN(") && desc.contains("nonlinearity=relu") ? "rnn_relu" : null;
        assertTrue(cell != null, name + ": unknown module in '" + desc + "'");
        Map<String, Object> in = Fixtures.map(f, "inputs");
        Map<String, Object> wm = Fixtures.map(f, "weights");
        Map<String, Object> out = Fixtures.map(f, "outputs");
        Map<String, Object> gm = Fixtures.map(f, "grads");
        int[] xs = Fixtures.shape(in, "x");
        int[] hs = Fixtures.shape(in, "h0");
        boolean bi = wm.containsKey("weight_ih_l0_reverse");
        int L = hs[0] / (bi ? 2 : 1);
        assertEquals(desc.contains("bidirectional=True"), bi, name + ": direction");
        assertTrue(desc.contains("num_layers=" + L + ","), name + ": layers");
        Spec spec = new Spec(cell, xs[2], hs[2], L, bi, false, wm.containsKey("bias_ih_l0"));
        Map<String, double[]> w = new LinkedHashMap<>();
        for (String k : wm.keySet()) {
            w.put(k, Fixtures.tensor(wm, k));
        }
        boolean lstm = cell.equals("lstm");
        Inputs inputs = new Inputs(xs[0], xs[1], Fixtures.tensor(in, "x"), Fixtures.tensor(in, "h0"),
                lstm ? Fixtures.tensor(in, "c0") : null, Fixtures.tensor(in, "R"), Fixtures.tensor(in, "RH"),
                lstm ? Fixtures.tensor(in, "RC") : null);
        Map<String, double[]> g = new LinkedHashMap<>();
        for (String k : gm.keySet()) {
            g.put(k, Fixtures.tensor(gm, k));
        }
        Result expected = new Result(Fixtures.tensor(out, "output"), Fixtures.tensor(out, "h_n"),
                lstm ? Fixtures.tensor(out, "c_n") : null, ((Number) out.get("loss")).doubleValue(), g);
        // the fixture lists the gradient of every weight and of x, h0 (and c0): we check them all
        TreeSet<String> want = new TreeSet<>(RecurrentCase.params(spec).keySet());
        want.add("x");
        want.add("h0");
        if (lstm) {
            want.add("c0");
        }
        assertEquals(want, new TreeSet<>(g.keySet()), name + ": gradients listed");
        assertEquals(new TreeSet<>(RecurrentCase.params(spec).keySet()), new TreeSet<>(w.keySet()), name + ": weights");
        return new Case(spec, w, inputs, expected);
    }

    static Stream<Arguments> runs() {
        List<Arguments> a = new ArrayList<>();
        for (String f : FIXTURES) {
            for (String k : new String[] {"scalar", "vector"}) {
                boolean bi = f.contains("_bi_");
                boolean one = f.endsWith("_1layer");
                for (String via : bi ? new String[] {"bi"} : one ? new String[] {"layer", "stack"} : new String[] {"stack"}) {
                    a.add(Arguments.of(f, k, via));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} via {2}")
    @MethodSource("runs")
    void float32MatchesPyTorch(String fixture, String kernels, String via) {
        Case c = load(fixture);
        Result r = RecurrentCase.runFloat(c.spec(), c.weights(), c.inputs(), KernelsUnderTest.named(kernels), via);
        Compare.results(fixture + " " + kernels + " " + via, c.expected(), r, RecurrentCase.FLOAT32_RTOL,
                RecurrentCase.FLOAT32_ATOL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn_tanh_1layer", "rnn_relu_1layer", "gru_1layer", "lstm_1layer", "rnn_tanh_2layer",
        "gru_bi_2layer", "lstm_bi_2layer"})
    void float64ReferenceMatchesPyTorch(String fixture) {
        Case c = load(fixture);
        Result r = new ReferenceRecurrent(c.spec(), c.weights()).run(c.inputs(), true);
        Compare.results(fixture + " reference", c.expected(), r, 1e-10, 1e-12);
    }
}
