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
     * Asserts |actual - expected| <= rtol * |expected| + 1e-6 * max|expected| elementwise: a relative
     * tolerance plus an absolute one of 1e-6 of the tensor's largest entry. Entries far below that
     * scale are sums of much larger terms cancelling; float32 keeps them to a few ulps of those terms
     * (about 6e-8 each), not to a relative 1e-5 of the small result. Seen: 1.2e-9 off on a GRU weight
     * gradient entry of 1.1e-4 in a tensor of scale 1.1e-2; 9.6e-9 off on 8.9e-4 at scale ~1.
     */
    public static void assertClose(String what, double[] expected, float[] actual, double rtol) {
        if (expected.length > actual.length) {
            fail(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double absolute = 1e-6 * scale;
        for (int i = 0; i < expected.length; i++) {
            double tol = rtol * Math.abs(expected[i]) + absolute;
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
