package dev.ace4j.core;

import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import dev.ace4j.flow.Outcome;
import dev.ace4j.flow.Parallel;
import dev.ace4j.flow.Step;
import io.opentelemetry.api.common.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BiFunction;

/**
 * A batch of samples in two stages: every sample answered as a branch of ace-flow's {@link Parallel#settled} group
 * on the loop's flow, up to {@code parallelism} at once; then, on the calling thread and in sample order, every
 * answered sample handed on (to be learned from, or just reported). A sample whose answering failed unexpectedly
 * stops no other: it is skipped in the second stage, and the first such failure is rethrown after it.
 *
 * <p>The branches run on the flow's executor, and the steps inside them (role timeouts, a sandbox's own groups) may
 * wait on it too: see the deadlock warning of {@link Parallel}.
 */
final class SampleBatch {
  /** The name of each sample's branch; the sample's id is its span attribute {@code ace.sample.id}. */
  static final String SAMPLE = "loop.sample";
  private static final AttributeKey<String> SAMPLE_ID = AttributeKey.stringKey("ace.sample.id");

  private final Flow flow;

  SampleBatch(Flow flow) {
    this.flow = flow;
  }

  /** The second stage: what to make of the sample at {@code index} once it was answered. */
  @FunctionalInterface
  interface Then {
    SampleResult apply(Exploration answered, int index);
  }

  /**
   * Runs the batch named {@code name} (its span) over {@code samples}, each answered with {@code playbook}.
   *
   * @return the results of the samples that were answered, in sample order
   * @throws IllegalArgumentException when {@code parallelism} is less than 1
   * @throws CancellationException when the calling thread is interrupted while samples are being answered
   */
  List<SampleResult> run(String name, List<Sample> samples, Playbook playbook, int parallelism,
      BiFunction<Sample, Playbook, Exploration> answer, Then then) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    if (samples.isEmpty()) {
      return List.of();
    }
    List<Step<Playbook, Exploration>> branches = samples.stream()
        .map(sample -> Step.of(SAMPLE, (Playbook start, Context context) -> {
          context.span().setAttribute(SAMPLE_ID, sample.id());
          return answer.apply(sample, start);
        }))
        .toList();
    List<Outcome<Exploration>> answered = flow.call(Parallel.settled(name, parallelism, branches), playbook);
    List<SampleResult> results = new ArrayList<>();
    for (int i = 0; i < answered.size(); i++) {
      if (answered.get(i).isSuccess()) {
        results.add(then.apply(answered.get(i).value(), i));
      }
    }
    // value() of a failed outcome throws its failure as it was thrown.
    answered.stream().filter(outcome -> !outcome.isSuccess()).findFirst().ifPresent(Outcome::value);
    return results;
  }
}
