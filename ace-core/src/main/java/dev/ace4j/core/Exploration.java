package dev.ace4j.core;

import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.flow.Context;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened while a sample was answered, judged, reflected on and answered again, before anything was written:
 * the first half of learning from it. Immutable, so it can cross from the thread that answered to the one that
 * writes.
 *
 * @param context the sample's workflow, in which its curation runs too
 * @param attempts every answer in order, each with the reflection on it if there was one
 * @param correct the score of the first answer; false when there was no answer
 * @param problem the message of an unusable Generator or Reflector reply, which ended the exploration
 * @param duration wall time of the exploration
 */
record Exploration(Sample sample, Context context, List<Attempt> attempts, Optional<Boolean> correct,
    Optional<String> problem, Duration duration) {
  Exploration {
    Objects.requireNonNull(sample, "sample");
    Objects.requireNonNull(context, "context");
    attempts = List.copyOf(attempts);
  }

  /** The reflections, in the order they were made. */
  List<Reflection> reflections() {
    return attempts.stream().flatMap(attempt -> attempt.reflection().stream()).toList();
  }

  /** The reflection the Curator works from: the last one. */
  Optional<Reflection> lastReflection() {
    List<Reflection> reflections = reflections();
    return reflections.isEmpty() ? Optional.empty() : Optional.of(reflections.get(reflections.size() - 1));
  }

  /** The Reflector's verdicts as TAG operations, in the order they were given, each with its key insight. */
  List<Operation.Tag> tags() {
    return reflections().stream()
        .flatMap(reflection -> reflection.bulletTags().stream()
            .map(tag -> new Operation.Tag(tag.id(), tag.tag(), reflection.keyInsight())))
        .toList();
  }

  /** Tokens of the Generator's and the Reflector's calls. */
  TokenUsage usage() {
    TokenUsage answers = attempts.stream().map(attempt -> attempt.output().usage())
        .reduce(TokenUsage.ZERO, TokenUsage::plus);
    return reflections().stream().map(Reflection::usage).reduce(answers, TokenUsage::plus);
  }

  /** The sample's result when nothing was learned from it (eval-only). */
  SampleResult result(long playbookVersion) {
    return result(Curated.NOTHING, playbookVersion, Duration.ZERO);
  }

  /**
   * The sample's result once its lesson was written.
   *
   * @param learning wall time of writing the lesson (curation and refinement)
   */
  SampleResult result(Curated curated, long playbookVersion, Duration learning) {
    return new SampleResult(sample.id(), correct, reflections().size(), attempts, curated.batch(), playbookVersion,
        usage().plus(curated.usage()), duration.plus(learning), curated.problem().or(() -> problem));
  }
}
