/*
 * Json: rnnlm4j's small, dependency-free JSON reader and writer (fixtures, --json output, server).
 *
 * Contract:
 *  - parse() is strict RFC 8259 (see JsonParser) and returns: objects as LinkedHashMap<String,Object>
 *    in document order; arrays as ArrayList<Object>; strings as String; numbers WITHOUT fraction or
 *    exponent that fit in a long as Long (so "-0" is Long 0), every other number as Double
 *    ("1.0", "1e2", and integers beyond the long range); true/false as Boolean; null as null.
 *    Duplicate keys and numbers beyond the double range are errors. A leading byte order mark is
 *    ignored. Escaped lone surrogates (\ud800) are kept as they are. Errors are one-line
 *    RnnlmExceptions "invalid JSON at LINE:COLUMN: ...".
 *  - write() produces compact JSON (no spaces) for Map (String keys), Collection, Object[],
 *    String, Boolean, null, Number and float[]/double[]/int[]/long[]. Floats and doubles are written
 *    with Float.toString / Double.toString, which always read back to the same value (and, from
 *    JDK 19 on, are the shortest such strings); a Float is written with float precision, so 0.1f is
 *    "0.1", not "0.10000000149011612". NaN and infinities are an error (a one-line RnnlmException
 *    naming the JSON path, e.g. "$.loss[3]"), never silently null. Escaping: quote, backslash and
 *    control characters (\n, \t, ..., else \\u00XX); lone surrogates as \\uXXXX so the output
 *    is always valid UTF-8; everything else, including non-BMP characters, is written as is.
 *  - floats()/doubles()/ints() flatten a number or nested lists of numbers in row-major order.
 */
package org.rnnlm4j.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.rnnlm4j.RnnlmException;

public final class Json {
    private Json() {
    }

    /** Deepest nesting of arrays/objects that parse() and write() accept. */
    public static final int MAX_DEPTH = 512;

    /** Parses one JSON value (see the class comment for the Java types returned). */
    public static Object parse(String text) {
        return JsonParser.parse(text, "");
    }

    /** Reads a UTF-8 file and parses it; errors name the file. */
    public static Object parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new RnnlmException("JSON file " + Errors.show(file) + " does not exist; check the path");
        } catch (MalformedInputException e) {
            throw new RnnlmException(Errors.show(file) + " is not UTF-8 text, so it cannot be JSON; check the file");
        } catch (IOException e) {
            throw new RnnlmException("cannot read JSON file " + Errors.show(file) + ": " + Errors.reason(e));
        }
        return JsonParser.parse(text, " in " + Errors.show(file));
    }

    /** Writes a value as compact JSON. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        try {
            JsonWriter.value(b, value, 0);
        } catch (JsonWriter.PathError e) {
            throw new RnnlmException("cannot write JSON at " + e.path() + ": " + e.getMessage());
        }
        return b.toString();
    }

    /** A number or (nested) list of numbers, flattened to float[] in row-major order. */
    public static float[] floats(Object listOrNested) {
        double[] d = doubles(listOrNested);
        float[] f = new float[d.length];
        for (int k = 0; k < d.length; k++) {
            f[k] = (float) d[k];
        }
        return f;
    }

    /** A number or (nested) list of numbers, flattened to double[] in row-major order. */
    public static double[] doubles(Object listOrNested) {
        return flatten(listOrNested, false);
    }

    /** Integers (Long, or Double with an integral value) in int range, flattened in row-major order. */
    public static int[] ints(Object listOrNested) {
        double[] d = flatten(listOrNested, true);
        int[] out = new int[d.length];
        for (int k = 0; k < d.length; k++) {
            out[k] = (int) d[k];
        }
        return out;
    }

    private static double[] flatten(Object v, boolean integers) {
        try {
            double[] out = new double[count(v, 0)];
            fill(v, out, 0, integers);
            return out;
        } catch (JsonWriter.PathError e) {
            throw new RnnlmException("expected " + (integers ? "integers" : "numbers") + " at " + e.path() + ": "
                    + e.getMessage());
        }
    }

    private static int count(Object v, int depth) {
        if (v instanceof Number) {
            return 1;
        }
        if (v instanceof Collection<?> c && depth < MAX_DEPTH) {
            int total = 0;
            int k = 0;
            for (Object e : c) {
                try {
                    total = Math.addExact(total, count(e, depth + 1));
                } catch (JsonWriter.PathError err) {
                    err.path.insert(0, "[" + k + "]");
                    throw err;
                }
                k++;
            }
            return total;
        }
        throw new JsonWriter.PathError("found " + (v == null ? "null" : v instanceof String ? "a string"
                : v instanceof Map ? "an object" : v instanceof Boolean ? "a boolean"
                : "a " + v.getClass().getSimpleName()) + ", not a number or a list of numbers");
    }

    private static int fill(Object v, double[] out, int at, boolean integers) {
        if (v instanceof Number num) {
            double d = num.doubleValue();
            if (integers && (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE)) {
                throw new JsonWriter.PathError("element " + at + " (counting row-major) is " + num
                        + ", not an integer in int range");
            }
            out[at] = d;
            return at + 1;
        }
        for (Object e : (Collection<?>) v) {
            at = fill(e, out, at, integers);
        }
        return at;
    }

    /** The recursive writer; PathError carries the JSON path of the offending value outwards. */
    private static final class JsonWriter {
        static final class PathError extends RuntimeException {
            private static final long serialVersionUID = 1L;
            private final StringBuilder path = new StringBuilder();

            PathError(String message) {
                super(message, null, false, false);
            }

            String path() {
                return "$" + path;
            }
        }

        static void value(StringBuilder b, Object v, int depth) {
            if (depth > MAX_DEPTH) {
                throw new PathError("nesting is deeper than " + MAX_DEPTH + " levels (is the structure cyclic?)");
            }
            if (v == null) {
                b.append("null");
            } else if (v instanceof String s) {
                string(b, s);
            } else if (v instanceof Boolean) {
                b.append(v);
            } else if (v instanceof Float f) {
                b.append(finite(f, Float.toString(f)));
            } else if (v instanceof Double d) {
                b.append(finite(d, Double.toString(d)));
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                    || v instanceof BigInteger) {
                b.append(v);
            } else if (v instanceof BigDecimal d) {
                b.append(d.toString());
            } else if (v instanceof Number num) {
                b.append(finite(num.doubleValue(), Double.toString(num.doubleValue())));
            } else if (v instanceof Map<?, ?> m) {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new PathError("object key " + e.getKey() + " is not a String");
                    }
                    b.append(first ? "" : ",");
                    first = false;
                    string(b, key);
                    b.append(':');
                    try {
                        value(b, e.getValue(), depth + 1);
                    } catch (PathError err) {
                        err.path.insert(0, "." + key);
                        throw err;
                    }
                }
                b.append('}');
            } else if (v instanceof Collection<?> c) {
                elements(b, c.toArray(), depth);
            } else if (v instanceof Object[] a) {
                elements(b, a, depth);
            } else if (v instanceof float[] a) {
                b.append('[');
                for (int k = 0; k < a.length; k++) {
                    b.append(k == 0 ? "" : ",").append(finiteAt(a[k], Float.toString(a[k]), k));
                }
                b.append(']');
            } else if (v instanceof double[] a) {
                b.append('[');
                for (int k = 0; k < a.length; k++) {
                    b.append(k == 0 ? "" : ",").append(finiteAt(a[k], Double.toString(a[k]), k));
                }
                b.append(']');
            } else if (v instanceof int[] a) {
                b.append('[');
                for (int k = 0; k < a.length; k++) {
                    b.append(k == 0 ? "" : ",").append(a[k]);
                }
                b.append(']');
            } else if (v instanceof long[] a) {
                b.append('[');
                for (int k = 0; k < a.length; k++) {
                    b.append(k == 0 ? "" : ",").append(a[k]);
                }
                b.append(']');
            } else {
                throw new PathError("a " + v.getClass().getName() + " cannot be written as JSON");
            }
        }

        private static void elements(StringBuilder b, Object[] a, int depth) {
            b.append('[');
            for (int k = 0; k < a.length; k++) {
                b.append(k == 0 ? "" : ",");
                try {
                    value(b, a[k], depth + 1);
                } catch (PathError err) {
                    err.path.insert(0, "[" + k + "]");
                    throw err;
                }
            }
            b.append(']');
        }

        private static String finite(double d, String text) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new PathError(text + " is not a JSON number: JSON has no NaN or Infinity "
                        + "(replace it with null or a string before writing)");
            }
            return text;
        }

        private static String finiteAt(double d, String text, int k) {
            try {
                return finite(d, text);
            } catch (PathError err) {
                err.path.insert(0, "[" + k + "]");
                throw err;
            }
        }

        private static void string(StringBuilder b, String s) {
            b.append('"');
            int run = 0;
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                String esc = null;
                if (c == '"') {
                    esc = "\\\"";
                } else if (c == '\\') {
                    esc = "\\\\";
                } else if (c < 0x20) {
                    esc = switch (c) {
                        case '\n' -> "\\n";
                        case '\t' -> "\\t";
                        case '\r' -> "\\r";
                        case '\b' -> "\\b";
                        case '\f' -> "\\f";
                        default -> String.format("\\u%04x", (int) c);
                    };
                } else if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                    k++;   // a valid pair: keep both chars as they are
                    continue;
                } else if (Character.isSurrogate(c)) {
                    esc = String.format("\\u%04x", (int) c);
                }
                if (esc != null) {
                    b.append(s, run, k).append(esc);
                    run = k + 1;
                }
            }
            b.append(s, run, s.length()).append('"');
        }
    }
}
