/*
 * TreebankWordTokenizer ("nltk"): Penn Treebank word tokenization as NLTK's word_tokenize does it.
 *
 * Contract: tokenize(sentence) gives the tokens NLTK's NLTKWordTokenizer (the improved Treebank
 * tokenizer behind nltk.word_tokenize, as of NLTK 3.9) gives for one sentence: punctuation split off;
 * clitics split ("don't" -> do n't, "can't" -> ca n't, "I'm" -> I 'm, 's 're 've 'll 'd);
 * "cannot" -> can not, "gonna" -> gon na; double quotes become `` and ''; only the
 * sentence-final period is split off, so "3.5", "u.s." and "Dr." inside a sentence stay whole;
 * runs of two or more periods are one token. It is the same cascade of regular-expression
 * rewrites, applied in the same order, with Python's Unicode \w \d \s \b semantics; the input
 * should be one sentence (see SentenceSplitter), as word_tokenize splits sentences first.
 */
package org.rnnlm4j.data;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class TreebankWordTokenizer implements Tokenizer {

    public static final TreebankWordTokenizer INSTANCE = new TreebankWordTokenizer();

    /** Python's Unicode \s (str.isspace) is Java's Unicode \s plus the separators U+001C..U+001F. */
    private static final String SPACE = "[\\s\\x1c-\\x1f]";

    /** Closing quotes and brackets that may follow a sentence-final period. */
    private static final String CLOSERS = "[\\])}>\"'\u00bb\u201d\u2019 ]";

    private record Rewrite(Pattern pattern, String replacement) {
        String apply(String text) {
            Matcher m = pattern.matcher(text);
            return m.find() ? m.replaceAll(replacement) : text;
        }
    }

    private static Rewrite rewrite(String regex, String replacement) {
        // UNICODE_CHARACTER_CLASS: \w \d \s \b as in Python 3 str patterns; UNIX_LINES: $ as in Python
        return new Rewrite(Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES), replacement);
    }

    private static final List<Rewrite> STARTING_QUOTES = List.of(
            rewrite("([\u00ab\u201c\u2018\u201e]|`+)", " $1 "),
            rewrite("^\"", "``"),
            rewrite("(``)", " $1 "),
            rewrite("([ (\\[{<])(\"|'{2})", "$1 `` "),
            // an opening single quote before a word that is not a clitic: 'hello -> ' hello
            rewrite("(?i)(?<!\\w)(')(?!(?:re|ve|ll|m|t|s|d|n)\\b)(?=\\w)", "$1 "));

    private static final List<Rewrite> PUNCTUATION = List.of(
            rewrite("([^.])(\\.)(" + CLOSERS + "*)" + SPACE + "*$", "$1 $2 $3 "), // final period
            rewrite("([:,])([^\\d])", " $1 $2"), // comma or colon not inside a number
            rewrite("([:,])$", " $1 "),
            rewrite("\\.{2,}", " $0 "), // ellipsis
            rewrite("[;@#$%&]", " $0 "),
            rewrite("[\u2012-\u2015]", " $0 "), // figure dash, en dash, em dash, horizontal bar
            rewrite("([^.])(\\.)([\\])}>\"']*)" + SPACE + "*$", "$1 $2$3 "), // final period
            rewrite("[?!]", " $0 "),
            rewrite("([^'])' ", "$1 ' "),
            rewrite("[*]", " $0 "));

    private static final Rewrite PARENS_BRACKETS = rewrite("[\\]\\[(){}<>]", " $0 ");

    private static final Rewrite DOUBLE_DASHES = rewrite("--", " -- ");

    private static final List<Rewrite> ENDING_QUOTES = List.of(
            rewrite("([\u00bb\u201d\u2019])", " $1 "),
            rewrite("''", " '' "),
            rewrite("\"", " '' "),
            rewrite(SPACE + "+", " "),
            rewrite("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 "),
            rewrite("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 "));

    /** Robert MacIntyre's contractions, split into their two parts. */
    private static final List<Rewrite> CONTRACTIONS = List.of(
            rewrite("(?i)\\b(can)(not)\\b", " $1 $2 "),
            rewrite("(?i)\\b(d)('ye)\\b", " $1 $2 "),
            rewrite("(?i)\\b(gim)(me)\\b", " $1 $2 "),
            rewrite("(?i)\\b(gon)(na)\\b", " $1 $2 "),
            rewrite("(?i)\\b(got)(ta)\\b", " $1 $2 "),
            rewrite("(?i)\\b(lem)(me)\\b", " $1 $2 "),
            rewrite("(?i)\\b(more)('n)\\b", " $1 $2 "),
            rewrite("(?i)\\b(wan)(na)(?=" + SPACE + ")", " $1 $2 "),
            rewrite("(?i) ('t)(is)\\b", " $1 $2 "),
            rewrite("(?i) ('t)(was)\\b", " $1 $2 "));

    @Override
    public List<String> tokenize(String sentence) {
        String text = sentence;
        text = applyAll(STARTING_QUOTES, text);
        text = applyAll(PUNCTUATION, text);
        text = PARENS_BRACKETS.apply(text);
        text = DOUBLE_DASHES.apply(text);
        text = " " + text + " ";
        text = applyAll(ENDING_QUOTES, text);
        text = applyAll(CONTRACTIONS, text);
        return PythonChars.splitOnSpace(text);
    }

    private static String applyAll(List<Rewrite> rewrites, String text) {
        for (Rewrite r : rewrites) {
            text = r.apply(text);
        }
        return text;
    }

    @Override
    public String name() {
        return "nltk";
    }
}
