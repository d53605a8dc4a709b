/*
 * JsonBody: a request body — strict UTF-8, one JSON object (Json.parse) — with typed access to its
 * fields. Every way a body can be wrong is an HttpError 400 whose message names the field and says
 * what was expected: not UTF-8, not JSON, not an object, a field the endpoint does not know, a
 * value of the wrong type. A field given as null counts as absent (its default applies).
 *
 * Types: integers are JSON numbers without fraction or exponent (2, not 2.0); numbers are any JSON
 * number; strings, booleans and lists of strings are what they say.
 */
package org.rnnlm4j.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.Json;

final class JsonBody {
    private final Map<?, ?> fields;

    private JsonBody(Map<?, ?> fields) {
        this.fields = fields;
    }

    /** The body of a request to endpoint ("POST /score"); fields must all be among allowed. */
    static JsonBody parse(byte[] bytes, String endpoint, Set<String> allowed) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.bad("the body of " + endpoint + " is not UTF-8 text: send JSON encoded as UTF-8");
        }
        if (text.isBlank()) {
            throw HttpError.bad(endpoint + " needs a JSON object in the body, e.g. " + example(allowed));
        }
        Object value;
        try {
            value = Json.parse(text);
        } catch (RnnlmException e) {
            throw HttpError.bad("the body of " + endpoint + " is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw HttpError.bad("the body of " + endpoint + " must be a JSON object, found " + describe(value)
                    + "; e.g. " + example(allowed));
        }
        for (Object key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw HttpError.bad("unknown field " + Json.write(key) + " for " + endpoint + ": its fields are "
                        + String.join(", ", allowed));
            }
        }
        return new JsonBody(m);
    }

    private static String example(Set<String> allowed) {
        return "{\"" + allowed.iterator().next() + "\": ...}";
    }

    /** Whether the field is given (and not null). */
    boolean has(String name) {
        return fields.get(name) != null;
    }

    String string(String name, String otherwise) {
        return typed(name, String.class, "a string", otherwise);
    }

    List<String> strings(String name) {
        List<?> list = typed(name, List.class, "a list of strings", List.of());
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw wrongType(name + "[" + i + "]", "a string", list.get(i));
            }
            out.add(s);
        }
        return out;
    }

    int integer(String name, int otherwise) {
        Long v = longInteger(name);
        if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            throw wrongType(name, "an integer in int range", v);
        }
        return v == null ? otherwise : (int) (long) v;
    }

    Long longInteger(String name) {
        return typed(name, Long.class, "an integer (no decimal point)", null);
    }

    double number(String name, double otherwise) {
        return typed(name, Number.class, "a number", otherwise).doubleValue();
    }

    boolean bool(String name, boolean otherwise) {
        return typed(name, Boolean.class, "true or false", otherwise);
    }

    /** The field as a T (otherwise when absent or null); a 400 naming the field when it is something else. */
    private <T> T typed(String name, Class<T> type, String expected, T otherwise) {
        Object v = fields.get(name);
        if (v == null) {
            return otherwise;
        }
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        throw wrongType(name, expected, v);
    }

    private static HttpError wrongType(String name, String expected, Object found) {
        return HttpError.bad("field \"" + name + "\" must be " + expected + ", found " + describe(found));
    }

    private static String describe(Object v) {
        String shown = Json.write(v);
        shown = shown.length() <= 40 ? shown : shown.substring(0, 37) + "...";
        String kind = v instanceof String ? "a string " : v instanceof Boolean ? "a boolean " : v instanceof Map ? "an object "
                : v instanceof List ? "an array " : "";
        return kind + shown;
    }
}
