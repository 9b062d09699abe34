/**
 * The self-learning coder: code tasks, the loop for code ({@link dev.ace4j.coder.SelfLearningCoder}),
 * the sandbox-backed environment, the built-in benchmark and recorded benchmark sessions.
 */
@NullMarked
package dev.ace4j.coder;

import org.jspecify.annotations.NullMarked;
