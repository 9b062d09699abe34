package dev.ace4j.models;

/**
 * A {@link ReplayModel} was asked something its recording holds no answer for: the run differs from the recorded
 * one (another prompt, playbook, parameter or model version). The message names the asking role, a short digest of
 * the prompt, the recording and how many exchanges it holds. Retrying cannot help, hence an
 * {@link IllegalStateException}.
 */
public final class ReplayMissException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ReplayMissException(String message) {
    super(message);
  }
}
