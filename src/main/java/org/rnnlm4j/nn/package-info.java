/**
 * Layers, each with its forward and backward side by side and no autograd tape: Embedding,
 * RnnLayer (the vanilla layer the tutorial model uses; RecurrentLayer + RnnCell computes the same),
 * Cell (RnnCell, GruCell, LstmCell: one step's elementwise math) with RecurrentLayer (the time loop,
 * the GEMMs and BPTT for any cell), StackedRecurrent and BidirectionalRecurrent (PyTorch's
 * num_layers / bidirectional semantics), Dropout, RecurrentParams (PyTorch names and shapes),
 * SoftmaxOutput (projection + softmax + cross-entropy, fused). Backward adds into each Param's sink;
 * zeroing is a separate step. See docs/equations.md and each class's opening comment.
 */
package org.rnnlm4j.nn;
