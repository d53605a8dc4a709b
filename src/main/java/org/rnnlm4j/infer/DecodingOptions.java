/*
 * DecodingOptions: how to turn a model's next-token distributions into text — one immutable,
 * validated value shared by `rnnlm4j generate`, the library (Rnnlm.generate, Rnnlm.State.generate)
 * and any server. Build it with builder(); every field has the command line's default.
 *
 *   count              samples per call (beam search: the best `count` of the beam, count <= beam)
 *   seed               the sampling generator's seed (null: a different one each call); one seed
 *                      gives the same samples, in order, on every run and thread
 *   temperature        logits / T before sampling; 0 = greedy (always the most probable token)
 *   topK               sample among the K most probable tokens only (0 = all; ties with the K-th kept)
 *   topP               nucleus sampling: the smallest set of most probable tokens whose probability
 *                      reaches P (1 = all; Holtzman et al. 2020, "The Curious Case of Neural Text Degeneration")
 *   repetitionPenalty  CTRL's penalty (Keskar et al. 2019): the logit l of every token already in the
 *                      prime or the output becomes l/θ if l > 0, else l·θ (1 = off; > 1 discourages repeats)
 *   noRepeatNgram      never produce an n-gram of this size that is already in the prime or output (0 = off)
 *   minLength          tokens at least (the end symbol not counted): sampling draws a shorter sentence
 *                      again (the tutorial's rule, at most 100 draws, then the longest); greedy decoding
 *                      and beam search, being deterministic, instead forbid the end symbol before it
 *   maxLength          tokens at most; raised to minLength if below it
 *   stop               strings that end a sample as soon as its text contains one; the text is cut
 *                      before it (tokens and log-probabilities keep every generated token)
 *   beam               0 = sample (or greedy); B >= 1 = beam search of width B (see BeamSearch)
 *   lengthAlpha        beam search ranks finished hypotheses by (sum of ln p) / predictions^alpha:
 *                      0 = total probability (favours short output), 1 = mean ln p per prediction
 *   continuous         stream models: the boundary symbol is text like any other, so exactly
 *                      maxLength symbols come out unless a stop string ends them (char-rnn's sampling);
 *                      false = stop at the end symbol (a sentence, or a line of a stream model)
 *
 * Not here: which model, or the prime; the options do not depend on either.
 */
package org.rnnlm4j.infer;

import java.util.List;
import org.rnnlm4j.RnnlmException;

public record DecodingOptions(int count, Long seed, double temperature, int topK, double topP,
                              double repetitionPenalty, int noRepeatNgram, int minLength, int maxLength,
                              List<String> stop, int beam, double lengthAlpha, boolean continuous) {

    public DecodingOptions {
        check(stop != null && stop.stream().allMatch(x -> x != null && !x.isEmpty()), "--stop strings must not be empty");
        stop = List.copyOf(stop);
        check(count >= 0, "--count must not be negative (got " + count + ")");
        check(temperature >= 0 && Double.isFinite(temperature),
                "--temperature must be 0 (greedy) or positive (got " + temperature + "): 1 samples the model's distribution, below 1 is more conservative");
        check(topK >= 0, "--top-k must be 0 (off) or positive (got " + topK + ")");
        check(topP > 0 && topP <= 1, "--top-p must be in (0, 1] (got " + topP + "): 0.9 samples among the tokens that make up 90% of the probability, 1 is off");
        check(repetitionPenalty > 0 && Double.isFinite(repetitionPenalty),
                "--repetition-penalty must be positive (got " + repetitionPenalty + "): 1 is off, 1.2 discourages repeats");
        check(noRepeatNgram >= 0, "--no-repeat-ngram must be 0 (off) or positive (got " + noRepeatNgram + ")");
        check(minLength >= 0, "--min-length must not be negative (got " + minLength + ")");
        check(maxLength >= 1, "--max-length must be at least 1 (got " + maxLength + ")");
        maxLength = Math.max(maxLength, minLength);
        check(beam >= 0, "--beam must be 0 (sample) or a width of 1 or more (got " + beam + ")");
        check(lengthAlpha >= 0 && Double.isFinite(lengthAlpha),
                "--length-alpha must be 0 or positive (got " + lengthAlpha + "): 0 ranks by total probability, 1 by mean log-probability");
        if (beam > 0) {
            check(temperature == 1 && topK == 0 && topP == 1,
                    "--temperature, --greedy, --top-k and --top-p shape sampling, and beam search (--beam) does not sample: drop them or --beam");
            check(count <= beam, "--count " + count + " exceeds --beam " + beam + ": beam search returns at most its width of results; raise --beam");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new RnnlmException(message);
        }
    }

    /** Greedy decoding and beam search give the same output every time. */
    public boolean deterministic() {
        return beam > 0 || temperature == 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the command line's defaults: one sample at temperature 1, sentences of 1..60 tokens. */
    public static final class Builder {
        private int count = 1;
        private Long seed;
        private double temperature = 1;
        private int topK;
        private double topP = 1;
        private double repetitionPenalty = 1;
        private int noRepeatNgram;
        private int minLength = 1;
        private int maxLength = 60;
        private List<String> stop = List.of();
        private int beam;
        private double lengthAlpha = 1;
        private boolean continuous;

        public Builder count(int n) { this.count = n; return this; }
        public Builder seed(Long s) { this.seed = s; return this; }
        public Builder temperature(double t) { this.temperature = t; return this; }
        public Builder greedy() { this.temperature = 0; return this; }
        public Builder topK(int k) { this.topK = k; return this; }
        public Builder topP(double p) { this.topP = p; return this; }
        public Builder repetitionPenalty(double theta) { this.repetitionPenalty = theta; return this; }
        public Builder noRepeatNgram(int n) { this.noRepeatNgram = n; return this; }
        public Builder minLength(int n) { this.minLength = n; return this; }
        public Builder maxLength(int n) { this.maxLength = n; return this; }
        public Builder stop(List<String> strings) { this.stop = strings; return this; }
        public Builder beam(int width) { this.beam = width; return this; }
        public Builder lengthAlpha(double a) { this.lengthAlpha = a; return this; }
        public Builder continuous(boolean c) { this.continuous = c; return this; }

        public DecodingOptions build() {
            return new DecodingOptions(count, seed, temperature, topK, topP, repetitionPenalty, noRepeatNgram,
                    minLength, maxLength, stop, beam, lengthAlpha, continuous);
        }
    }
}
