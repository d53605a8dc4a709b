/*
 * Fixtures: reads the PyTorch/float64 reference files in src/test/resources/fixtures and compares
 * float32 results against them with a stated relative tolerance.
 */
package org.rnnlm4j.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.rnnlm4j.io.Json;

public final class Fixtures {
    private Fixtures() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Map)) {
            throw new IllegalStateException("fixture has no object '" + key + "'");
        }
        return (Map<String, Object>) v;
    }

    /** The flat data of a {"shape", "data"} tensor. */
    public static double[] tensor(Map<String, Object> m, String key) {
        return Json.doubles(map(m, key).get("data"));
    }

    public static int[] shape(Map<String, Object> m, String key) {
        return Json.ints(map(m, key).get("shape"));
    }

    public static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /**
     * Asserts |actual - expected| <= rtol * max(|expected|, 0.01 * max|expected|) elementwise: a relative
     * tolerance, with entries under 1% of the tensor's largest judged against 1% of it. Such entries are
     * sums of much larger terms cancelling; float32 keeps them to about one ulp of those terms, not to
     * a relative 1e-5 of the small result (seen: 9.6e-9 off on an entry of 8.9e-4 in a tensor of scale ~1).
     */
    public static void assertClose(String what, double[] expected, float[] actual, double rtol) {
        if (expected.length > actual.length) {
            fail(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double floor = 1e-2 * scale;
        for (int i = 0; i < expected.length; i++) {
            double tol = rtol * Math.max(Math.abs(expected[i]), floor);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                fail(String.format("%s[%d]: expected %.9g, got %.9g (|diff| %.3g > tol %.3g)", what, i, expected[i],
                        actual[i], Math.abs(actual[i] - expected[i]), tol));
            }
        }
    }

    public static void assertClose(String what, double expected, double actual, double rtol) {
        if (!(Math.abs(actual - expected) <= rtol * Math.abs(expected))) {
            fail(String.format("%s: expected %.12g, got %.12g", what, expected, actual));
        }
    }
}
