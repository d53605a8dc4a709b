/**
 * Using a model: Scorer (sentence and token log-probabilities), CorpusEvaluation (perplexity over a
 * text), Generator (sampling sentences), Detokenizer.
 */
package org.rnnlm4j.infer;
