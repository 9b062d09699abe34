package dev.ace4j.core.spi;

import dev.ace4j.core.GeneratorOutput;
import dev.ace4j.core.Sample;

/**
 * Judges a Generator's output for a sample: runs code against tests, compares an answer, calls an API. The loop
 * decides what the environment may see: in {@link dev.ace4j.core.LabelMode#NO_ORACLE} it is given the sample
 * without its ground truth, so whatever correctness it reports comes from execution signals alone.
 *
 * <p>Feedback text reaches the Reflector as it is: an environment must not quote hidden tests or reference answers
 * in it when the label is meant to stay hidden, and must keep out of it what varies between identical runs
 * (durations, temporary paths, memory addresses), so that the prompt is a function of the task, the playbook and
 * what the evaluation meant: an identical rerun is then answered from the response cache and a recording replays.
 * What the environment's own callers need beyond the text travels typed, as the feedback's
 * {@linkplain Feedback#detail(Class) detail}.
 */
@FunctionalInterface
public interface Environment {

  Feedback evaluate(Sample sample, GeneratorOutput output);
}
