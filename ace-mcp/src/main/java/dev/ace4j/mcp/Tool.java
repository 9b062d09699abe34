package dev.ace4j.mcp;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One tool of the server.
 *
 * @param name what clients call it: letters, digits, {@code _} and {@code -}
 * @param title a short human name
 * @param description what it does, for the agent that chooses it
 * @param inputSchema the JSON Schema of its arguments, as JSON text
 * @param outputSchema the JSON Schema of its structured result, as JSON text, or {@code null} for text only
 * @param sandboxed whether a call takes one of the server's slots while it runs (and waits, with progress, for one)
 * @param handler what a call does
 */
public record Tool(String name, String title, String description, String inputSchema, @Nullable String outputSchema,
    boolean sandboxed, ToolHandler handler) {

  public Tool {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("tool name " + name + ": use 1 to 64 letters, digits, _ or -");
    }
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(inputSchema, "inputSchema");
    Objects.requireNonNull(handler, "handler");
  }
}
