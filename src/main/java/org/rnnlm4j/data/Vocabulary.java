/*
 * Vocabulary: the immutable mapping between tokens and the integer ids a model sees.
 *
 * Contract: ids are 0..size()-1; every vocabulary holds UNKNOWN, START and END, and id() maps any
 * other token it does not hold to unknownId(). build() reproduces the tutorial exactly:
 * Counter(all tokens, markers included).most_common(maxSize - 1), ties in order of first
 * occurrence, then UNKNOWN appended last, so ids run from most to least frequent. The one
 * departure: START and END are always kept (replacing the least frequent words if they would
 * fall outside), because a model cannot be used without them. of() rebuilds a vocabulary from a
 * model file's word list, in its stored order.
 *
 * Stream vocabularies (ofStream) are the other kind: the exact symbol lists of stream-trained models
 * (char-rnn's sorted characters, PTB's words + <eos>), with no markers. One boundary symbol ("\n" or
 * "<eos>") is both startId() and endId(); the unknown symbol is optional (unknownId() -1 without it,
 * and id() of an unseen symbol is then -1 too: callers check contains()).
 */
package org.rnnlm4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rnnlm4j.RnnlmException;

public final class Vocabulary {

    public static final String UNKNOWN = "UNKNOWN_TOKEN";
    public static final String START = "SENTENCE_START";
    public static final String END = "SENTENCE_END";

    /** Smallest vocabulary that holds START, END and UNKNOWN. */
    public static final int MIN_SIZE = 3;

    private final List<String> words;
    private final Map<String, Integer> ids;
    private final long[] counts; // null unless built from a corpus
    private final int unknownId;
    private final int startId;
    private final int endId;
    private final String boundary; // null for sentence vocabularies

    private Vocabulary(List<String> words, long[] counts) {
        this(words, counts, UNKNOWN, START, END, null);
    }

    private Vocabulary(List<String> words, long[] counts, String unknown, String start, String end, String boundary) {
        this.words = Collections.unmodifiableList(new ArrayList<>(words));
        this.ids = new HashMap<>(words.size() * 2);
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i);
        }
        this.counts = counts;
        this.unknownId = unknown == null ? -1 : ids.get(unknown);
        this.startId = ids.get(start);
        this.endId = ids.get(end);
        this.boundary = boundary;
    }

    /**
     * A stream model's vocabulary: exactly these symbols in this order; boundary (which must be
     * among them) starts and ends a scored or generated line; unknown may be null.
     */
    public static Vocabulary ofStream(List<String> symbols, String boundary, String unknown) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (s == null || s.isEmpty() || seen.put(s, i) != null) {
                throw new RnnlmException("stream vocabulary symbol " + i + " is empty or repeated: the model file is damaged");
            }
        }
        if (!seen.containsKey(boundary) || (unknown != null && !seen.containsKey(unknown))) {
            throw new RnnlmException("stream vocabulary lacks its boundary or unknown symbol: the model file is damaged");
        }
        return new Vocabulary(symbols, null, unknown, boundary, boundary, boundary);
    }

    /** Whether this is a stream vocabulary (ofStream). */
    public boolean isStream() {
        return boundary != null;
    }

    /** The boundary symbol of a stream vocabulary; null for sentence vocabularies. */
    public String boundary() {
        return boundary;
    }

    /** The unknown symbol, or null when this (stream) vocabulary has none. */
    public String unknownSymbol() {
        return unknownId < 0 ? null : words.get(unknownId);
    }

    /**
     * The maxSize - 1 most frequent tokens of {@code sentencesWithMarkers} (START and END always
     * among them) followed by UNKNOWN. count(id) then gives each token's frequency; UNKNOWN's count
     * is the number of tokens it stands for.
     */
    public static Vocabulary build(List<List<String>> sentencesWithMarkers, int maxSize) {
        if (maxSize < MIN_SIZE) {
            throw new RnnlmException("--vocab-size must be at least " + MIN_SIZE + " (room for " + START + ", " + END
                    + " and " + UNKNOWN + "), got " + maxSize);
        }
        Map<String, long[]> frequencies = new LinkedHashMap<>(); // insertion order = first occurrence
        long unknownCount = 0;
        for (List<String> sentence : sentencesWithMarkers) {
            for (String token : sentence) {
                if (token.equals(UNKNOWN)) {
                    unknownCount++;
                } else {
                    frequencies.computeIfAbsent(token, t -> new long[1])[0]++;
                }
            }
        }
        List<Map.Entry<String, long[]>> ranked = new ArrayList<>(frequencies.entrySet());
        ranked.sort(Comparator.comparingLong(e -> -e.getValue()[0])); // stable: ties keep first-occurrence order

        int budgetForOthers = maxSize - MIN_SIZE;
        List<String> words = new ArrayList<>();
        List<Long> wordCounts = new ArrayList<>();
        int othersKept = 0;
        for (Map.Entry<String, long[]> entry : ranked) {
            String word = entry.getKey();
            long count = entry.getValue()[0];
            if (word.equals(START) || word.equals(END) || othersKept++ < budgetForOthers) {
                words.add(word);
                wordCounts.add(count);
            } else {
                unknownCount += count;
            }
        }
        for (String marker : List.of(START, END)) {
            if (!frequencies.containsKey(marker)) {
                words.add(marker);
                wordCounts.add(0L);
            }
        }
        words.add(UNKNOWN);
        wordCounts.add(unknownCount);
        long[] counts = wordCounts.stream().mapToLong(Long::longValue).toArray();
        return new Vocabulary(words, counts);
    }

    /** A vocabulary with exactly these words in this order (from a model file); no counts. */
    public static Vocabulary of(List<String> words) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word == null || word.isEmpty()) {
                throw new RnnlmException("vocabulary word " + i + " is empty: the model file is damaged");
            }
            Integer earlier = seen.put(word, i);
            if (earlier != null) {
                throw new RnnlmException("vocabulary has \"" + word + "\" twice (ids " + earlier + " and " + i
                        + "): the model file is damaged");
            }
        }
        for (String required : List.of(UNKNOWN, START, END)) {
            if (!seen.containsKey(required)) {
                throw new RnnlmException("vocabulary of " + words.size() + " words lacks " + required
                        + ": the model file is damaged or was not written by rnnlm4j");
            }
        }
        return new Vocabulary(words, null);
    }

    public int size() {
        return words.size();
    }

    /** The id of {@code word}, or unknownId() for a word not in the vocabulary (-1 if there is none). */
    public int id(String word) {
        Integer id = ids.get(word);
        return id == null ? unknownId : id;
    }

    public String word(int id) {
        return words.get(id);
    }

    public boolean contains(String word) {
        return ids.containsKey(word);
    }

    public int unknownId() {
        return unknownId;
    }

    public int startId() {
        return startId;
    }

    public int endId() {
        return endId;
    }

    /** All words, indexed by id; unmodifiable. */
    public List<String> words() {
        return words;
    }

    /** How often word {@code id} occurred in the corpus it was built from; -1 if built by of(). */
    public long count(int id) {
        if (id < 0 || id >= words.size()) {
            throw new IndexOutOfBoundsException("id " + id + " outside vocabulary of " + words.size());
        }
        return counts == null ? -1 : counts[id];
    }

    /** Whether count() is known, i.e. the vocabulary was built from a corpus. */
    public boolean hasCounts() {
        return counts != null;
    }

    /** The ids of {@code tokens} (markers included if the caller included them). */
    public int[] encode(List<String> tokens) {
        int[] encoded = new int[tokens.size()];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = id(tokens.get(i));
        }
        return encoded;
    }
}
