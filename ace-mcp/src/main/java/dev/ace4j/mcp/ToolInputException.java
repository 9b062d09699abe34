package dev.ace4j.mcp;

/**
 * A tool's argument is missing or wrong. The client gets the message, one line that names the argument and the
 * fix, as a tool error (not a protocol error), so the agent can correct its call.
 */
public final class ToolInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ToolInputException(String message) {
    super(message);
  }
}
