package dev.ace4j.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link Environment} found about one output.
 *
 * <p>The {@code text} is what the Reflector reads, so it is part of a prompt: an environment keeps out of it
 * whatever varies between identical runs (durations, temporary paths, memory addresses), or an identical rerun
 * misses the response cache and a recording cannot be replayed. Whatever else the environment knows it keeps typed
 * in the {@code detail}, for its own callers; ace-core never looks inside.
 *
 * @param text what the Reflector reads: test reports, errors, "answer matches"
 * @param correct whether the output is right; empty when the environment cannot tell (no oracle)
 * @param detail the environment's own typed account of the evaluation (a test run, say); read it with
 *     {@link #detail(Class)}
 */
public record Feedback(String text, Optional<Boolean> correct, Optional<?> detail) {
  public Feedback {
    text = text == null ? "" : text;
    correct = correct == null ? Optional.empty() : correct;
    detail = detail == null ? Optional.empty() : detail;
  }

  public static Feedback correct(String text) {
    return new Feedback(text, Optional.of(true), Optional.empty());
  }

  public static Feedback incorrect(String text) {
    return new Feedback(text, Optional.of(false), Optional.empty());
  }

  /** Feedback that says nothing about correctness. */
  public static Feedback unknown(String text) {
    return new Feedback(text, Optional.empty(), Optional.empty());
  }

  /** This feedback carrying {@code value} as its detail. */
  public Feedback withDetail(Object value) {
    return new Feedback(text, correct, Optional.of(Objects.requireNonNull(value, "value")));
  }

  /** The detail when it is a {@code type}; empty when there is none or it is of another type. */
  public <T> Optional<T> detail(Class<T> type) {
    return detail.filter(type::isInstance).map(type::cast);
  }

  public boolean isCorrect() {
    return correct.orElse(false);
  }
}
