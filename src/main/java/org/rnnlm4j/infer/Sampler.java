/*
 * Sampler: from one step's logits to the next token — the logit processors of DecodingOptions and
 * the choice, shared by sampling, greedy decoding and beam search.
 *
 * next(logits, context) runs, in this order (V = vocabulary):
 *   1. repetition penalty (CTRL): logit l of each distinct token in the context -> l/θ if l > 0, else l·θ
 *   2. ln p = log-softmax over all V of the penalized logits             -> logProb(id)
 *   3. bans, ln p := -inf: the unknown symbol; SENTENCE_START (sentence models); the end symbol when
 *      the caller says it is not allowed yet; tokens completing an n-gram already in the context
 * and keeps the model's own log-softmax of the raw logits (modelLogProb) for reporting. Then:
 *   greedy()  the allowed token with the highest ln p (lowest id on ties)
 *   draw()    logits / temperature, keep the top-K, keep the top-P nucleus, then one draw
 *             proportional to exp over the kept tokens in id order (one nextDouble per token, as
 *             the tutorial's sampling: with default options the draws are the tutorial's)
 *   best(k)   the k allowed tokens with the highest ln p (beam search)
 * Bans come after the softmax, so logProb of an allowed token is the model's probability (after a
 * repetition penalty), not renormalized over the allowed ones; draw() renormalizes implicitly.
 *
 * Contract: one Sampler per decoding thread (scratch arrays of V); -1 when no token is allowed.
 */
package org.rnnlm4j.infer;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.NumpyRandom;

public final class Sampler {
    private final DecodingOptions o;
    private final int unknownId;
    private final int startBan;          // SENTENCE_START of sentence vocabularies, else -1
    private final int endId;
    private final double[] penalized;    // (V) step 1; bans set to -inf in step 3
    private final double[] weights;      // (V) draw() scratch
    private final double[] sorted;       // (V) draw() scratch
    private final int[] stamp;           // (V) repetition penalty: seen in this call when == calls
    private int calls;
    private float[] logits;              // (V) the raw logits of the last next()
    private double modelLse;             // log-sum-exp of the raw logits
    private double penalizedLse;         // log-sum-exp of the penalized logits, before bans

    public Sampler(Vocabulary vocab, DecodingOptions o) {
        int v = vocab.size();
        this.o = o;
        this.unknownId = vocab.unknownId();
        this.startBan = vocab.isStream() ? -1 : vocab.startId();
        this.endId = vocab.endId();
        this.penalized = new double[v];
        this.weights = new double[v];
        this.sorted = new double[v];
        this.stamp = new int[v];
    }

    /** Processes one step's logits (V); context[0..n) are the prime's and output's ids so far. */
    public void next(float[] logits, int[] context, int n, boolean endAllowed) {
        this.logits = logits;
        int v = penalized.length;
        for (int i = 0; i < v; i++) {
            penalized[i] = logits[i];
        }
        modelLse = logSumExp(v, i -> penalized[i]);
        penalizedLse = modelLse;
        if (o.repetitionPenalty() != 1) {
            calls++;
            double theta = o.repetitionPenalty();
            for (int j = 0; j < n; j++) {
                int id = context[j];
                if (stamp[id] != calls) {
                    stamp[id] = calls;
                    penalized[id] = penalized[id] > 0 ? penalized[id] / theta : penalized[id] * theta;
                }
            }
            penalizedLse = logSumExp(v, i -> penalized[i]);
        }
        ban(unknownId);
        ban(startBan);
        if (!endAllowed) {
            ban(endId);
        }
        banRepeatedNgrams(context, n);
    }

    private void ban(int id) {
        if (id >= 0) {
            penalized[id] = Double.NEGATIVE_INFINITY;
        }
    }

    /** Bans every token t for which (last n-1 context tokens, t) already occurs in the context. */
    private void banRepeatedNgrams(int[] context, int n) {
        int g = o.noRepeatNgram();
        if (g == 0 || n < g - 1) {
            return;
        }
        for (int start = 0; start + g <= n; start++) {
            boolean same = true;
            for (int j = 0; j < g - 1 && same; j++) {
                same = context[start + j] == context[n - g + 1 + j];
            }
            if (same) {
                ban(context[start + g - 1]);
            }
        }
    }

    /** log(sum of exp(x(i))) for i < n, shifted by the maximum so that nothing overflows. */
    public static double logSumExp(int n, IntToDoubleFunction x) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x.applyAsDouble(i));
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x.applyAsDouble(i) - max);
        }
        return max + Math.log(sum);
    }

    /** ln p(id) under the model's own distribution (raw logits, nothing applied). */
    public double modelLogProb(int id) {
        return logits[id] - modelLse;
    }

    /** ln p(id) after the repetition penalty; -inf if banned (what greedy and beam search rank by). */
    public double logProb(int id) {
        return penalized[id] - penalizedLse;
    }

    public int greedy() {
        int best = -1;
        for (int i = 0; i < penalized.length; i++) {
            if (penalized[i] != Double.NEGATIVE_INFINITY && (best < 0 || penalized[i] > penalized[best])) {
                best = i;
            }
        }
        return best;
    }

    /** The up to k allowed ids with the highest logProb, best first (lower id first on ties). */
    public int[] best(int k) {
        int[] top = new int[Math.max(k, 1)];
        int size = 0;
        for (int i = 0; i < penalized.length; i++) {
            double x = penalized[i];
            if (k == 0 || x == Double.NEGATIVE_INFINITY || (size == k && x <= penalized[top[k - 1]])) {
                continue;
            }
            int j = Math.min(size, k - 1);
            while (j > 0 && penalized[top[j - 1]] < x) {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = i;
            size = Math.min(size + 1, k);
        }
        return Arrays.copyOf(top, size);
    }

    /** A token drawn as the options say (greedy at temperature 0). */
    public int draw(NumpyRandom rng) {
        if (o.temperature() == 0) {
            return greedy();
        }
        int v = penalized.length;
        double t = o.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, penalized[i] / t);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return -1;
        }
        for (int i = 0; i < v; i++) {
            weights[i] = Math.exp(penalized[i] / t - max);
        }
        if (o.topK() > 0) {
            keepAtLeast(kthLargest(o.topK()));
        }
        if (o.topP() < 1) {
            keepAtLeast(nucleusThreshold(o.topP()));
        }
        double sum = 0;
        for (int i = 0; i < v; i++) {
            sum += weights[i];
        }
        double u = rng.nextDouble() * sum;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < v; i++) {
            if (weights[i] > 0) {
                acc += weights[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last;
    }

    private void keepAtLeast(double threshold) {
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < threshold) {
                weights[i] = 0;
            }
        }
    }

    /** The positive weights in ascending order in sorted[0..return). */
    private int sortPositive() {
        int n = 0;
        for (double w : weights) {
            if (w > 0) {
                sorted[n++] = w;
            }
        }
        Arrays.sort(sorted, 0, n);
        return n;
    }

    private double kthLargest(int k) {
        int n = sortPositive();
        return k >= n ? 0 : sorted[n - k];
    }

    /** The smallest weight of the fewest largest weights that hold p of the total. */
    private double nucleusThreshold(double p) {
        int n = sortPositive();
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += sorted[i];
        }
        double acc = 0;
        for (int i = n - 1; i >= 0; i--) {
            acc += sorted[i];
            if (acc >= p * total) {
                return sorted[i];
            }
        }
        return 0;
    }
}
