/**
 * Using a model: Scorer (sentence and token log-probabilities, with or without the sentence
 * boundaries), CorpusEvaluation (perplexity with and without OOVs over a text), PrefixTreeScorer
 * (many sequences sharing prefixes, each prefix computed once) and NbestRescorer (Moses n-best
 * lists), Generator (sampling sentences), Detokenizer.
 */
package org.rnnlm4j.infer;
