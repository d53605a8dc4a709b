/*
 * Transcript: the text of generated tokens, built one token at a time with Detokenizer's spacing,
 * and where a stop string first appears in it.
 *
 * Contract: add() is O(token + longest stop string); the stop search only looks at text that the
 * last token could have completed. stopAt() is the start of the earliest stop string found (or -1),
 * and once found it stays found. copy() is independent (beam search forks transcripts).
 */
package org.rnnlm4j.infer;

import java.util.List;

final class Transcript {
    private final boolean characters;
    private final List<String> stops;
    private final int longestStop;
    private final StringBuilder text;
    private String last;
    private int stopAt = -1;

    Transcript(boolean characters, List<String> stops) {
        this(characters, stops, new StringBuilder(), null);
    }

    private Transcript(boolean characters, List<String> stops, StringBuilder text, String last) {
        this.characters = characters;
        this.stops = stops;
        this.longestStop = stops.stream().mapToInt(String::length).max().orElse(0);
        this.text = text;
        this.last = last;
    }

    void add(String token) {
        int before = text.length();
        Detokenizer.append(text, last, token, characters);
        last = token;
        if (stopAt >= 0 || stops.isEmpty()) {
            return;
        }
        int from = Math.max(0, before - longestStop + 1);
        for (String s : stops) {
            int i = text.indexOf(s, from);
            if (i >= 0 && (stopAt < 0 || i < stopAt)) {
                stopAt = i;
            }
        }
    }

    int stopAt() {
        return stopAt;
    }

    /** The text so far, cut before the stop string if one was found. */
    String text() {
        return stopAt >= 0 ? text.substring(0, stopAt) : text.toString();
    }

    Transcript copy() {
        Transcript t = new Transcript(characters, stops, new StringBuilder(text), last);
        t.stopAt = stopAt;
        return t;
    }
}
