package dev.ace4j.flow;

/**
 * A step failed with a checked exception, wrapped once by {@link Context#call} so that callers need no
 * rethrow-or-wrap block of their own (as Failsafe's {@code FailsafeException} does for its {@code get}). The cause
 * is the step's own failure.
 */
public final class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StepFailedException(String step, Exception cause) {
    super(step + " failed: " + cause.getMessage(), cause);
  }
}
