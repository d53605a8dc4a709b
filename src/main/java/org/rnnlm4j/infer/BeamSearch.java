/*
 * BeamSearch: the outputs with the highest length-normalized log-probability that a beam of width
 * B finds.
 *
 * Objective: a finished hypothesis y with P predictions (its tokens, plus the end symbol if it
 * ended there) scores  S(y) = (sum of ln p(y_t | prime, y_<t)) / P^alpha,  ln p as Sampler.logProb
 * ranks it: the model's log-softmax after any repetition penalty; banned tokens (unknown, start,
 * the end before minLength, repeated n-grams) are never chosen. alpha = 0 ranks by total
 * probability, which favours short output; alpha = 1 by mean ln p per prediction (the output with
 * the lowest perplexity). A finished hypothesis ended at the end symbol, at maxLength tokens, or at
 * a stop string.
 *
 * Search (one step per output position, at most maxLength steps):
 *   1. each live hypothesis proposes its B+1 best tokens (so B non-end ones remain if it ends);
 *   2. an end-symbol proposal is finished at once (it does not take a live slot);
 *   3. the other proposals, ranked by their sum of ln p (unnormalized, stable in hypothesis and
 *      token order), fill the B live slots; each is a copy of its parent stepped once; one that now
 *      contains a stop string is finished instead of taking a slot;
 *   4. stop early only when it cannot change the result: `count` finished hypotheses exist and the
 *      count-th best S is at least every live hypothesis's bound, sum / maxPredictions^alpha (sums only
 *      fall as tokens are added, and dividing a negative sum by a larger P raises it at most that far).
 * Live hypotheses left at maxLength are finished. The `count` best finished by S come out, best first.
 * With B at least the number of distinct prefixes at every step, nothing is ever dropped and the
 * result is the exhaustive search's (tested on a tiny vocabulary).
 *
 * Contract: deterministic; uses the caller's Network (one thread).
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.model.Network;

final class BeamSearch {
    private record Proposal(Hypothesis parent, int id, double sum, double modelLogProb, double logProb) {
    }

    private final Network net;
    private final Vocabulary vocab;
    private final Sampler sampler;
    private final DecodingOptions o;
    private final int maxPredictions;

    BeamSearch(Network net, Vocabulary vocab, Sampler sampler, DecodingOptions o) {
        this.net = net;
        this.vocab = vocab;
        this.sampler = sampler;
        this.o = o;
        this.maxPredictions = o.maxLength() + (o.continuous() ? 0 : 1);
    }

    /** S for a sum over p predictions. */
    private double score(double sum, int predictions) {
        return o.lengthAlpha() == 0 ? sum : sum / Math.pow(predictions, o.lengthAlpha());
    }

    List<Sample> run(Hypothesis start) {
        List<Hypothesis> live = List.of(start);
        List<Sample> finished = new ArrayList<>();
        for (int step = 0; step < o.maxLength() && !live.isEmpty(); step++) {
            List<Proposal> proposals = new ArrayList<>();
            for (Hypothesis h : live) {
                sampler.next(h.logits(), h.context(), h.contextLength(), o.continuous() || h.generated() >= o.minLength());
                for (int id : sampler.best(o.beam() + 1)) {
                    double lp = sampler.logProb(id);
                    double mlp = sampler.modelLogProb(id);
                    if (!o.continuous() && id == vocab.endId()) {
                        finished.add(h.ended(vocab.word(id), mlp, score(h.rankSum() + lp, h.generated() + 1)));
                    } else {
                        proposals.add(new Proposal(h, id, h.rankSum() + lp, mlp, lp));
                    }
                }
            }
            proposals.sort(Comparator.comparingDouble(Proposal::sum).reversed());
            List<Hypothesis> next = new ArrayList<>(o.beam());
            for (Proposal p : proposals) {
                if (next.size() == o.beam()) {
                    break;
                }
                Hypothesis child = p.parent().copy();
                child.advance(net, vocab.word(p.id()), p.id(), p.modelLogProb(), p.logProb());
                if (child.stopped()) {
                    finished.add(child.sample(Sample.Finish.STOP, score(child.rankSum(), child.generated())));
                } else {
                    next.add(child);
                }
            }
            live = next;
            if (settled(finished, live)) {
                live = List.of();
            }
        }
        for (Hypothesis h : live) {
            finished.add(h.sample(Sample.Finish.LENGTH, score(h.rankSum(), h.generated())));
        }
        finished.sort(Comparator.comparingDouble(Sample::score).reversed());
        return List.copyOf(finished.subList(0, Math.min(o.count(), finished.size())));
    }

    /** Whether no live hypothesis can still enter the best `count` finished ones. */
    private boolean settled(List<Sample> finished, List<Hypothesis> live) {
        if (finished.size() < o.count() || o.count() == 0) {
            return o.count() == 0;
        }
        List<Double> scores = new ArrayList<>(finished.size());
        for (Sample s : finished) {
            scores.add(s.score());
        }
        scores.sort(Comparator.reverseOrder());
        double kth = scores.get(o.count() - 1);
        for (Hypothesis h : live) {
            if (score(h.rankSum(), maxPredictions) > kth) {
                return false;
            }
        }
        return true;
    }
}
