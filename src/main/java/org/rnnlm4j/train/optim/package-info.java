/**
 * Optimizers and their companions for the training loop, matching PyTorch's update rules:
 * Optimizer with SgdMomentum, Adagrad, RmsProp, Adam, AdamW (built from an OptimizerConfig);
 * GradientClipping (clip_grad_norm_); LearningRateSchedule with Constant, StepDecay, Plateau,
 * CosineWarmup (built from a ScheduleConfig); EarlyStopping.
 *
 * Every stateful object exports its state as named float32 arrays (Map&lt;String, float[]&gt;, the
 * tensors a checkpoint stores) and loads it back exactly: optimizer slots have the shape of their
 * parameter; counters and doubles are stored bit-exactly through StateCodec.
 */
package org.rnnlm4j.train.optim;
