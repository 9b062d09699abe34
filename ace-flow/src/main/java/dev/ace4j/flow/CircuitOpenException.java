package dev.ace4j.flow;

import java.time.Duration;

/**
 * A {@link CircuitBreaker} refused a call without running the step: it is open after repeated failures, or
 * half-open with its probe calls still running.
 */
public class CircuitOpenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String breakerName;
  private final Duration retryAfter;

  public CircuitOpenException(String breakerName, CircuitBreaker.State state, Duration retryAfter) {
    super(message(breakerName, state, retryAfter));
    this.breakerName = breakerName;
    this.retryAfter = retryAfter;
  }

  /** The breaker that refused the call. */
  public String breakerName() {
    return breakerName;
  }

  /** How long until the breaker lets a probe call through; zero when it is half-open. */
  public Duration retryAfter() {
    return retryAfter;
  }

  private static String message(String breaker, CircuitBreaker.State state, Duration retryAfter) {
    if (state == CircuitBreaker.State.HALF_OPEN) {
      return "circuit breaker '" + breaker + "' is half-open and its probe calls are still running: "
          + "calls fail fast until they succeed; try again shortly";
    }
    return "circuit breaker '" + breaker + "' is open after repeated failures: calls fail fast for another "
        + retryAfter + ", then a probe call is let through";
  }
}
