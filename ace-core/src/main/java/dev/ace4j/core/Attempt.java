package dev.ace4j.core;

import dev.ace4j.core.spi.Feedback;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One answer the Generator gave for a sample and what came of it.
 *
 * @param number 1 for the first answer, 2 for the first regeneration, …
 * @param output the Generator's reply
 * @param feedback the environment's judgement of it, as the learner saw it
 * @param reflection the Reflector's diagnosis of this answer, when it was reflected on (a last answer that was still
 *     wrong when the rounds ran out is not)
 * @param duration wall time of the generation and its evaluation, reflection excluded
 */
public record Attempt(
    int number, GeneratorOutput output, Feedback feedback, Optional<Reflection> reflection, Duration duration) {
  public Attempt {
    if (number < 1) {
      throw new IllegalArgumentException("attempt number must be at least 1, got " + number);
    }
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(feedback, "feedback");
    reflection = reflection == null ? Optional.empty() : reflection;
    duration = duration == null ? Duration.ZERO : duration;
  }

  /** Whether the environment judged this answer right. */
  public boolean passed() {
    return feedback.isCorrect();
  }

  Attempt withReflection(Reflection value) {
    return new Attempt(number, output, feedback, Optional.of(value), duration);
  }
}
