package dev.ace4j.mcp.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Connects a client's {@code notifications/cancelled} to the call it names. The SDK's classic server neither acts on
 * that notification nor tells a tool handler its JSON-RPC id, so each incoming message passes through here first,
 * on both transports: a {@code tools/call} request gets its key (transport session and id) written into
 * {@code params._meta} under {@link #META_KEY}, where the handler reads it; a cancellation interrupts the call with
 * that key. Anything else, and anything that is not JSON, passes unchanged, for the SDK to answer.
 */
public final class CallTags {
  /** Where a tagged request carries its key. */
  public static final String META_KEY = "dev.ace4j/call";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunningCalls calls;

  public CallTags(RunningCalls calls) {
    this.calls = calls;
  }

  /** The message {@code text} from the transport session {@code session}, tagged when it is a tool call. */
  public String inspect(String session, String text) {
    // Most messages are neither; skip parsing them.
    if (!text.contains("tools/call") && !text.contains("notifications/cancelled")) {
      return text;
    }
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return text;
    }
    if (message == null || !message.isObject()) {
      return text;
    }
    String method = message.path("method").asText("");
    if (method.equals("notifications/cancelled")) {
      JsonNode id = message.path("params").path("requestId");
      if (!id.isMissingNode() && !id.isNull()) {
        calls.cancel(key(session, id));
      }
      return text;
    }
    JsonNode id = message.get("id");
    if (!method.equals("tools/call") || id == null || id.isNull() || !message.path("params").isObject()) {
      return text;
    }
    ObjectNode params = (ObjectNode) message.get("params");
    JsonNode meta = params.get("_meta");
    ObjectNode tagged = meta != null && meta.isObject() ? (ObjectNode) meta : params.putObject("_meta");
    tagged.put(META_KEY, key(session, id));
    return message.toString();
  }

  /** The key a handler finds in its request's {@code _meta}, if the request was tagged. */
  public static Optional<String> keyOf(@Nullable Map<String, Object> meta) {
    Object key = meta == null ? null : meta.get(META_KEY);
    return key instanceof String text ? Optional.of(text) : Optional.empty();
  }

  /** Ids are numbers or strings; the JSON text keeps {@code 1} and {@code "1"} apart. */
  private static String key(String session, JsonNode id) {
    return session + "#" + id;
  }
}
