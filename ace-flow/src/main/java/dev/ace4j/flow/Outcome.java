package dev.ace4j.flow;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one branch of a {@link Parallel#settled} group ended: with its result or with its failure. Immutable.
 *
 * <pre>{@code
 * for (Outcome<Patch> candidate : flow.call(Parallel.settled("candidates", 2, generators), task)) {
 *   candidate.failure().ifPresentOrElse(log::warn, () -> review(candidate.value()));
 * }
 * }</pre>
 *
 * @param <T> the branch's result type
 */
public final class Outcome<T> {
  private final String step;
  private final @Nullable T value;
  private final @Nullable Exception failure;

  private Outcome(String step, @Nullable T value, @Nullable Exception failure) {
    this.step = Objects.requireNonNull(step, "step");
    this.value = value;
    this.failure = failure;
  }

  static <T> Outcome<T> success(String step, T value) {
    return new Outcome<>(step, value, null);
  }

  static <T> Outcome<T> failure(String step, Exception failure) {
    return new Outcome<>(step, null, Objects.requireNonNull(failure, "failure"));
  }

  /** The name of the branch's step. */
  public String step() {
    return step;
  }

  /** Whether the branch returned a result (which may be null) rather than failing. */
  public boolean isSuccess() {
    return failure == null;
  }

  /**
   * The branch's result; for a branch that failed, its failure thrown unchecked as {@link Context#call} does: an
   * unchecked failure as it is, a checked one wrapped once in a {@link StepFailedException}.
   */
  // A success's value is null only where T admits it (a Step<I, Void>); NullAway does not check type arguments.
  @SuppressWarnings("NullAway")
  public T value() {
    if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (failure != null) {
      throw new StepFailedException(step, failure);
    }
    return value;
  }

  /** The branch's failure, as it was thrown; empty when it succeeded. */
  public Optional<Exception> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return step + (failure == null ? " succeeded: " + value : " failed: " + failure);
  }
}
