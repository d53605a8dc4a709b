/*
 * NbestRescorer: one sentence's n-best hypotheses scored by the language model and, if a weight is
 * given, re-ranked.
 *
 * Each hypothesis is tokenized as the model's training text was and scored as START w_1 .. w_n END
 * from a fresh zero state — so identical hypotheses get identical scores — with the block's shared
 * prefixes computed once (PrefixTreeScorer). The score is the natural log (ln) of the hypothesis'
 * probability, the unit Moses gives its language-model features (KenLM's log10 times ln 10).
 * With weight w: total' = total + w * lm, and the block is sorted by total' from best (highest) to
 * worst, stably, so ties keep their input order; without a weight the totals and order stay.
 * Unknown words are scored as the model's unknown symbol (a hypothesis of only unknown words is
 * scored too); a model without an unknown symbol rejects them with the line number.
 * Contract: one instance per thread.
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.MosesNbest;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.model.LanguageModel;

public final class NbestRescorer {
    private final Scorer text;          // tokenization and ids only
    private final PrefixTreeScorer tree;
    private long hypotheses;
    private long tokens;

    /** A hypothesis with its LM score (ln) and its new total (the old one without a weight). */
    public record Rescored(MosesNbest.Entry entry, double lm, double total) {
    }

    public NbestRescorer(LanguageModel model, Kernels k) {
        this.text = new Scorer(model, k);
        this.tree = new PrefixTreeScorer(model, k);
    }

    /** Scores one id's block; weight null keeps totals and order. */
    public List<Rescored> rescore(List<MosesNbest.Entry> block, Double weight) {
        List<int[]> seqs = new ArrayList<>(block.size());
        for (MosesNbest.Entry e : block) {
            try {
                seqs.add(text.ids(e.hypothesis(), text.tokenize(e.hypothesis()), Scorer.Boundaries.SENTENCE));
            } catch (RnnlmException ex) {
                throw new RnnlmException("line " + e.line() + ": " + ex.getMessage());
            }
            tokens += seqs.get(seqs.size() - 1).length - 1;
        }
        hypotheses += block.size();
        double[] lm = tree.score(seqs);
        List<Rescored> out = new ArrayList<>(block.size());
        for (int i = 0; i < block.size(); i++) {
            MosesNbest.Entry e = block.get(i);
            out.add(new Rescored(e, lm[i], weight == null ? e.total() : e.total() + weight * lm[i]));
        }
        if (weight != null) {
            out.sort(Comparator.comparingDouble(Rescored::total).reversed());   // List.sort is stable
        }
        return out;
    }

    public long hypotheses() {
        return hypotheses;
    }

    /** Predictions made (words + ends) over all hypotheses, as if each were scored alone. */
    public long tokens() {
        return tokens;
    }

    /** Network steps actually taken: fewer than tokens() by what the shared prefixes saved. */
    public long steps() {
        return tree.steps();
    }
}
