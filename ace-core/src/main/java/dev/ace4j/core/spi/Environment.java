package dev.ace4j.core.spi;

import dev.ace4j.core.GeneratorOutput;
import dev.ace4j.core.Sample;

/**
 * Judges a Generator's output for a sample: runs code against tests, compares an answer, calls an API. The loop
 * decides what the environment may see: in {@link dev.ace4j.core.LabelMode#NO_ORACLE} it is given the sample
 * without its ground truth, so whatever correctness it reports comes from execution signals alone.
 *
 * <p>Feedback text reaches the Reflector as it is: an environment must not quote hidden tests or reference answers
 * in it when the label is meant to stay hidden.
 */
@FunctionalInterface
public interface Environment {

  Feedback evaluate(Sample sample, GeneratorOutput output);
}
