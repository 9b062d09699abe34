package dev.ace4j.flow;

import java.time.Duration;

/**
 * A step ran longer than its {@link Timeout} and was interrupted. Unchecked, like the failures a retry may retry:
 * {@code step.with(retry, Timeout.of(d))} retries each timed-out attempt.
 */
public class StepTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String stepName;
  private final Duration timeout;

  public StepTimeoutException(String stepName, Duration timeout) {
    super("step '" + stepName + "' did not finish within " + timeout + " and was interrupted; "
        + "give it a longer Timeout if the work needs more time");
    this.stepName = stepName;
    this.timeout = timeout;
  }

  /** The step that timed out. */
  public String stepName() {
    return stepName;
  }

  /** The time it was given. */
  public Duration timeout() {
    return timeout;
  }
}
