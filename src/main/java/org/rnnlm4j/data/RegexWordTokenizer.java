/*
 * RegexWordTokenizer ("regex"): the benchmark's tokenizer, reproduced exactly.
 *
 * Contract: the tokens of Python's re.findall(r"\w+(?:'\w+)*|[^\w\s]", s, re.ASCII), where
 * \w = [A-Za-z0-9_] and \s = [ \t\n\r\f\v]. So "don't" is one token, every other punctuation mark
 * is a token of its own, and every non-ASCII character (an accented letter, an emoji) is a
 * one-code-point token of its own. Written as a scanner rather than a java.util.regex pattern so
 * that the code-point and ASCII semantics are explicit.
 */
package org.rnnlm4j.data;

import java.util.ArrayList;
import java.util.List;

public final class RegexWordTokenizer implements Tokenizer {

    public static final RegexWordTokenizer INSTANCE = new RegexWordTokenizer();

    @Override
    public List<String> tokenize(String sentence) {
        List<String> tokens = new ArrayList<>();
        int n = sentence.length();
        int i = 0;
        while (i < n) {
            int cp = sentence.codePointAt(i);
            if (PythonChars.isAsciiWord(cp)) {
                int end = skipWord(sentence, i);
                // (?:'\w+)*  -- an apostrophe continues the token only if a word character follows
                while (end + 1 < n && sentence.charAt(end) == '\'' && PythonChars.isAsciiWord(sentence.charAt(end + 1))) {
                    end = skipWord(sentence, end + 1);
                }
                tokens.add(sentence.substring(i, end));
                i = end;
            } else if (PythonChars.isAsciiSpace(cp)) {
                i++;
            } else {
                int width = Character.charCount(cp);
                tokens.add(sentence.substring(i, i + width));
                i += width;
            }
        }
        return tokens;
    }

    private static int skipWord(String s, int from) {
        int i = from;
        while (i < s.length() && PythonChars.isAsciiWord(s.charAt(i))) {
            i++;
        }
        return i;
    }

    @Override
    public String name() {
        return "regex";
    }
}
