package dev.ace4j.flow;

import java.util.concurrent.CancellationException;

/** A step did not start, or stopped, because its workflow was cancelled or its deadline passed. */
public class StepCancelledException extends CancellationException {
  private static final long serialVersionUID = 1L;

  public StepCancelledException(String message) {
    super(message);
  }
}
