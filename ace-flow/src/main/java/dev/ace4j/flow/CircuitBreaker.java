package dev.ace4j.flow;

import dev.failsafe.CircuitBreakerBuilder;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Stops calling a failing dependency for a while. Closed, it runs every call and counts failures; after
 * {@code failureThreshold} failures (optionally: within the last {@code executions} calls) it opens and refuses
 * calls with {@link CircuitOpenException} without running the step. After {@code delay} it lets probe calls through
 * (half-open): {@code successThreshold} successes close it, a failure opens it again.
 *
 * <pre>{@code
 * CircuitBreaker sandbox = CircuitBreaker.builder("sandbox").failureThreshold(5).delay(Duration.ofSeconds(30))
 *     .build();
 * Step<Job, Result> run = execute.with(retry, sandbox, timeout);
 * }</pre>
 *
 * <p>A breaker guards one dependency and is shared by every run that calls it (its state lives here), across
 * workflows and flows; build one per dependency and keep it. The state machine is Failsafe's
 * {@link dev.failsafe.CircuitBreaker}, used standalone.
 *
 * <p>Each run's span gets the attributes {@code ace.flow.breaker} (the name) and {@code ace.flow.breaker.state} (the
 * state the run met). A transition adds a {@code breaker.open}, {@code breaker.half_open} or {@code breaker.closed}
 * event to the span of the run that caused it and sets the {@code ace.flow.breaker.state} gauge (0 closed,
 * 1 half-open, 2 open).
 */
public final class CircuitBreaker implements Policy {
  static final AttributeKey<String> BREAKER = AttributeKey.stringKey("ace.flow.breaker");
  static final AttributeKey<String> STATE = AttributeKey.stringKey("ace.flow.breaker.state");
  static final AttributeKey<String> PREVIOUS_STATE = AttributeKey.stringKey("ace.flow.breaker.previous_state");

  /** Where a breaker is; declared in the order of the gauge's values (0, 1, 2). */
  public enum State {
    /** Calls run; failures are counted. */
    CLOSED,
    /** Probe calls run; their outcome closes or re-opens the breaker. */
    HALF_OPEN,
    /** Calls fail fast until the delay has passed. */
    OPEN;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String name;
  private final dev.failsafe.CircuitBreaker<Object> breaker;
  /**
   * The run calling into the breaker on this thread. Failsafe calls transition listeners synchronously on the
   * thread whose call caused the transition, without saying which run that was; this tells them.
   */
  private final ThreadLocal<Context> caller = new ThreadLocal<>();

  private CircuitBreaker(String name, CircuitBreakerBuilder<Object> breaker) {
    this.name = name;
    this.breaker = breaker
        .onOpen(event -> transitioned(State.OPEN, event))
        .onHalfOpen(event -> transitioned(State.HALF_OPEN, event))
        .onClose(event -> transitioned(State.CLOSED, event))
        .build();
  }

  /** A builder for a breaker named {@code name} (its spans' and metrics' {@code ace.flow.breaker}). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** The current state; {@link State#OPEN} stays until a call arrives after the delay. */
  public State state() {
    return State.valueOf(breaker.getState().name());
  }

  @Override
  public <I, O> O execute(I input, Context context, Step<I, O> next) throws Exception {
    Context previous = caller.get();
    caller.set(context);
    try {
      context.span().setAttribute(BREAKER, name);
      boolean permitted = breaker.tryAcquirePermit();
      State state = state();
      context.span().setAttribute(STATE, state.label());
      if (!permitted) {
        throw new CircuitOpenException(name, state, breaker.getRemainingDelay());
      }
      O output;
      try {
        output = next.apply(input, context);
      } catch (Exception | Error failure) {
        breaker.recordException(failure);
        throw failure;
      }
      breaker.recordSuccess();
      return output;
    } finally {
      if (previous == null) {
        caller.remove();
      } else {
        caller.set(previous);
      }
    }
  }

  private void transitioned(State to, CircuitBreakerStateChangedEvent event) {
    Context context = caller.get();
    if (context == null) {
      return; // not caused by a run: nothing to attach it to
    }
    context.span().addEvent("breaker." + to.label(), Attributes.of(BREAKER, name,
        PREVIOUS_STATE, State.valueOf(event.getPreviousState().name()).label()));
    context.telemetry().breakerState(name, to.ordinal());
  }

  /** Configures a {@link CircuitBreaker}; checked by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private int failureThreshold = 5;
    private int failureExecutions;
    private int successThreshold = 1;
    private Duration delay = Duration.ofSeconds(30);
    private Predicate<? super Exception> failOn = failure -> true;

    private Builder(String name) {
      this.name = name;
    }

    /** Opens after this many consecutive failures; at least 1. Default 5. */
    public Builder failureThreshold(int failures) {
      this.failureThreshold = failures;
      this.failureExecutions = 0;
      return this;
    }

    /** Opens after this many failures among the last {@code executions} calls (at least {@code failures}). */
    public Builder failureThreshold(int failures, int executions) {
      this.failureThreshold = failures;
      this.failureExecutions = executions;
      return this;
    }

    /** Closes from half-open after this many successful probe calls; at least 1. Default 1. */
    public Builder successThreshold(int successes) {
      this.successThreshold = successes;
      return this;
    }

    /** How long it stays open before letting probe calls through; not negative. Default 30 s. */
    public Builder delay(Duration value) {
      this.delay = Objects.requireNonNull(value, "delay");
      return this;
    }

    /**
     * Which failures count against the dependency (default: all). Cancellation ({@link StepCancelledException},
     * {@link InterruptedException}) never does; errors always do. A call that does not fail by this rule counts as
     * a success, as in Failsafe, where every call is one or the other.
     */
    public Builder failOn(Predicate<? super Exception> value) {
      this.failOn = Objects.requireNonNull(value, "failOn");
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the parameter, when the name is blank or a threshold or the delay is
     *     out of range
     */
    public CircuitBreaker build() {
      require(name != null && !name.isBlank(), "name must not be blank: name the dependency the breaker guards");
      require(failureThreshold >= 1, "failureThreshold must be at least 1, got " + failureThreshold);
      require(failureExecutions == 0 || failureExecutions >= failureThreshold, "failureThreshold executions must be "
          + "at least the failures (" + failureThreshold + "), got " + failureExecutions);
      require(successThreshold >= 1, "successThreshold must be at least 1, got " + successThreshold);
      require(!delay.isNegative(), "delay must not be negative, got " + delay);
      Predicate<? super Exception> counted = failOn;
      CircuitBreakerBuilder<Object> breaker = dev.failsafe.CircuitBreaker.builder()
          .handleIf((Throwable failure) -> !(failure instanceof Exception e)
              || !Retry.isCancellation(e) && counted.test(e))
          .withSuccessThreshold(successThreshold)
          .withDelay(delay);
      if (failureExecutions == 0) {
        breaker.withFailureThreshold(failureThreshold);
      } else {
        breaker.withFailureThreshold(failureThreshold, failureExecutions);
      }
      return new CircuitBreaker(name, breaker);
    }

    private static void require(boolean valid, String message) {
      if (!valid) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
