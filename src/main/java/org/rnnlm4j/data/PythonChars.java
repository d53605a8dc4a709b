/*
 * PythonChars: the character classes of the Python reference code, by code point.
 *
 * Contract: isAsciiWord / isAsciiSpace are \w and \s of Python's re module with re.ASCII
 * ([A-Za-z0-9_] and [ \t\n\r\f\v]); isSpace is Python's str.isspace(), which str.split() and \s
 * without re.ASCII use (Unicode White_Space plus the separators U+001C..U+001F).
 */
package org.rnnlm4j.data;

import java.util.ArrayList;
import java.util.List;

final class PythonChars {

    private PythonChars() {
    }

    static boolean isAsciiWord(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    }

    static boolean isAsciiSpace(int cp) {
        return cp == ' ' || (cp >= '\t' && cp <= '\r'); // \t \n \v \f \r
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** Python's str.split() with no argument: runs of isSpace separate, no empty strings. */
    static List<String> splitOnSpace(String s) {
        List<String> parts = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(s.codePointAt(i))) {
                i += Character.charCount(s.codePointAt(i));
            }
            int start = i;
            while (i < n && !isSpace(s.codePointAt(i))) {
                i += Character.charCount(s.codePointAt(i));
            }
            if (i > start) {
                parts.add(s.substring(start, i));
            }
        }
        return parts;
    }
}
