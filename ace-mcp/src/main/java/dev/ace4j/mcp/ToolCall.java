package dev.ace4j.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One call of a tool: its arguments, and a way to tell the client how it goes. The readers throw
 * {@link ToolInputException} naming the argument, so a handler states its expectations in one line each.
 */
public final class ToolCall {
  private final JsonNode arguments;
  private final Consumer<String> progress;

  /**
   * @param arguments the call's arguments, a JSON object
   * @param progress where {@link #progress} messages go (nowhere when the client asked for none)
   */
  public ToolCall(JsonNode arguments, Consumer<String> progress) {
    this.arguments = arguments.isObject() ? arguments : JsonNodeFactory.instance.objectNode();
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** The arguments, a JSON object (empty when the client sent none). */
  public JsonNode arguments() {
    return arguments;
  }

  /** Sends a progress notification, when the client gave a progress token; else does nothing. */
  public void progress(String message) {
    progress.accept(message);
  }

  /** A string argument that must be present and not blank. */
  public String requiredText(String name) {
    return text(name).filter(s -> !s.isBlank()).orElseThrow(() -> new ToolInputException(
        "argument " + name + " is missing or empty: give it as a string"));
  }

  /** A string argument, when given. */
  public Optional<String> text(String name) {
    JsonNode value = arguments.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new ToolInputException("argument " + name + " must be a string, not " + value.getNodeType()
          .toString().toLowerCase(java.util.Locale.ROOT));
    }
    return Optional.of(value.textValue());
  }

  /** An integer argument between {@code min} and {@code max}, or {@code fallback} when absent. */
  public long integer(String name, long fallback, long min, long max) {
    JsonNode value = arguments.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw new ToolInputException("argument " + name + " must be a whole number from " + min + " to " + max);
    }
    long number = value.asLong();
    if (number < min || number > max) {
      throw new ToolInputException("argument " + name + " is " + number + ": give a number from " + min + " to "
          + max);
    }
    return number;
  }
}
