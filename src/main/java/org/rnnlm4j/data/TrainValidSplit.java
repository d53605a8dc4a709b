/*
 * TrainValidSplit: a deterministic hold-out of part of a corpus for validation (--valid-fraction).
 *
 * Contract: of(items, fraction, seed) puts round(fraction * n) items (at least 1 when fraction > 0,
 * and never all of them) into valid, chosen by a seeded java.util.Random shuffle of the indices, and
 * the rest into train. Both lists keep the input order. The same items, fraction and seed give the
 * same split on every JVM (java.util.Random is specified exactly). fraction 0 gives an empty valid.
 */
package org.rnnlm4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.rnnlm4j.RnnlmException;

public record TrainValidSplit<T>(List<T> train, List<T> valid) {

    public TrainValidSplit {
        train = Collections.unmodifiableList(train);
        valid = Collections.unmodifiableList(valid);
    }

    public static <T> TrainValidSplit<T> of(List<T> items, double validFraction, long seed) {
        if (!(validFraction >= 0.0 && validFraction < 1.0)) {
            throw new RnnlmException(String.format(Locale.ROOT,
                    "--valid-fraction must be at least 0 and below 1, got %s: pass e.g. --valid-fraction 0.1", validFraction));
        }
        int n = items.size();
        if (validFraction == 0.0) {
            return new TrainValidSplit<>(new ArrayList<>(items), new ArrayList<>());
        }
        if (n < 2) {
            throw new RnnlmException("cannot hold out a validation set from " + n
                    + " sentence(s): pass --valid-fraction 0 or use more text");
        }
        int validCount = (int) Math.min(n - 1, Math.max(1, Math.round(validFraction * n)));
        List<Integer> indices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, new Random(seed));
        boolean[] isValid = new boolean[n];
        for (int i = 0; i < validCount; i++) {
            isValid[indices.get(i)] = true;
        }
        List<T> train = new ArrayList<>(n - validCount);
        List<T> valid = new ArrayList<>(validCount);
        for (int i = 0; i < n; i++) {
            (isValid[i] ? valid : train).add(items.get(i));
        }
        return new TrainValidSplit<>(train, valid);
    }
}
