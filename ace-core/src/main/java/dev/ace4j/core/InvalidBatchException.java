package dev.ace4j.core;

/**
 * A batch that cannot be applied: nothing of it was. The message names the operation (its index and type) and
 * why, e.g. {@code operation 2 (UPDATE str-00009): no such bullet}.
 */
public class InvalidBatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int operationIndex;

  public InvalidBatchException(int operationIndex, String message) {
    super(message);
    this.operationIndex = operationIndex;
  }

  /** The zero-based index of the first operation that failed validation. */
  public int operationIndex() {
    return operationIndex;
  }
}
