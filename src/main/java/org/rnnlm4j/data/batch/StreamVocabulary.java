/*
 * StreamVocabulary: the immutable mapping between stream-mode symbols and ids, in an order fixed by
 * how it was built, with or without an unknown symbol.
 *
 * Contract: ids are 0..size()-1, symbols are distinct and non-empty. Builders reproduce the
 * benchmarks (../shared/bench/README.md) exactly:
 *   sorted(symbols)            Python's sorted(set(...)): code point by code point (char bench: 65)
 *   firstAppearance(seqs)      {w: i} in first-appearance order over the sequences in turn
 *                              (word bench: PTB valid then test, "<eos>" included: 7596)
 *   build(level, texts)        the benchmark's vocabulary of whole texts at a level (one of the two above)
 *   of(symbols, unknown)       a stored symbol list in its order, e.g. from a model file
 *   from(Vocabulary)           the tutorial's frequency-ordered vocabulary (UNKNOWN_TOKEN as unknown)
 * Unseen symbols: with an unknown symbol, id() maps any symbol it does not hold to unknownId(). The
 * benchmark vocabularies have none (unknownId() == NO_UNKNOWN): then id() and encode() throw a
 * one-line RnnlmException naming the symbol (escaped, with its code point) and its position, and
 * encodeLenient() drops the unseen symbols and returns them, for a one-line warning (e.g. a --prime
 * text at generation). This class is deliberately not Vocabulary, whose contract requires
 * UNKNOWN/START/END and frequency order; stream mode needs neither markers nor an unknown symbol.
 */
package org.rnnlm4j.data.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;

public final class StreamVocabulary {

    /** unknownId() of a vocabulary without an unknown symbol. */
    public static final int NO_UNKNOWN = -1;

    private final List<String> symbols;
    private final Map<String, Integer> ids;
    private final int unknownId;

    private StreamVocabulary(List<String> symbols, String unknownSymbol) {
        this.symbols = Collections.unmodifiableList(new ArrayList<>(symbols));
        this.ids = new HashMap<>(symbols.size() * 2);
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (s == null || s.isEmpty()) {
                throw new RnnlmException("vocabulary symbol " + i + " is empty: the symbol list is damaged");
            }
            Integer earlier = ids.put(s, i);
            if (earlier != null) {
                throw new RnnlmException("vocabulary has " + StreamSymbols.display(s) + " twice (ids " + earlier
                        + " and " + i + "): the symbol list is damaged");
            }
        }
        if (unknownSymbol != null && !ids.containsKey(unknownSymbol)) {
            throw new RnnlmException("the unknown symbol " + StreamSymbols.display(unknownSymbol)
                    + " is not among the " + symbols.size() + " symbols: the symbol list is damaged");
        }
        this.unknownId = unknownSymbol == null ? NO_UNKNOWN : ids.get(unknownSymbol);
    }

    /** The distinct symbols in Python's sorted() order (code point by code point); no unknown symbol. */
    public static StreamVocabulary sorted(Collection<String> symbols) {
        Set<String> distinct = new TreeSet<>(StreamVocabulary::compareCodePoints);
        distinct.addAll(symbols);
        return new StreamVocabulary(new ArrayList<>(distinct), null);
    }

    /** The distinct symbols of the sequences, taken in turn, in order of first appearance; no unknown symbol. */
    public static StreamVocabulary firstAppearance(List<? extends List<String>> sequences) {
        Set<String> distinct = new LinkedHashSet<>();
        for (List<String> sequence : sequences) {
            distinct.addAll(sequence);
        }
        return new StreamVocabulary(new ArrayList<>(distinct), null);
    }

    /**
     * The benchmarks' vocabulary of whole texts (see StreamSymbols for the symbols): CHAR, the sorted
     * set of all their characters (char bench: tinyshakespeare, 65); WORD, the union of their tokens
     * and END_OF_LINE in first-appearance order, texts in the given order (word bench: 7596).
     */
    public static StreamVocabulary build(TextConfig.Level level, List<String> texts) {
        if (level == TextConfig.Level.CHAR) {
            Set<String> all = new LinkedHashSet<>();
            for (String text : texts) {
                all.addAll(StreamSymbols.characters(text));
            }
            return sorted(all);
        }
        List<List<String>> sequences = new ArrayList<>(texts.size());
        for (String text : texts) {
            sequences.add(StreamSymbols.words(text));
        }
        return firstAppearance(sequences);
    }

    /** A stored symbol list in its order; {@code unknownSymbol} null for none, else one of the symbols. */
    public static StreamVocabulary of(List<String> symbols, String unknownSymbol) {
        return new StreamVocabulary(symbols, unknownSymbol);
    }

    /** The tutorial's vocabulary with the same ids, UNKNOWN_TOKEN as the unknown symbol. */
    public static StreamVocabulary from(Vocabulary vocabulary) {
        return new StreamVocabulary(vocabulary.words(), Vocabulary.UNKNOWN);
    }

    public int size() {
        return symbols.size();
    }

    public String symbol(int id) {
        return symbols.get(id);
    }

    /** All symbols, indexed by id; unmodifiable. */
    public List<String> symbols() {
        return symbols;
    }

    public boolean contains(String symbol) {
        return ids.containsKey(symbol);
    }

    public boolean hasUnknown() {
        return unknownId != NO_UNKNOWN;
    }

    /** The id unseen symbols map to, or NO_UNKNOWN. */
    public int unknownId() {
        return unknownId;
    }

    /** The id of {@code symbol}; unknownId() if unseen; RnnlmException if unseen and there is no unknown symbol. */
    public int id(String symbol) {
        Integer id = ids.get(symbol);
        if (id != null) {
            return id;
        }
        if (hasUnknown()) {
            return unknownId;
        }
        throw unseen(symbol, null, -1);
    }

    /**
     * The ids of {@code symbols} as id() maps them; an unseen symbol without an unknown symbol is a
     * RnnlmException naming {@code source} (a file, "--prime"), the symbol and its position.
     */
    public int[] encode(List<String> symbols, String source) {
        int[] encoded = new int[symbols.size()];
        int i = 0;
        for (String symbol : symbols) {
            Integer id = ids.get(symbol);
            if (id == null) {
                if (!hasUnknown()) {
                    throw unseen(symbol, source, i);
                }
                id = unknownId;
            }
            encoded[i++] = id;
        }
        return encoded;
    }

    /**
     * The lenient path: unseen symbols become unknownId(), or are dropped when there is none; the
     * result lists them (distinct, in order of appearance) so the caller can warn in one line.
     */
    public Encoded encodeLenient(List<String> symbols) {
        int[] kept = new int[symbols.size()];
        int n = 0;
        Set<String> unseen = new LinkedHashSet<>();
        for (String symbol : symbols) {
            Integer id = ids.get(symbol);
            if (id == null) {
                unseen.add(symbol);
                if (!hasUnknown()) {
                    continue;
                }
                id = unknownId;
            }
            kept[n++] = id;
        }
        return new Encoded(Arrays.copyOf(kept, n), List.copyOf(unseen), hasUnknown());
    }

    /** What encodeLenient made of a text: the ids and the distinct symbols the vocabulary lacks. */
    public record Encoded(int[] ids, List<String> unseen, boolean mappedToUnknown) {

        /** A one-line warning naming the unseen symbols (at most 10), or "" when there are none. */
        public String warning(String source) {
            if (unseen.isEmpty()) {
                return "";
            }
            List<String> shown = new ArrayList<>();
            for (String s : unseen.subList(0, Math.min(10, unseen.size()))) {
                shown.add(StreamSymbols.display(s));
            }
            return "warning: " + source + " has " + unseen.size() + " symbol(s) the model's vocabulary lacks, "
                    + (mappedToUnknown ? "read as the unknown symbol: " : "left out: ") + String.join(", ", shown)
                    + (unseen.size() > shown.size() ? ", ..." : "");
        }
    }

    private RnnlmException unseen(String symbol, String source, int position) {
        return new RnnlmException((source == null ? "the symbol " : source + " has the symbol ")
                + StreamSymbols.display(symbol) + (position >= 0 ? " at position " + position : "")
                + (source == null ? " is" : ", which is") + " not among the " + size()
                + " symbols of the vocabulary (it has no unknown symbol): remove it from the text, or build the "
                + "vocabulary from text that contains it");
    }

    /** Python's str ordering: code point by code point, a prefix first. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    @Override
    public String toString() {
        return "StreamVocabulary(" + size() + " symbols" + (hasUnknown() ? ", unknown " + symbol(unknownId) : "") + ")";
    }
}
