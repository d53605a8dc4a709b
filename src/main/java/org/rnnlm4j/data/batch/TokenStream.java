/*
 * TokenStream: a whole text as one immutable int[] of ids, for stream-mode training and evaluation
 * (char-rnn, PyTorch's word_language_model, Zaremba et al. 2014).
 *
 * Contract: ids (N,) are the StreamSymbols of the text (code points with line breaks, or words with
 * "<eos>" after each line) mapped by a StreamVocabulary, strictly: a symbol the vocabulary lacks
 * is its unknown id, or, without one, a one-line RnnlmException naming the source. split(f) is the
 * char bench's hold-out: train = the first (int)(f * N) ids (Python's int(0.9*len(data)), the same
 * IEEE double product), valid = the rest; no shuffling, the order is the text's. Ids are not checked
 * against a vocabulary size here beyond being >= 0; the batchers read them as they are.
 */
package org.rnnlm4j.data.batch;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.TextFiles;

public final class TokenStream {

    private final int[] ids; // (N,)

    private TokenStream(int[] ids) {
        this.ids = ids;
    }

    /** The ids of {@code text}'s symbols at {@code level}; {@code source} names the text in errors. */
    public static TokenStream of(String text, TextConfig.Level level, StreamVocabulary vocabulary, String source) {
        return encode(StreamSymbols.of(text, level), vocabulary, source);
    }

    /** The ids of a file's symbols, read as strict UTF-8 (TextFiles.readUtf8). */
    public static TokenStream read(Path file, TextConfig.Level level, StreamVocabulary vocabulary) {
        return of(TextFiles.readUtf8(file), level, vocabulary, file.toString());
    }

    /** The ids of {@code symbols}, strictly (see StreamVocabulary.encode). */
    public static TokenStream encode(List<String> symbols, StreamVocabulary vocabulary, String source) {
        return new TokenStream(vocabulary.encode(symbols, source));
    }

    /** A stream of the given ids (copied); each must be >= 0. */
    public static TokenStream ofIds(int... ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                throw new IllegalArgumentException("id " + ids[i] + " at position " + i + " is negative");
            }
        }
        return new TokenStream(ids.clone());
    }

    /** The same ids last to first: the training text of a right-to-left model. */
    public TokenStream reversed() {
        int[] r = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            r[i] = ids[ids.length - 1 - i];
        }
        return new TokenStream(r);
    }

    /** N, the number of ids. */
    public int length() {
        return ids.length;
    }

    public int id(int position) {
        return ids[position];
    }

    /** A copy of the ids. */
    public int[] toArray() {
        return ids.clone();
    }

    /** The ids themselves, for the batchers of this package; never written. */
    int[] array() {
        return ids;
    }

    /** The ids in [from, to). */
    public TokenStream range(int from, int to) {
        return new TokenStream(Arrays.copyOfRange(ids, from, to));
    }

    /** train = the first (int)(trainFraction * N) ids, valid = the rest; 0 < trainFraction < 1. */
    public Split split(double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new RnnlmException(String.format(Locale.ROOT,
                    "the training share of a stream must be above 0 and below 1, got %s: pass e.g. 0.9", trainFraction));
        }
        int cut = (int) (trainFraction * ids.length);
        return new Split(range(0, cut), range(cut, ids.length));
    }

    /** A stream cut in two at a position, order kept. */
    public record Split(TokenStream train, TokenStream valid) {
    }

    @Override
    public String toString() {
        return "TokenStream(" + ids.length + " ids)";
    }
}
