/**
 * rnnlm4j: recurrent neural network language models in plain Java. {@link org.rnnlm4j.Rnnlm} is the
 * front door; the packages below it are math (kernels), nn (layers with forward and backward side
 * by side), model (architectures, weights, files), train, data, infer, io, server (HTTP) and cli.
 */
package org.rnnlm4j;
