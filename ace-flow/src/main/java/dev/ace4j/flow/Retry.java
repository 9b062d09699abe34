package dev.ace4j.flow;

import dev.failsafe.Execution;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Runs a step again when it fails: up to {@code maxAttempts} attempts, waiting between them a delay that starts at
 * {@code delay}, grows by {@code multiplier}, varies by {@code ±jitter} and never exceeds {@code maxDelay}.
 *
 * <pre>{@code
 * Retry retry = Retry.builder().maxAttempts(4).delay(Duration.ofMillis(200))
 *     .handle(IOException.class).abortOn(FileNotFoundException.class).build();
 * Step<Request, Reply> call = chat.with(retry);
 * }</pre>
 *
 * <p>What is retried is stated on the policy, as in Failsafe: {@link Builder#handle} and {@link Builder#retryOn}
 * say which failures are worth another attempt, {@link Builder#abortOn} which end the retries at once, and
 * {@link Builder#delayFnOn} computes a wait from a failure (a server's {@code Retry-After}) that replaces the
 * backoff for that retry. {@link Builder#onRetryScheduled} hears of each retry once, before its wait.
 *
 * <p>When the attempts are used up (or a failure is not retryable) the last failure is rethrown as it is, checked
 * or not, with the earlier failures {@linkplain Throwable#addSuppressed suppressed} in it. Cancellation is never
 * retried. Between attempts the retry wakes as soon as the workflow is cancelled (throwing
 * {@link StepCancelledException}), and gives up at once, rethrowing the last failure, when the next attempt could
 * not start before the workflow's deadline.
 *
 * <p>All attempts run in the step's one span, which gets the attribute {@code ace.flow.attempts}, a {@code retry}
 * event per scheduled retry (the failed attempt's number, the delay, the failure's type and message) and a
 * {@code retry.abandoned} event when the deadline leaves no time for the next attempt; each retry also counts in
 * the {@code ace.flow.retries} metric.
 * Failsafe's {@link RetryPolicy} decides whether to retry (attempts, handled and aborting failures) and the backoff
 * (a standalone {@link Execution}, so the wait itself can watch the workflow's cancellation); a delay function's
 * wait is applied here, so that jitter never cuts it short.
 */
public final class Retry implements Policy {
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("ace.flow.attempts");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("ace.flow.attempt");
  static final AttributeKey<Long> DELAY_MS = AttributeKey.longKey("ace.flow.retry.delay_ms");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

  private final RetryPolicy<Object> policy;
  private final int maxAttempts;
  private final Duration maxDelay;
  private final Function<Exception, Optional<Duration>> delayFn;
  private final Consumer<? super Scheduled> onRetryScheduled;

  private Retry(RetryPolicy<Object> policy, Builder builder, Duration maxDelay) {
    this.policy = policy;
    this.maxAttempts = builder.maxAttempts;
    this.maxDelay = maxDelay;
    this.delayFn = builder.delayFn;
    this.onRetryScheduled = builder.onRetryScheduled;
  }

  /**
   * A retry about to wait before its next attempt, as {@link Builder#onRetryScheduled} hears of it.
   *
   * @param step the name of the step being retried
   * @param failedAttempt the number of the attempt that failed, from 1
   * @param maxAttempts the most attempts the policy makes
   * @param delay the wait before the next attempt
   * @param failure why the attempt failed
   */
  public record Scheduled(String step, int failedAttempt, int maxAttempts, Duration delay, Exception failure) {
    public Scheduled {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(failure, "failure");
    }

    /** The number of the attempt the retry will make. */
    public int nextAttempt() {
      return failedAttempt + 1;
    }
  }

  /** A builder with the defaults: 3 attempts, 100 ms doubling to at most 10 s, jitter 0.2, any non-cancellation. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public <I, O> O execute(I input, Context context, Step<I, O> next) throws Exception {
    Execution<Object> execution = Execution.of(policy);
    List<Exception> failures = new ArrayList<>();
    long attempts = 0;
    try {
      while (true) {
        attempts++;
        try {
          return next.apply(input, context);
        } catch (Exception failure) {
          failures.add(failure);
          execution.recordException(failure);
          if (execution.isComplete()) {
            throw withEarlier(failure, failures);
          }
          Duration delay = delayAfter(failure, execution);
          if (context.remaining().filter(left -> left.compareTo(delay) <= 0).isPresent()) {
            context.span().addEvent("retry.abandoned", Attributes.of(DELAY_MS, delay.toMillis()));
            throw withEarlier(failure, failures);
          }
          scheduled(context, next.name(), attempts, delay, failure);
          tell(context, new Scheduled(next.name(), (int) attempts, maxAttempts, delay, failure));
          awaitRetry(delay, context, failures);
        }
      }
    } finally {
      context.span().setAttribute(ATTEMPTS, attempts);
    }
  }

  /**
   * The wait before the next attempt: what the {@link Builder#delayFnOn delay function} asks for this failure, else
   * Failsafe's backoff capped at {@code maxDelay} (its jitter may overshoot the cap). The asked wait is taken as it is,
   * neither jittered nor capped: Failsafe's own {@code withDelayFn} would jitter it, and a server's
   * {@code Retry-After} cut short by jitter is a request the server told us not to send yet.
   */
  private Duration delayAfter(Exception failure, Execution<Object> execution) {
    return delayFn.apply(failure).orElseGet(
        () -> execution.getDelay().compareTo(maxDelay) > 0 ? maxDelay : execution.getDelay());
  }

  /** Whether {@code failure} means the work was cancelled: never retried, never counted against a dependency. */
  static boolean isCancellation(Throwable failure) {
    return failure instanceof StepCancelledException || failure instanceof InterruptedException;
  }

  private static void scheduled(Context context, String step, long attempt, Duration delay, Exception failure) {
    AttributesBuilder event = Attributes.builder()
        .put(ATTEMPT, attempt)
        .put(DELAY_MS, delay.toMillis())
        .put(EXCEPTION_TYPE, failure.getClass().getName());
    if (failure.getMessage() != null) {
      event.put(EXCEPTION_MESSAGE, failure.getMessage());
    }
    context.span().addEvent("retry", event.build());
    context.telemetry().retried(step);
  }

  /** Tells the listener; a listener that fails (a closed progress stream) is recorded on the span, not rethrown. */
  private void tell(Context context, Scheduled scheduled) {
    try {
      onRetryScheduled.accept(scheduled);
    } catch (RuntimeException listenerFailure) {
      context.span().recordException(listenerFailure);
    }
  }

  /** Waits {@code delay}, waking early when the workflow is cancelled. */
  private static void awaitRetry(Duration delay, Context context, List<Exception> failures)
      throws InterruptedException {
    try {
      if (!delay.isZero()) {
        CountDownLatch cancelled = new CountDownLatch(1);
        Cancellation.Registration wake = context.cancellation().onCancel(cancelled::countDown);
        try {
          cancelled.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
          wake.remove();
        }
      }
      context.checkActive();
    } catch (InterruptedException | StepCancelledException stop) {
      failures.forEach(stop::addSuppressed);
      throw stop;
    }
  }

  /** {@code last} with the other failures suppressed in it, once each (a step may throw one instance again). */
  private static Exception withEarlier(Exception last, List<Exception> failures) {
    Set<Throwable> attached = Collections.newSetFromMap(new IdentityHashMap<>());
    attached.add(last);
    for (Exception earlier : failures) {
      if (attached.add(earlier)) {
        last.addSuppressed(earlier);
      }
    }
    return last;
  }

  /** Configures a {@link Retry}; checked by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);

    private int maxAttempts = 3;
    private Duration delay = Duration.ofMillis(100);
    private @Nullable Duration maxDelay;
    private double multiplier = 2;
    private double jitter = 0.2;
    private Predicate<? super Exception> retryOn = failure -> true;
    private final List<Class<? extends Exception>> handled = new ArrayList<>();
    private final List<Class<? extends Exception>> aborting = new ArrayList<>();
    private Function<Exception, Optional<Duration>> delayFn = failure -> Optional.empty();
    private Consumer<? super Scheduled> onRetryScheduled = scheduled -> {};

    private Builder() {}

    /** How many times the step runs at most, the first included; at least 1 (1 means never retry). */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** The wait before the first retry; zero retries at once. Default 100 ms. */
    public Builder delay(Duration value) {
      this.delay = Objects.requireNonNull(value, "delay");
      return this;
    }

    /** The longest wait, jitter included; at least {@code delay}. Default 10 s, or {@code delay} if longer. */
    public Builder maxDelay(Duration value) {
      this.maxDelay = Objects.requireNonNull(value, "maxDelay");
      return this;
    }

    /** What each wait is multiplied by for the next; 1 keeps the delay fixed. Default 2. */
    public Builder multiplier(double value) {
      this.multiplier = value;
      return this;
    }

    /** The share of each wait added or removed at random, from 0 (none) to 1. Default 0.2. */
    public Builder jitter(double value) {
      this.jitter = value;
      return this;
    }

    /**
     * Which failures are worth another attempt (default: all). Cancellation ({@link StepCancelledException},
     * {@link InterruptedException}) is never retried, whatever this says.
     */
    public Builder retryOn(Predicate<? super Exception> value) {
      this.retryOn = Objects.requireNonNull(value, "retryOn");
      return this;
    }

    /**
     * Retries only failures of these types (and their subtypes); calls add up. Default: every failure.
     * {@link #retryOn} and {@link #abortOn} still apply to the failures handled.
     */
    @SafeVarargs
    public final Builder handle(Class<? extends Exception>... failures) {
      for (Class<? extends Exception> failure : failures) {
        handled.add(Objects.requireNonNull(failure, "handle"));
      }
      return this;
    }

    /**
     * Ends the retries at once on failures of these types (and their subtypes), rethrowing them, even when
     * {@link #handle} or {@link #retryOn} would retry them: the failures that another attempt cannot fix.
     */
    @SafeVarargs
    public final Builder abortOn(Class<? extends Exception>... failures) {
      for (Class<? extends Exception> failure : failures) {
        aborting.add(Objects.requireNonNull(failure, "abortOn"));
      }
      return this;
    }

    /**
     * Computes the wait after a failure of type {@code failureType} from the failure itself, e.g. from a server's
     * {@code Retry-After}. A present wait replaces the backoff for that retry, exactly (no jitter, no
     * {@code maxDelay}: cap it in {@code delayFn}); an empty one, or another type of failure, leaves the backoff. The
     * workflow's deadline still applies: a wait that would end past it gives up at once.
     */
    public <E extends Exception> Builder delayFnOn(Class<E> failureType,
        Function<? super E, Optional<Duration>> delayFn) {
      Objects.requireNonNull(failureType, "failureType");
      Objects.requireNonNull(delayFn, "delayFn");
      this.delayFn = failure -> failureType.isInstance(failure)
          ? Objects.requireNonNull(delayFn.apply(failureType.cast(failure)), "delayFn result")
          : Optional.empty();
      return this;
    }

    /**
     * Hears of each retry once, on the retrying thread, after its wait is known and before it starts. A listener that
     * throws does not change the retry: its failure is recorded on the step's span.
     */
    public Builder onRetryScheduled(Consumer<? super Scheduled> listener) {
      this.onRetryScheduled = Objects.requireNonNull(listener, "onRetryScheduled");
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the parameter, when an attempt count, delay, multiplier or jitter is
     *     out of range
     */
    public Retry build() {
      Duration cap = maxDelay != null ? maxDelay : delay.compareTo(DEFAULT_MAX_DELAY) > 0 ? delay : DEFAULT_MAX_DELAY;
      require(maxAttempts >= 1, "maxAttempts must be at least 1, got " + maxAttempts);
      require(!delay.isNegative(), "delay must not be negative, got " + delay);
      require(cap.compareTo(delay) >= 0, "maxDelay must be at least delay (" + delay + "), got " + cap);
      require(multiplier >= 1, "multiplier must be at least 1, got " + multiplier);
      require(jitter >= 0 && jitter <= 1, "jitter must be between 0 and 1, got " + jitter);
      Predicate<? super Exception> retryable = retryOn;
      List<Class<? extends Exception>> types = List.copyOf(handled);
      RetryPolicyBuilder<Object> policy = RetryPolicy.builder()
          .handleIf((Throwable failure) -> failure instanceof Exception e && !isCancellation(e)
              && (types.isEmpty() || types.stream().anyMatch(type -> type.isInstance(e))) && retryable.test(e))
          .withMaxAttempts(maxAttempts);
      if (!aborting.isEmpty()) {
        policy.abortOn(new ArrayList<Class<? extends Throwable>>(aborting));
      }
      if (!delay.isZero()) {
        if (multiplier > 1 && cap.compareTo(delay) > 0) {
          policy.withBackoff(delay, cap, multiplier);
        } else {
          policy.withDelay(delay);
        }
        policy.withJitter(jitter);
      }
      return new Retry(policy.build(), this, cap);
    }

    private static void require(boolean valid, String message) {
      if (!valid) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
