/*
 * Hypothesis: one partial output during decoding — the recurrent state after it, the next-token
 * logits, the context ids (prime, then output) the penalties look at, the tokens with their model
 * log-probabilities, the sum beam search ranks by, and the text so far.
 *
 * Contract: advance() feeds a token through the network (one step) and records it; copy() is a
 * deep, independent fork (sampling restarts from a copy of the start, beam search forks parents).
 * advance() throws CancellationException when its thread has been interrupted, so decoding (whose
 * every step passes here) ends soon after a caller gives up on it (the server's request deadline).
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.model.State;

final class Hypothesis {
    private final State state;
    private final float[] logits;          // (V) next-token logits after the context
    private int[] context;                 // prime ids, then output ids, in [0, contextLength)
    private int contextLength;
    private final int primeLength;
    private final List<String> tokens;
    private final List<Double> logProbs;   // model ln p of each token
    private double logProb;                // their sum
    private double rankSum;                // sum of Sampler.logProb of each token
    private final Transcript transcript;

    Hypothesis(State state, float[] logits, int[] prime, Transcript transcript) {
        this(state, logits, Arrays.copyOf(prime, prime.length + 16), prime.length, prime.length,
                new ArrayList<>(), new ArrayList<>(), 0, 0, transcript);
    }

    private Hypothesis(State state, float[] logits, int[] context, int contextLength, int primeLength,
                       List<String> tokens, List<Double> logProbs, double logProb, double rankSum, Transcript transcript) {
        this.state = state;
        this.logits = logits;
        this.context = context;
        this.contextLength = contextLength;
        this.primeLength = primeLength;
        this.tokens = tokens;
        this.logProbs = logProbs;
        this.logProb = logProb;
        this.rankSum = rankSum;
        this.transcript = transcript;
    }

    Hypothesis copy() {
        return new Hypothesis(state.copy(), logits.clone(), context.clone(), contextLength, primeLength,
                new ArrayList<>(tokens), new ArrayList<>(logProbs), logProb, rankSum, transcript.copy());
    }

    float[] logits() {
        return logits;
    }

    int[] context() {
        return context;
    }

    int contextLength() {
        return contextLength;
    }

    /** Output tokens so far (an end symbol is never among them: it ends a hypothesis as a Sample). */
    int generated() {
        return contextLength - primeLength;
    }

    double rankSum() {
        return rankSum;
    }

    boolean stopped() {
        return transcript.stopAt() >= 0;
    }

    /** Records token id (word) with its model and ranking log-probabilities and steps the network with it. */
    void advance(Network net, String word, int id, double modelLogProb, double rankLogProb) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("decoding stopped: its thread was interrupted");
        }
        if (contextLength == context.length) {
            context = Arrays.copyOf(context, 2 * context.length);
        }
        context[contextLength++] = id;
        tokens.add(word);
        logProbs.add(modelLogProb);
        logProb += modelLogProb;
        rankSum += rankLogProb;
        transcript.add(word);
        net.step(state, id, logits);
    }

    /** This hypothesis as a finished sample; score NaN unless beam search ranked it. */
    Sample sample(Sample.Finish finish, double score) {
        return new Sample(transcript.text(), tokens, logProbs, logProb, finish, score);
    }

    /** This hypothesis followed by the end symbol, as a finished sample (the end symbol is not text). */
    Sample ended(String endSymbol, double modelLogProb, double score) {
        List<String> t = new ArrayList<>(tokens);
        t.add(endSymbol);
        List<Double> lp = new ArrayList<>(logProbs);
        lp.add(modelLogProb);
        return new Sample(transcript.text(), t, lp, logProb + modelLogProb, Sample.Finish.END, score);
    }
}
