/*
 * SentenceSplitter: cuts one document into sentences, before tokenization.
 *
 * Contract: split(text) returns the sentences in order; joined they cover every non-space
 * character of the text. Three modes, named as in --sentence-split and model files:
 *  - PUNKT ("punkt"): an approximation of nltk.sent_tokenize (the pretrained Punkt model) as the
 *    tutorial used it on lower-cased comments. A boundary follows a run of . ! ? (and any closing
 *    quotes or brackets right after it) when whitespace follows. A run with ! or ? always ends a
 *    sentence. A single period does not after a known abbreviation (mr. e.g. etc. u.s. ...), a
 *    single letter (an initial), or a dotted acronym; after a number ("in 2015.") or an ellipsis it
 *    ends a sentence only when the next word is capitalized, since Punkt's orthographic heuristic
 *    rejects lower-case sentence starters there. "3.5" never splits (no whitespace). Like Punkt, line
 *    breaks alone are not boundaries. Sentences are trimmed; empty ones are dropped.
 *  - REGEX ("regex"): exactly Python's re.split(r'(?<=[.!?])\s+', text, flags=re.ASCII), the
 *    benchmark's splitter: pieces are not trimmed and may be empty (the tokenizer drops those).
 *  - NONE ("none"): the whole text is one sentence.
 */
package org.rnnlm4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.rnnlm4j.RnnlmException;

public enum SentenceSplitter {
    PUNKT("punkt"),
    REGEX("regex"),
    NONE("none");

    /** Abbreviations (lower case, without the final period) after which a period never ends a sentence. */
    static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "u.s", "u.k",
            "a.m", "p.m", "ph.d", "inc", "ltd", "corp", "vol", "approx", "dept", "fig", "cf", "ft", "mt",
            "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

    private final String configName;

    SentenceSplitter(String configName) {
        this.configName = configName;
    }

    /** The name used by --sentence-split and in model files. */
    public String configName() {
        return configName;
    }

    /** The splitter called {@code name}; RnnlmException for an unknown name. */
    public static SentenceSplitter named(String name) {
        for (SentenceSplitter s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        throw new RnnlmException("unknown sentence splitter \"" + name + "\": use one of punkt, regex, none");
    }

    /** The sentences of {@code text}. */
    public List<String> split(String text) {
        switch (this) {
            case PUNKT:
                return splitPunkt(text);
            case REGEX:
                return splitRegex(text);
            default:
                return List.of(text);
        }
    }

    /** re.split(r'(?<=[.!?])\s+', text, flags=re.ASCII). */
    private static List<String> splitRegex(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int n = text.length();
        int i = 1;
        while (i < n) {
            if (PythonChars.isAsciiSpace(text.charAt(i)) && isTerminator(text.charAt(i - 1))) {
                int end = i;
                while (i < n && PythonChars.isAsciiSpace(text.charAt(i))) {
                    i++;
                }
                pieces.add(text.substring(start, end));
                start = i;
            } else {
                i++;
            }
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    private static List<String> splitPunkt(String text) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isTerminator(text.charAt(i))) {
                i++;
                continue;
            }
            int runStart = i;
            while (i < n && isTerminator(text.charAt(i))) {
                i++;
            }
            int runEnd = i;
            while (i < n && isCloser(text.charAt(i))) {
                i++;
            }
            if (i < n && PythonChars.isSpace(text.codePointAt(i)) && endsSentence(text, runStart, runEnd, i)) {
                addTrimmed(sentences, text.substring(start, i));
                start = i;
            }
        }
        addTrimmed(sentences, text.substring(start));
        return sentences;
    }

    /** Whether the terminator run text[runStart, runEnd) followed by whitespace at {@code next} ends a sentence. */
    private static boolean endsSentence(String text, int runStart, int runEnd, int next) {
        String run = text.substring(runStart, runEnd);
        if (run.indexOf('!') >= 0 || run.indexOf('?') >= 0) {
            return true;
        }
        boolean nextCapitalized = nextWordCapitalized(text, next);
        if (run.length() > 1) { // an ellipsis
            return nextCapitalized;
        }
        String word = wordBefore(text, runStart).toLowerCase(Locale.ROOT);
        if (word.isEmpty()) {
            return true; // a lone period
        }
        if (ABBREVIATIONS.contains(word) || isInitialOrAcronym(word)) {
            return false;
        }
        if (isNumber(word)) {
            return nextCapitalized;
        }
        return true;
    }

    /** The non-space text before {@code end}, without opening quotes or brackets. */
    private static String wordBefore(String text, int end) {
        int start = end;
        while (start > 0 && !PythonChars.isSpace(text.codePointBefore(start))) {
            start -= Character.charCount(text.codePointBefore(start));
        }
        while (start < end && "\"'([{`\u201c\u2018\u00ab".indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        return text.substring(start, end);
    }

    /** "j", "u.s", "u.s.a": single letters separated by periods. */
    private static boolean isInitialOrAcronym(String word) {
        for (int i = 0; i < word.length(); i++) {
            boolean letterPosition = i % 2 == 0;
            char c = word.charAt(i);
            if (letterPosition ? !Character.isLetter(c) : c != '.') {
                return false;
            }
        }
        return word.length() % 2 == 1;
    }

    /** Punkt's number type: -?[.,]?\d[\d,.-]* (the final period already removed). */
    private static boolean isNumber(String word) {
        return word.matches("-?[.,]?\\d[\\d,.-]*");
    }

    private static boolean nextWordCapitalized(String text, int from) {
        int i = from;
        while (i < text.length() && (PythonChars.isSpace(text.codePointAt(i)) || "\"'([{`".indexOf(text.charAt(i)) >= 0)) {
            i++;
        }
        return i < text.length() && Character.isUpperCase(text.codePointAt(i));
    }

    private static boolean isTerminator(char c) {
        return c == '.' || c == '!' || c == '?';
    }

    private static boolean isCloser(char c) {
        return "\"')]}\u201d\u2019\u00bb".indexOf(c) >= 0;
    }

    private static void addTrimmed(List<String> sentences, String sentence) {
        String trimmed = sentence.strip();
        if (!trimmed.isEmpty()) {
            sentences.add(trimmed);
        }
    }
}
