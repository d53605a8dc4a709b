/*
 * Filler: the missing word of "the cat ___ on the mat", from both sides, with a bidirectional model.
 *
 * The left context runs through the left-to-right network from the sentence start (BOS, w_1..w_{i-1}),
 * the right context through the right-to-left network from the sentence end (EOS, w_n..w_{i+1}); each
 * gives a distribution over the vocabulary for position i. They are combined as a product of experts
 * and renormalized over the candidates (every symbol except the boundary/start/end and unknown ones):
 *
 *   score(w) = ln p_fwd(w | left) + ln p_bwd(w | right)
 *   P(w)     = exp(score(w)) / sum over candidates c of exp(score(c))
 *
 * (Peters et al.'s ELMo trains the two directions the same way; the product is the usual way to
 * ask both at once. It counts the word's prior twice, which favours frequent words a little.)
 * Contract: one Filler per thread (it owns two Networks); the model is shared read-only.
 */
package org.rnnlm4j.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.data.TextConfig;
import org.rnnlm4j.data.Vocabulary;
import org.rnnlm4j.math.Kernels;
import org.rnnlm4j.model.LanguageModel;
import org.rnnlm4j.model.Network;
import org.rnnlm4j.model.State;

public final class Filler {
    /** The blank in the user's text: three or more underscores. */
    public static final java.util.regex.Pattern BLANK = java.util.regex.Pattern.compile("_{3,}");

    /** One candidate: P from both sides (renormalized), and each side's own probability. */
    public record Candidate(String token, double probability, double leftProbability, double rightProbability) {
    }

    /** The text around the blank as the model's ids, and symbols the model never saw (read as its unknown symbol). */
    public record Gap(int[] left, int[] right, java.util.Set<String> unseen) {
    }

    private final LanguageModel model;
    private final Network forward;
    private final Network backward;
    private final Vocabulary vocab;
    private final Kernels k;
    private final float[] logits;

    public Filler(LanguageModel model, Kernels k) {
        if (!model.config().bidirectional()) {
            throw new RnnlmException("the model is left-to-right only; 'fill' needs one trained with --bidirectional"
                    + " (e.g. rnnlm4j train FILE --mode stream --cell lstm --bidirectional)");
        }
        this.model = model;
        this.forward = model.newNetwork(k);
        this.backward = model.newBackwardNetwork(k, 0f, 0);
        this.vocab = model.vocabulary();
        this.k = k;
        this.logits = new float[vocab.size()];
    }

    /** Splits text at its one blank and tokenizes both sides the way the model's training text was. */
    public Gap gap(String text) {
        java.util.regex.Matcher m = BLANK.matcher(text);
        if (!m.find()) {
            throw new RnnlmException("no blank in \"" + text.strip() + "\": write ___ where the missing "
                    + (chars() ? "character" : "word") + " goes");
        }
        int start = m.start();
        int end = m.end();
        if (m.find()) {
            throw new RnnlmException("more than one blank in \"" + text.strip() + "\": fill one ___ at a time");
        }
        Prompt left = Prompt.of(model, text.substring(0, start));
        Prompt right = Prompt.of(model, text.substring(end));
        java.util.Set<String> unseen = new java.util.LinkedHashSet<>(left.unseen());
        unseen.addAll(right.unseen());
        if (!unseen.isEmpty() && vocab.unknownId() < 0) {
            throw new RnnlmException("\"" + unseen.iterator().next() + "\" is not among the model's " + vocab.size()
                    + " symbols and it has no unknown symbol: leave it out or use a model trained on such text");
        }
        return new Gap(left.ids(), right.ids(), unseen);
    }

    private boolean chars() {
        return model.text().level() == TextConfig.Level.CHAR;
    }

    /** The k most likely fillers of the gap, most likely first. */
    public List<Candidate> fill(Gap gap, int top) {
        double[] left = side(forward, vocab.startId(), gap.left(), false);
        double[] rightLp = side(backward, vocab.endId(), gap.right(), true);
        int v = vocab.size();
        double[] score = new double[v];
        double max = Double.NEGATIVE_INFINITY;
        for (int w = 0; w < v; w++) {
            score[w] = candidate(w) ? left[w] + rightLp[w] : Double.NEGATIVE_INFINITY;
            max = Math.max(max, score[w]);
        }
        double sum = 0;
        for (int w = 0; w < v; w++) {
            sum += Math.exp(score[w] - max);
        }
        double logZ = max + Math.log(sum);
        Integer[] order = new Integer[v];
        for (int w = 0; w < v; w++) {
            order[w] = w;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < v && out.size() < top; i++) {
            int w = order[i];
            if (candidate(w)) {
                out.add(new Candidate(vocab.word(w), Math.exp(score[w] - logZ), Math.exp(left[w]), Math.exp(rightLp[w])));
            }
        }
        return out;
    }

    private boolean candidate(int w) {
        return w != vocab.startId() && w != vocab.endId() && w != vocab.unknownId();
    }

    /** ln p(next | boundary, ids...) over the vocabulary, from a zero state; reversed: ids last to first. */
    private double[] side(Network net, int boundary, int[] ids, boolean reversed) {
        State s = net.newState();
        net.step(s, boundary, logits);
        for (int i = 0; i < ids.length; i++) {
            net.step(s, ids[reversed ? ids.length - 1 - i : i], logits);
        }
        float logZ = k.logSumExp(logits, 0, logits.length);
        double[] lp = new double[logits.length];
        for (int i = 0; i < lp.length; i++) {
            lp[i] = logits[i] - logZ;
        }
        return lp;
    }
}
