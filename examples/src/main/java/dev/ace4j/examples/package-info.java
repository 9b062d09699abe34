/**
 * The original system's four demos as short programs against the library: {@link dev.ace4j.examples.BasicLoop},
 * {@link dev.ace4j.examples.TestGenerationDemo}, {@link dev.ace4j.examples.MetricsDemo} and
 * {@link dev.ace4j.examples.BenchmarkDemo}. Each runs with the model configured as for {@code ace}, or offline with a
 * scripted stand-in (the benchmark with each task's reference solution).
 */
@NullMarked
package dev.ace4j.examples;

import org.jspecify.annotations.NullMarked;
