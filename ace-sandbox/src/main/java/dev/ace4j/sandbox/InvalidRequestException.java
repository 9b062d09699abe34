package dev.ace4j.sandbox;

/**
 * A request the sandbox refuses before running anything: an unknown language, a limit out of range, an unsafe file
 * name. The message is one line that names the input and how to fix it; the command line maps it to exit code 2.
 */
public class InvalidRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }
}
