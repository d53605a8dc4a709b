/**
 * Architectures and weights: ModelConfig (validated record), LanguageModel (shared read-only
 * weights + vocabulary + text settings), Network (one worker's caches), ModelStore (files), and the
 * float64 ReferenceRnn with the GradientCheck that uses it as the oracle.
 */
package org.rnnlm4j.model;
