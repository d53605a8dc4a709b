/*
 * JsonTest: strict parsing with line:column errors, escaping, shortest-round-trip numbers,
 * the flattening helpers, the bundled fixtures, and parse speed on 100 KB of float arrays.
 */
package org.rnnlm4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;

class JsonTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    private static String error(String json) {
        RnnlmException e = assertThrows(RnnlmException.class, () -> Json.parse(json), () -> "accepted: " + json);
        TestModels.assertOneLine(e.getMessage());
        return e.getMessage();
    }

    private static void assertError(String json, String position, String phrase) {
        String m = error(json);
        assertTrue(m.startsWith("invalid JSON at " + position + ": "), () -> json + " -> " + m);
        assertTrue(m.contains(phrase), () -> json + " -> " + m);
    }

    @Test
    void parsesAllValueTypesIntoDocumentedJavaTypes() {
        Object v = Json.parse(" {\"b\": 1, \"a\": [true, false, null, \"x\", -0, 1.5, 1e2, 2E-3, -7]}\n");
        Map<?, ?> m = assertInstanceOf(LinkedHashMap.class, v);
        assertEquals(List.of("b", "a"), new ArrayList<>(m.keySet()));
        assertEquals(1L, m.get("b"));
        List<?> a = assertInstanceOf(ArrayList.class, m.get("a"));
        assertEquals(Boolean.TRUE, a.get(0));
        assertEquals(Boolean.FALSE, a.get(1));
        assertNull(a.get(2));
        assertEquals("x", a.get(3));
        assertEquals(0L, a.get(4));
        assertEquals(1.5, a.get(5));
        assertEquals(100.0, a.get(6));
        assertEquals(0.002, a.get(7));
        assertEquals(-7L, a.get(8));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9.223372036854775808e18, Json.parse("9223372036854775808"));
        assertEquals(1.0, Json.parse("1.0"));
        assertEquals(0.11907916457584644, Json.parse("0.11907916457584644"));
        assertEquals(4.9e-324, Json.parse("4.9e-324"));
        assertEquals("s", Json.parse("\"s\""));
        assertNull(Json.parse(" null "));
        assertEquals(Map.of(), Json.parse("{}"));
        assertEquals(List.of(), Json.parse("[ ]"));
        assertEquals(List.of(1L), Json.parse("\uFEFF[1]"), "a leading byte order mark is ignored");
    }

    @Test
    void parsesEscapes() {
        assertEquals("\"\\/\b\f\n\r\t é😀 \u0000", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t \\u00e9\\uD83D\\ude00 \\u0000\""));
        assertEquals("\ud800", Json.parse("\"\\ud800\""), "an escaped lone surrogate is kept");
        assertEquals("日本 😀", Json.parse("\"日本 😀\""));
    }

    @Test
    void malformedInputGivesLineAndColumn() {
        assertError("", "1:1", "expected a JSON value, found end of input");
        assertError("[1, 2,]", "1:7", "trailing comma before ']'");
        assertError("{\"a\":1,}", "1:8", "trailing comma before '}'");
        assertError("{\n  \"a\": 1\n  \"b\": 2\n}", "3:3", "expected ',' or '}' after an object member, found '\"'");
        assertError("[\r\n1,\r\n]", "3:1", "trailing comma");
        assertError("[01]", "1:3", "leading zeros");
        assertError("'a'", "1:1", "expected a JSON value, found '''");
        assertError("[1 2]", "1:4", "expected ',' or ']' after an array element, found '2'");
        assertError("\"abc", "1:5", "unterminated string");
        assertError("\"a\nb\"", "1:3", "control character U+000A must be escaped");
        assertError("\"\\x\"", "1:3", "invalid escape \\x");
        assertError("\"\\u12G4\"", "1:6", "\\u must be followed by 4 hex digits, found 'G'");
        assertError("\"\\u12", "1:6", "found end of input");
        assertError("tru", "1:1", "expected a JSON value");
        assertError("True", "1:1", "expected a JSON value, found 'T'");
        assertError("1.", "1:3", "expected a digit after the decimal point");
        assertError(".5", "1:1", "expected a JSON value");
        assertError("-", "1:2", "expected a digit after '-'");
        assertError("+1", "1:1", "expected a JSON value");
        assertError("1e", "1:3", "expected a digit in the exponent");
        assertError("1e400", "1:1", "too large for a double");
        assertError("[1] x", "1:5", "unexpected 'x' after the end of the JSON value");
        assertError("{} {}", "1:4", "unexpected '{'");
        assertError("{\"a\" 1}", "1:6", "expected ':' after the object key, found '1'");
        assertError("{a:1}", "1:2", "expected a string key in quotes, found 'a'");
        assertError("NaN", "1:1", "expected a JSON value, found 'N'");
        assertError("[", "1:2", "expected a JSON value, found end of input");
        assertError("[1,,2]", "1:4", "expected a JSON value, found ','");
        assertError("// comment\n1", "1:1", "found '/'");
        assertError("\u00a01", "1:1", "found U+00A0");
        assertError("\u200b1", "1:1", "found U+200B");
        assertError("[\ud800]", "1:2", "found U+D800");
        assertError("{\"a\":1,\n \"a\":2}", "2:2", "duplicate object key \"a\"");
        assertError("[\"x\ty\"]", "1:4", "control character U+0009");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, Json.parse(ok));
        assertTrue(error("[".repeat(100_000)).contains("nesting is deeper than 512 levels"));
        assertTrue(error("{\"a\":".repeat(100_000)).contains("nesting is deeper than 512 levels"));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        RnnlmException e = assertThrows(RnnlmException.class, () -> Json.write(cyclic));
        assertTrue(e.getMessage().contains("cyclic"), e.getMessage());
    }

    @Test
    void writesCompactJsonWithCorrectEscapes() {
        assertEquals("null", Json.write(null));
        assertEquals("[]", Json.write(List.of()));
        assertEquals("{}", Json.write(Map.of()));
        assertEquals("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\"", Json.write("\"\\/\b\f\n\r\t\u0001\u001f\u007f"));
        assertEquals("\"😀 é 日本\"", Json.write("😀 é 日本"), "non-ASCII, including non-BMP, is written as is");
        assertArrayEquals(new byte[] {'"', (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, '"'},
                Json.write("😀").getBytes(StandardCharsets.UTF_8));
        assertEquals("\"a\\ud800b\\udc00\"", Json.write("a\ud800b\udc00"), "lone surrogates are escaped");
        assertEquals("\"\\udc00\\ud800\"", Json.write("\udc00\ud800"), "reversed pair is two lone surrogates");
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", List.of(true, false));
        m.put("n", null);
        m.put("f", new float[] {0.1f, 1e-5f, -0f, 3e38f});
        m.put("d", new double[] {0.1, 1e300});
        m.put("i", new int[] {1, -2});
        m.put("l", new long[] {Long.MAX_VALUE});
        m.put("o", new Object[] {"x", 2L});
        m.put("big", new BigDecimal("1E+3"));
        assertEquals("{\"z\":1,\"a\":[true,false],\"n\":null,\"f\":[0.1,1.0E-5,-0.0,3.0E38],\"d\":[0.1,1.0E300],"
                + "\"i\":[1,-2],\"l\":[9223372036854775807],\"o\":[\"x\",2],\"big\":1E+3}", Json.write(m));
        assertEquals("0.1", Json.write(0.1f), "a Float is written with float precision");
        assertEquals("0.1", Json.write(0.1));
    }

    @Test
    void everyCharacterRoundTrips() {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c <= 0xffff; c++) {
            b.append((char) c);
        }
        b.append("😀𝄞");
        String s = b.toString();
        String json = Json.write(s);
        assertEquals(s, Json.parse(json));
        assertEquals(json, new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                "the output is valid UTF-8 even though the input has lone surrogates");
    }

    @Test
    void nestedStructureRoundTrips() {
        LinkedHashMap<String, Object> inner = new LinkedHashMap<>();
        inner.put("shape", List.of(2L, 3L));
        inner.put("data", List.of(List.of(0.5, -1.25, 3e-7), List.of(1e22, -0.0, 123456.789)));
        LinkedHashMap<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "tab\there \"quoted\" \\ 😀");
        doc.put("weights", Map.of("U", inner));
        doc.put("flags", List.of(true, false));
        doc.put("nothing", null);
        doc.put("count", 42L);
        assertEquals(doc, Json.parse(Json.write(doc)));
        assertEquals(Json.write(doc), Json.write(Json.parse(Json.write(doc))));
    }

    @Test
    void floatsAndDoublesRoundTripBitForBit() {
        SplittableRandom r = new SplittableRandom(42);
        float[] f = new float[200_000];
        double[] d = new double[200_000];
        for (int i = 0; i < f.length; i++) {
            do {
                f[i] = Float.intBitsToFloat(r.nextInt());
            } while (!Float.isFinite(f[i]));
            do {
                d[i] = Double.longBitsToDouble(r.nextLong());
            } while (!Double.isFinite(d[i]));
        }
        f[0] = Float.MIN_VALUE;
        f[1] = -Float.MAX_VALUE;
        f[2] = -0.0f;
        f[3] = 1.17549435E-38f;   // smallest normal
        d[0] = Double.MIN_VALUE;
        d[1] = -0.0;
        float[] fBack = Json.floats(Json.parse(Json.write(f)));
        double[] dBack = Json.doubles(Json.parse(Json.write(d)));
        for (int i = 0; i < f.length; i++) {
            assertEquals(Float.floatToRawIntBits(f[i]), Float.floatToRawIntBits(fBack[i]), "float " + f[i]);
            assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(dBack[i]), "double " + d[i]);
        }
    }

    @Test
    void nonFiniteNumbersAndUnsupportedValuesAreErrorsWithAJsonPath() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("loss", List.of(1.0, Double.NaN));
        RnnlmException e = assertThrows(RnnlmException.class, () -> Json.write(m));
        TestModels.assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot write JSON at $.loss[1]: NaN is not a JSON number"), e.getMessage());
        e = assertThrows(RnnlmException.class, () -> Json.write(Map.of("w", new float[] {1, 2, Float.POSITIVE_INFINITY})));
        assertTrue(e.getMessage().contains("$.w[2]: Infinity"), e.getMessage());
        e = assertThrows(RnnlmException.class, () -> Json.write(new double[] {Double.NEGATIVE_INFINITY}));
        assertTrue(e.getMessage().contains("$[0]: -Infinity"), e.getMessage());
        e = assertThrows(RnnlmException.class, () -> Json.write(Map.of(1, "x")));
        assertTrue(e.getMessage().contains("object key 1 is not a String"), e.getMessage());
        e = assertThrows(RnnlmException.class, () -> Json.write(List.of(new Object())));
        assertTrue(e.getMessage().contains("$[0]: a java.lang.Object cannot be written"), e.getMessage());
    }

    @Test
    void flatteningHelpers() {
        Object nested = Json.parse("[[1, 2.5], [3, 4]]");
        assertArrayEquals(new float[] {1, 2.5f, 3, 4}, Json.floats(nested));
        assertArrayEquals(new double[] {1, 2.5, 3, 4}, Json.doubles(nested));
        assertArrayEquals(new int[] {5, 8}, Json.ints(Json.parse("[5, 8.0]")));
        assertArrayEquals(new int[] {7}, Json.ints(7L));
        assertArrayEquals(new float[0], Json.floats(Json.parse("[[], []]")));
        RnnlmException e = assertThrows(RnnlmException.class, () -> Json.floats(Json.parse("[[1, 2], [3, \"x\"]]")));
        assertEquals("expected numbers at $[1][1]: found a string, not a number or a list of numbers", e.getMessage());
        e = assertThrows(RnnlmException.class, () -> Json.ints(Json.parse("[1, 2.5]")));
        assertTrue(e.getMessage().contains("element 1 (counting row-major) is 2.5, not an integer"), e.getMessage());
        e = assertThrows(RnnlmException.class, () -> Json.ints(Json.parse("[3000000000]")));
        assertTrue(e.getMessage().contains("not an integer in int range"), e.getMessage());
        assertThrows(RnnlmException.class, () -> Json.floats(Json.parse("{\"a\": 1}")));
        assertThrows(RnnlmException.class, () -> Json.floats(null));
    }

    @Test
    void tutorialFixtureHasTheExpectedShapes() {
        Map<?, ?> doc = (Map<?, ?>) Json.parse(FIXTURES.resolve("tutorial_rnn.json"));
        Map<?, ?> weights = (Map<?, ?>) doc.get("weights");
        Map<?, ?> u = (Map<?, ?>) weights.get("U");
        assertArrayEquals(new int[] {5, 8}, Json.ints(u.get("shape")));
        float[] data = Json.floats(u.get("data"));
        assertEquals(40, data.length);
        assertEquals(0.11907916457584644f, data[0]);
        assertArrayEquals(new int[] {8, 5}, Json.ints(((Map<?, ?>) weights.get("V")).get("shape")));
        assertArrayEquals(new int[] {0, 3, 5, 2, 7, 1, 4, 6, 2}, Json.ints(doc.get("x")));
        assertEquals(4L, doc.get("bptt_truncate"));
    }

    @Test
    void everyFixtureParsesAndItsTensorsMatchTheirShapes() throws IOException {
        int tensors = 0;
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                tensors += checkTensors(Json.parse(f), f + " $");
            }
        }
        assertTrue(tensors > 200, "only " + tensors + " tensors found");
    }

    private static int checkTensors(Object v, String where) {
        int n = 0;
        if (v instanceof Map<?, ?> m) {
            if (m.containsKey("shape") && m.containsKey("data")) {
                long product = 1;
                for (int d : Json.ints(m.get("shape"))) {
                    product *= d;
                }
                assertEquals(product, Json.floats(m.get("data")).length, where);
                n++;
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += checkTensors(e.getValue(), where + "." + e.getKey());
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                n += checkTensors(o, where + "[]");
            }
        }
        return n;
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\n  \"a\": [1, 2,]\n}\n");
        RnnlmException e = assertThrows(RnnlmException.class, () -> Json.parse(bad));
        assertEquals("invalid JSON in " + bad + " at 2:14: trailing comma before ']' is not allowed", e.getMessage());
        e = assertThrows(RnnlmException.class, () -> Json.parse(dir.resolve("missing.json")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, new byte[] {'"', (byte) 0xe9, '"'});
        e = assertThrows(RnnlmException.class, () -> Json.parse(latin1));
        assertTrue(e.getMessage().contains("is not UTF-8 text"), e.getMessage());
    }

    @Test
    void parses100KilobytesOfFloatArraysInAFewMilliseconds() {
        SplittableRandom r = new SplittableRandom(3);
        LinkedHashMap<String, Object> doc = new LinkedHashMap<>();
        int size = 0;
        for (int t = 0; size < 100_000; t++) {
            double[] data = new double[500];
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextGaussian() * 0.1;
            }
            LinkedHashMap<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("shape", new int[] {20, 25});
            tensor.put("data", data);
            doc.put("w" + t, tensor);
            size = Json.write(doc).length();
        }
        String json = Json.write(doc);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 60; round++) {
            long t0 = System.nanoTime();
            Object parsed = Json.parse(json);
            best = Math.min(best, System.nanoTime() - t0);
            assertFalse(((Map<?, ?>) parsed).isEmpty());
        }
        System.out.printf("Json: parse %d KB of float arrays, best of 60: %.2f ms%n", json.length() / 1000, best / 1e6);
        // typically 1-3 ms once warm; the bound leaves room for a loaded 2-core machine
        assertTrue(best < 50_000_000L, "parsing 100 KB took " + best / 1e6 + " ms");
    }
}
