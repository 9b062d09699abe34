package dev.ace4j.core.internal;

/** Why a model reply cannot be used; its message is quoted back to the model in the one re-ask. */
public final class ReplyProblem extends Exception {
  private static final long serialVersionUID = 1L;

  public ReplyProblem(String message) {
    super(message, null, false, false);
  }
}
