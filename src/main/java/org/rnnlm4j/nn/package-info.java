/**
 * Layers, each with its forward and backward side by side and no autograd tape: Embedding,
 * RnnLayer (time loop + BPTT), SoftmaxOutput (projection + softmax + cross-entropy, fused). Backward
 * adds into each Param's sink; zeroing is a separate step. See docs/equations.md.
 */
package org.rnnlm4j.nn;
