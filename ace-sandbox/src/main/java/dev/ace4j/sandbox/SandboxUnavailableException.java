package dev.ace4j.sandbox;

/**
 * The host cannot run a sandbox as configured: bubblewrap or a language runtime is missing or unusable. The message
 * is one line that says how to fix it; the command line maps it to exit code 2.
 */
public class SandboxUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SandboxUnavailableException(String message) {
    super(message);
  }

  /** How to fix it, in one line; never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }
}
