package dev.ace4j.coder;

/** A dataset file that cannot be used, in one line naming the file, the line when there is one, and the fix. */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message);
  }
}
