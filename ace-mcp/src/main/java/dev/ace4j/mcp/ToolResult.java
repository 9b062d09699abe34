package dev.ace4j.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a call returns: text for the agent to read, the same result as structured JSON (matching the tool's output
 * schema), and whether it is a tool error.
 *
 * @param text the result in words
 * @param structured the result as JSON, or {@code null} when the tool has no output schema or the call failed
 * @param error whether the call failed (bad arguments, a missing model, cancellation): the agent may correct it
 */
public record ToolResult(String text, @Nullable JsonNode structured, boolean error) {

  public ToolResult {
    Objects.requireNonNull(text, "text");
  }

  /** A result: {@code structured} as JSON, and {@code text} to read. */
  public static ToolResult of(String text, JsonNode structured) {
    return new ToolResult(text, structured, false);
  }

  /** A tool error with one line that says what went wrong and how to fix it. */
  public static ToolResult error(String message) {
    return new ToolResult(message, null, true);
  }
}
