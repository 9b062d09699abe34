package dev.ace4j.flow;

import dev.failsafe.Failsafe;
import dev.failsafe.TimeoutExceededException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits how long a step runs: when the time is up the step's thread is interrupted, so blocking work
 * ({@code Thread.sleep}, a blocking queue, interruptible I/O) stops, and the run fails with
 * {@link StepTimeoutException}. The limit is also bounded by the workflow's deadline: when the deadline comes first
 * the run fails with {@link StepCancelledException} instead, which retries leave alone.
 *
 * <pre>{@code
 * Step<Request, Reply> call = chat.with(retry, Timeout.of(Duration.ofSeconds(30)));  // 30 s per attempt
 * }</pre>
 *
 * <p>The step runs on the caller's thread (Failsafe's {@code Timeout.withInterrupt()}), which keeps its thread
 * locals and OpenTelemetry context and leaves no work running behind the caller's back. The cost: work that ignores
 * interrupts is not abandoned; the run returns when it ends, still failing with the timeout.
 *
 * <p>The step's span gets the attribute {@code ace.flow.timeout_ms} (the limit applied) and, when it fires, a
 * {@code timeout} event.
 */
public final class Timeout implements Policy {
  static final AttributeKey<Long> TIMEOUT_MS = AttributeKey.longKey("ace.flow.timeout_ms");
  static final AttributeKey<String> CAUSE = AttributeKey.stringKey("ace.flow.timeout.cause");
  static final AttributeKey<String> FALLBACK_STEP = AttributeKey.stringKey("ace.flow.fallback.step");

  private final Duration duration;
  private final dev.failsafe.Timeout<Object> failsafe;

  private Timeout(Duration duration) {
    this.duration = duration;
    this.failsafe = interrupting(duration);
  }

  /**
   * A timeout of {@code duration}.
   *
   * @throws IllegalArgumentException if {@code duration} is zero or negative
   */
  public static Timeout of(Duration duration) {
    Objects.requireNonNull(duration, "timeout");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + duration);
    }
    return new Timeout(duration);
  }

  /**
   * {@code step} under a timeout of {@code timeout}, running {@code fallback} on the same input (as a child span) if
   * the timeout fires; other failures, and the workflow's deadline, propagate. A step factory rather than a builder
   * option because a fallback is typed by the step's input and output, which a {@link Policy} (shared by steps of
   * any types) cannot be.
   *
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static <I, O> Step<I, O> withFallback(
      Step<I, O> step, Duration timeout, Step<? super I, ? extends O> fallback) {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(fallback, "fallback");
    Timeout policy = of(timeout);
    return Step.of(step.name(), (input, context) -> policy.run(input, context, step, timedOut -> {
      context.span().addEvent("timeout.fallback", Attributes.of(FALLBACK_STEP, fallback.name()));
      return context.run(fallback, input);
    }));
  }

  /** The time a run is given, before any deadline. */
  public Duration duration() {
    return duration;
  }

  @Override
  public <I, O> O execute(I input, Context context, Step<I, O> next) throws Exception {
    return run(input, context, next, timedOut -> {
      throw timedOut;
    });
  }

  private <I, O> O run(I input, Context context, Step<I, O> next, OnTimeout<O> onTimeout) throws Exception {
    Optional<Duration> remaining = context.remaining();
    boolean deadlineFirst = remaining.isPresent() && remaining.get().compareTo(duration) < 0;
    Duration limit = deadlineFirst ? remaining.get() : duration;
    if (limit.isZero()) {
      context.checkActive();
    }
    context.span().setAttribute(TIMEOUT_MS, limit.toMillis());
    try {
      return Failsafe.with(deadlineFirst ? interrupting(limit) : failsafe).get(() -> {
        try {
          return next.apply(input, context);
        } catch (Exception failure) {
          throw new Carried(failure);
        }
      });
    } catch (Carried carried) {
      throw carried.failure;
    } catch (TimeoutExceededException fired) {
      context.span().addEvent("timeout",
          Attributes.of(TIMEOUT_MS, limit.toMillis(), CAUSE, deadlineFirst ? "deadline" : "timeout"));
      if (deadlineFirst) {
        throw new StepCancelledException("workflow " + context.workflowId() + " reached its deadline "
            + context.deadline().orElseThrow() + " while step '" + next.name() + "' was running; it was interrupted");
      }
      return onTimeout.handle(new StepTimeoutException(next.name(), duration));
    }
  }

  private static dev.failsafe.Timeout<Object> interrupting(Duration limit) {
    return dev.failsafe.Timeout.builder(limit).withInterrupt().build();
  }

  /** What a run does when its own timeout fires: throw, or fall back. */
  @FunctionalInterface
  private interface OnTimeout<O> {
    O handle(StepTimeoutException timedOut) throws Exception;
  }

  /**
   * Carries the step's own failure through Failsafe, which would wrap checked ones in {@code FailsafeException};
   * anything that comes out uncarried is Failsafe's own (the timeout).
   */
  private static final class Carried extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final Exception failure;

    Carried(Exception failure) {
      super(null, failure, false, false);
      this.failure = failure;
    }
  }
}
