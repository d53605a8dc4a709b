/**
 * Using a model: Scorer (sentence and token log-probabilities, with or without the sentence
 * boundaries), CorpusEvaluation (perplexity with and without OOVs over a text), PrefixTreeScorer
 * (many sequences sharing prefixes, each prefix computed once) and NbestRescorer (Moses n-best
 * lists), Generator (sampling, greedy decoding and BeamSearch as DecodingOptions say, one Sample per
 * output; Sampler holds the logit processors), Prompt (a prime as ids), Filler (a missing word from
 * both sides, bidirectional models), Detokenizer.
 */
package org.rnnlm4j.infer;
