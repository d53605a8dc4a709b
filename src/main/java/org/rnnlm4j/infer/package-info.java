/**
 * Using a model: Scorer (sentence and token log-probabilities), CorpusEvaluation (perplexity over a
 * text), Generator (sampling, greedy decoding and BeamSearch as DecodingOptions say, one Sample per
 * output; Sampler holds the logit processors), Prompt (a prime as ids), Detokenizer.
 */
package org.rnnlm4j.infer;
