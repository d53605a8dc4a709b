/*
 * JsonParser: the strict RFC 8259 parser behind Json.parse.
 *
 * Contract: one pass over the characters, no regular expressions, no intermediate token objects.
 * Produces LinkedHashMap / ArrayList / String / Long / Double / Boolean / null exactly as
 * documented on Json.parse. Any deviation from RFC 8259 (trailing commas, comments, single quotes,
 * leading zeros, unescaped control characters, bad escapes, NaN, trailing content) and a duplicate
 * object key throw a one-line RnnlmException "invalid JSON at LINE:COLUMN: ..." (1-based; columns
 * count UTF-16 chars). Nesting is limited to Json.MAX_DEPTH so a hostile input cannot overflow the
 * stack.
 */
package org.rnnlm4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnlm4j.RnnlmException;

final class JsonParser {
    private final String s;
    private final String source;   // "" or " in FILE", for messages
    private final int n;
    private int i;

    private JsonParser(String s, String source) {
        this.s = s;
        this.source = source;
        this.n = s.length();
    }

    static Object parse(String text, String source) {
        JsonParser p = new JsonParser(text, source);
        if (p.n > 0 && text.charAt(0) == '\uFEFF') {
            p.i = 1;   // RFC 8259 section 8.1: a parser MAY ignore a byte order mark
        }
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i < p.n) {
            throw p.error("unexpected " + p.found() + " after the end of the JSON value");
        }
        return v;
    }

    private Object value(int depth) {
        if (i >= n) {
            throw error("expected a JSON value, found end of input");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected a JSON value, found " + found());
        }
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        i++;
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        ws();
        if (i < n && s.charAt(i) == '}') {
            i++;
            return map;
        }
        while (true) {
            if (i >= n || s.charAt(i) != '"') {
                throw error("expected a string key in quotes, found " + found());
            }
            int keyAt = i;
            String key = string();
            ws();
            expect(':', "after the object key");
            ws();
            Object v = value(depth);
            if (map.containsKey(key)) {
                i = keyAt;
                throw error("duplicate object key \"" + Errors.oneLine(key) + "\"");
            }
            map.put(key, v);
            ws();
            if (i < n && s.charAt(i) == '}') {
                i++;
                return map;
            }
            expect(',', "or '}' after an object member");
            ws();
            if (i < n && s.charAt(i) == '}') {
                throw error("trailing comma before '}' is not allowed");
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        i++;
        ArrayList<Object> list = new ArrayList<>();
        ws();
        if (i < n && s.charAt(i) == ']') {
            i++;
            return list;
        }
        while (true) {
            list.add(value(depth));
            ws();
            if (i < n && s.charAt(i) == ']') {
                i++;
                return list;
            }
            expect(',', "or ']' after an array element");
            ws();
            if (i < n && s.charAt(i) == ']') {
                throw error("trailing comma before ']' is not allowed");
            }
        }
    }

    private String string() {
        int start = ++i;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return s.substring(start, i++);
            }
            if (c == '\\') {
                return escapedString(start);
            }
            if (c < 0x20) {
                throw error("control character " + found() + " must be escaped inside a string");
            }
            i++;
        }
        throw error("unterminated string (missing closing '\"')");
    }

    private String escapedString(int start) {
        StringBuilder b = new StringBuilder(i - start + 16).append(s, start, i);
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                return b.toString();
            }
            if (c < 0x20) {
                throw error("control character " + found() + " must be escaped inside a string");
            }
            if (c != '\\') {
                b.append(c);
                i++;
                continue;
            }
            if (++i >= n) {
                break;
            }
            char e = s.charAt(i);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int d = i + k < n ? Character.digit(s.charAt(i + k), 16) : -1;
                        if (d < 0) {
                            i += k;
                            throw error("\\u must be followed by 4 hex digits, found " + found());
                        }
                        code = code * 16 + d;
                    }
                    b.append((char) code);
                    i += 4;
                }
                default -> throw error("invalid escape \\" + found().replace("'", "") + " in a string");
            }
            i++;
        }
        throw error("unterminated string (missing closing '\"')");
    }

    private Object number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        if (i < n && s.charAt(i) == '0') {
            i++;
            if (i < n && isDigit(s.charAt(i))) {
                throw error("leading zeros are not allowed in numbers");
            }
        } else {
            digits("after '-'");
        }
        boolean integral = true;
        if (i < n && s.charAt(i) == '.') {
            i++;
            digits("after the decimal point");
            integral = false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            digits("in the exponent");
            integral = false;
        }
        if (integral && i - start <= 18) {
            return Long.parseLong(s, start, i, 10);
        }
        if (integral) {
            try {
                return Long.parseLong(s, start, i, 10);
            } catch (NumberFormatException e) {
                // beyond the long range: fall through to double
            }
        }
        double d = Double.parseDouble(s.substring(start, i));
        if (Double.isInfinite(d)) {
            int end = i;
            i = start;
            throw error("number " + s.substring(start, end) + " is too large for a double");
        }
        return d;
    }

    private void digits(String where) {
        int start = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw error("expected a digit " + where + ", found " + found());
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw error("expected a JSON value, found " + found());
        }
        i += word.length();
    }

    private void expect(char c, String context) {
        if (i >= n || s.charAt(i) != c) {
            throw error("expected '" + c + "' " + context + ", found " + found());
        }
        i++;
    }

    private void ws() {
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    private void checkDepth(int depth) {
        if (depth > Json.MAX_DEPTH) {
            throw error("nesting is deeper than " + Json.MAX_DEPTH + " levels");
        }
    }

    private String found() {
        if (i >= n) {
            return "end of input";
        }
        int cp = s.codePointAt(i);
        int type = Character.getType(cp);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || type == Character.FORMAT || type == Character.SURROGATE || type == Character.UNASSIGNED) {
            return String.format("U+%04X", cp);
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    private RnnlmException error(String message) {
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < i && k < n; k++) {
            if (s.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return new RnnlmException("invalid JSON" + source + " at " + line + ":" + (i - lineStart + 1) + ": "
                + Errors.oneLine(message));
    }
}
