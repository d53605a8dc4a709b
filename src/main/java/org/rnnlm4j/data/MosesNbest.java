/*
 * MosesNbest: lines of a Moses n-best list, parsed, grouped by sentence id, and written back with
 * one more feature.
 *
 *   id ||| hypothesis ||| feature scores ||| total [||| more fields, e.g. alignments]
 *   0 ||| the house is small ||| d: 0 -4 lm: -21.7 tm: -3.2 -1.1 w: -4 ||| -5.34
 *   0 ||| the house is small ||| Distortion0= 0 LM0= -21.7 WordPenalty0= -4 ||| -5.34    (newer Moses)
 *
 * Contract: fields are separated by "|||"; the id (any non-empty text without spaces, compared
 * exactly) and the hypothesis (stripped) are kept as written, the total must be a number. A new
 * feature is appended to the feature field labelled in the list's own style: "name=" when the
 * line's labels end in '=', else "name:". Any fields after the total are kept verbatim. Blank lines
 * are skipped. A list must be grouped by id (as Moses writes it): Grouper hands over one id's block
 * at a time and rejects an id that comes back after another one. Errors are one-line
 * RnnlmExceptions naming the line number and what to do.
 */
package org.rnnlm4j.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.rnnlm4j.RnnlmException;

public final class MosesNbest {
    private static final Pattern SEPARATOR = Pattern.compile("\\|\\|\\|");

    private MosesNbest() {
    }

    /** One hypothesis: its line number (1-based), the fields as read, the total as a number. */
    public record Entry(long line, String id, String hypothesis, String features, String totalText, double total,
                        List<String> rest) {

        /** The line with feature {@code name} = value appended and {@code totalText} as the total. */
        public String withFeature(String name, double value, String newTotalText) {
            String label = name + (labelsEndInEquals(features) ? "=" : ":");
            String f = features.isEmpty() ? "" : features + " ";
            StringBuilder sb = new StringBuilder();
            sb.append(id).append(" ||| ").append(hypothesis).append(" ||| ").append(f).append(label).append(' ')
                    .append(String.format(Locale.ROOT, "%.4f", value)).append(" ||| ").append(newTotalText);
            for (String r : rest) {
                sb.append(" |||").append(r);
            }
            return sb.toString();
        }

        /** Whether the features already have a label {@code name:} or {@code name=}. */
        public boolean hasFeature(String name) {
            for (String w : features.split("\\s+")) {
                if (w.equals(name + ":") || w.equals(name + "=")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Parses line number {@code n}; RnnlmException if it is not an n-best line. */
    public static Entry parse(long n, String line) {
        String[] f = SEPARATOR.split(line, -1);
        if (f.length < 4) {
            throw new RnnlmException("line " + n + " has " + f.length + " field(s) separated by '|||', but a Moses n-best line"
                    + " has at least 4 (id ||| hypothesis ||| feature scores ||| total): pass an n-best list (moses -n-best-list)");
        }
        String id = f[0].strip();
        if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
            throw new RnnlmException("line " + n + " has the sentence id \"" + id + "\": a Moses n-best line starts with the"
                    + " sentence id (e.g. 0), then ' ||| '");
        }
        String totalText = f[3].strip();
        double total;
        try {
            total = Double.parseDouble(totalText);
        } catch (NumberFormatException e) {
            total = Double.NaN;
        }
        if (!Double.isFinite(total)) {
            throw new RnnlmException("line " + n + " has the total score \"" + totalText + "\", which is not a number: the"
                    + " fourth field of a Moses n-best line is the total (e.g. -5.34)");
        }
        List<String> rest = new ArrayList<>();
        for (int i = 4; i < f.length; i++) {
            rest.add(f[i]);
        }
        return new Entry(n, id, f[1].strip(), f[2].strip(), totalText, total, List.copyOf(rest));
    }

    private static boolean labelsEndInEquals(String features) {
        for (String w : features.split("\\s+")) {
            if (w.endsWith("=")) {
                return true;
            }
            if (w.endsWith(":")) {
                return false;
            }
        }
        return false;
    }

    /**
     * Groups parsed lines into blocks of one id, in order: accept() every line, then finish().
     * Holds one block; remembers the ids it has finished (to reject one that reappears).
     */
    public static final class Grouper {
        private final Consumer<List<Entry>> sink;
        private final Set<String> done = new HashSet<>();
        private List<Entry> block = new ArrayList<>();

        public Grouper(Consumer<List<Entry>> sink) {
            this.sink = sink;
        }

        public void accept(long n, String line) {
            if (line.isBlank()) {
                return;
            }
            Entry e = parse(n, line);
            if (!block.isEmpty() && !block.get(0).id().equals(e.id())) {
                flush();
            }
            if (block.isEmpty() && done.contains(e.id())) {
                throw new RnnlmException("line " + n + ": sentence id " + e.id() + " appears again after other ids; an n-best"
                        + " list must keep each id's hypotheses together: sort it by id first (sort -s -t '|' -k1,1n)");
            }
            block.add(e);
        }

        public void finish() {
            flush();
        }

        private void flush() {
            if (!block.isEmpty()) {
                done.add(block.get(0).id());
                List<Entry> b = block;
                block = new ArrayList<>();
                sink.accept(b);
            }
        }
    }
}
