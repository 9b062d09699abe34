package dev.ace4j.coder.refactor;

/** The module or its tests cannot be refactored safely as given; the message says why and what to change. */
public final class RefactorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RefactorException(String message) {
    super(message);
  }
}
