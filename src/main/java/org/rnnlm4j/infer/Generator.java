/*
 * Generator: text from a model, as DecodingOptions say — sampling (the tutorial's generation by
 * default), greedy decoding, or beam search (BeamSearch).
 *
 * A sample starts from the start symbol (SENTENCE_START; a stream model's boundary, a line start)
 * followed by the prime, or from a state the caller built; each chosen token is fed back. Unless the
 * options are continuous, the end symbol ends it (and is never text); UNKNOWN_TOKEN and
 * SENTENCE_START are never emitted (Sampler bans them: the tutorial's "resample while UNKNOWN" in
 * one draw). A sampled sentence shorter than minLength is drawn again, the tutorial's rule, at most
 * 100 times (then the longest draw is kept); greedy decoding forbids the end symbol instead.
 * Samples of one call come from one generator seeded once, in order.
 *
 * Contract: one Generator per thread (it owns a Network's caches); the model is only read, and
 * the caller's state and logits are never changed. Interrupting the thread ends a call with a
 * CancellationException at the next token.
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.List;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig.Level;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.math.NumpyRandom;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.model.State;

public final class Generator {
    private static final int MAX_TRIES = 100;
    private final Network net;
    private final Vocabulary vocab;
    private final boolean characters;

    public Generator(LanguageModel model, Kernels k) {
        this(model.newNetwork(k));
    }

    public Generator(Network net) {
        this.net = net;
        this.vocab = net.model().vocabulary();
        this.characters = net.model().text().level() == Level.CHAR;
    }

    /** Samples after the start symbol and prime (valid ids; see Prompt). */
    public List<Sample> generate(int[] prime, DecodingOptions o) {
        State state = net.newState();
        float[] logits = new float[vocab.size()];
        net.step(state, vocab.startId(), logits);
        for (int id : prime) {
            net.step(state, id, logits);
        }
        return generate(state, logits, prime, prime.length, o);
    }

    /**
     * Samples continuing a state whose next-token logits (V) are given; context[0..n) are the ids
     * read so far (after the start symbol), which the repetition penalty and n-gram ban look at.
     */
    public List<Sample> generate(State state, float[] logits, int[] context, int n, DecodingOptions o) {
        if (o.continuous() && !vocab.isStream()) {
            throw new RnnlmException("continuous generation (--length) is for stream models; this model generates sentences: use --max-length");
        }
        int[] ids = java.util.Arrays.copyOf(context, n);
        Hypothesis start = new Hypothesis(state.copy(), logits.clone(), ids, new Transcript(characters, o.stop()));
        Sampler sampler = new Sampler(vocab, o);
        if (o.beam() > 0) {
            return new BeamSearch(net, vocab, sampler, o).run(start);
        }
        NumpyRandom rng = new NumpyRandom(o.seed() != null ? o.seed() : System.nanoTime() & 0xffffffffL);
        List<Sample> out = new ArrayList<>(o.count());
        for (int i = 0; i < o.count(); i++) {
            out.add(sampleAtLeastMin(start, sampler, rng, o));
        }
        return out;
    }

    private Sample sampleAtLeastMin(Hypothesis start, Sampler sampler, NumpyRandom rng, DecodingOptions o) {
        Sample longest = null;
        for (int attempt = 0; attempt < (o.deterministic() ? 1 : MAX_TRIES); attempt++) {
            Sample s = sample(start.copy(), sampler, rng, o);
            if (s.length() >= o.minLength()) {
                return s;
            }
            if (longest == null || s.length() > longest.length()) {
                longest = s;
            }
        }
        return longest;
    }

    private Sample sample(Hypothesis h, Sampler sampler, NumpyRandom rng, DecodingOptions o) {
        while (h.generated() < o.maxLength()) {
            boolean endAllowed = o.continuous() || !o.deterministic() || h.generated() >= o.minLength();
            sampler.next(h.logits(), h.context(), h.contextLength(), endAllowed);
            int id = sampler.draw(rng);
            if (id < 0) {
                break;
            }
            double lp = sampler.modelLogProb(id);
            if (!o.continuous() && id == vocab.endId()) {
                return h.ended(vocab.word(id), lp, Double.NaN);
            }
            h.advance(net, vocab.word(id), id, lp, sampler.logProb(id));
            if (h.stopped()) {
                return h.sample(Sample.Finish.STOP, Double.NaN);
            }
        }
        return h.sample(Sample.Finish.LENGTH, Double.NaN);
    }
}
