/*
 * Generator: the tutorial's sentence generation. Start from SENTENCE_START with a zero state, feed
 * each sampled token back, stop at SENTENCE_END. UNKNOWN_TOKEN (and SENTENCE_START) are never
 * emitted: their probability is set to zero before sampling, which is the tutorial's "resample
 * while UNKNOWN" in one draw. A sentence shorter than minLength is discarded and drawn again (the
 * tutorial's rule), up to a bounded number of tries; maxLength ends a sentence that runs on.
 * Temperature divides the logits (1 = the model's distribution; < 1 sharper).
 * Contract: one Generator per thread; draws come from the caller's seeded generator.
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;

public final class Generator {
    private static final int MAX_TRIES = 100;
    private final Network net;
    private final Vocabulary vocab;
    private final float[] logits;
    private final double[] probs;

    public Generator(LanguageModel model, Kernels k) {
        this.net = model.newNetwork(k);
        this.vocab = model.vocabulary();
        this.logits = new float[vocab.size()];
        this.probs = new double[vocab.size()];
    }

    /** One sentence of tokens (without markers). */
    public List<String> sentence(NumpyRandom rng, double temperature, int minLength, int maxLength) {
        if (!(temperature > 0)) {
            throw new org.rnnlm4j.RnnlmException("--temperature must be positive (got " + temperature + ")");
        }
        List<String> best = List.of();
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            List<String> s = attempt(rng, temperature, maxLength);
            if (s.size() >= minLength) {
                return s;
            }
            if (s.size() > best.size()) {
                best = s;
            }
        }
        return best;
    }

    /**
     * Continues a text: from a zero state, feeds the boundary symbol (a line start) and then prime,
     * and samples `length` further symbols without stopping at boundaries (char-rnn's sampling).
     * prime ids must be valid (the caller maps or drops unseen symbols).
     */
    public List<String> continuation(int[] prime, int length, NumpyRandom rng, double temperature) {
        if (!(temperature > 0)) {
            throw new org.rnnlm4j.RnnlmException("--temperature must be positive (got " + temperature + ")");
        }
        org.rnnlm4j.model.State state = net.newState();
        net.step(state, vocab.startId(), logits);
        for (int id : prime) {
            net.step(state, id, logits);
        }
        List<String> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            int token = sample(rng, temperature);
            out.add(vocab.word(token));
            net.step(state, token, logits);
        }
        return out;
    }

    private List<String> attempt(NumpyRandom rng, double temperature, int maxLength) {
        org.rnnlm4j.model.State state = net.newState();
        List<String> out = new ArrayList<>();
        int token = vocab.startId();
        while (out.size() < maxLength) {
            net.step(state, token, logits);
            token = sample(rng, temperature);
            if (token == vocab.endId()) {
                break;
            }
            out.add(vocab.word(token));
        }
        return out;
    }

    private int sample(NumpyRandom rng, double temperature) {
        int v = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, logits[i] / temperature);
        }
        double sum = 0;
        for (int i = 0; i < v; i++) {
            boolean banned = i == vocab.unknownId() || (i == vocab.startId() && !vocab.isStream());
            probs[i] = banned ? 0 : Math.exp(logits[i] / temperature - max);
            sum += probs[i];
        }
        double u = rng.nextDouble() * sum;
        double acc = 0;
        int last = 0;
        for (int i = 0; i < v; i++) {
            if (probs[i] > 0) {
                acc += probs[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last;
    }
}
