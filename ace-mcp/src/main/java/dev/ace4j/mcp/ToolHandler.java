package dev.ace4j.mcp;

/** What a {@link Tool} does for one call. */
@FunctionalInterface
public interface ToolHandler {

  /**
   * Answers one call. Runs on a thread of its own, which the server interrupts when the client cancels the call:
   * blocking work should stop on interruption.
   *
   * @throws ToolInputException when an argument is wrong; the client gets its message as a tool error
   * @throws InterruptedException when the call was cancelled
   */
  ToolResult call(ToolCall call) throws InterruptedException;
}
