package dev.ace4j.coder.mutation;

/** The module or its tests cannot be mutation-tested as given; the message says why and what to change. */
public final class MutationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MutationException(String message) {
    super(message);
  }
}
