/**
 * Training: TrainingData (file -> vocabulary and id sequences), Trainer (the tutorial's SGD loop),
 * Sgd (plain or fused into backward), TrainConfig and TrainingListener.
 */
package org.rnnlm4j.train;
