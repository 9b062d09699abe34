package dev.ace4j.models.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.spi.Message;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.spi.ResponseFormat;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.models.ModelEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The JSON form of model exchanges, shared by the response cache and record/replay so that both agree on what
 * "the same request" means. A request's canonical form holds its messages (role and text), response format
 * (with the schema text), temperature and token cap, with keys in a fixed order; it never holds
 * {@link ModelRequest#role()}, which labels the caller and does not change the answer.
 */
public final class ExchangeJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder().build();
  /** The scheme of {@link #cacheKey}: v2 added the base URL. */
  static final String KEY_VERSION = "v2:";

  private ExchangeJson() {}

  /** The canonical JSON of {@code request}: what the model sees, nothing else. */
  public static ObjectNode request(ModelRequest request) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode messages = node.putArray("messages");
    for (Message message : request.messages()) {
      messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT)).put("text", message.text());
    }
    ObjectNode format = node.putObject("response_format");
    format.put("type", request.responseFormat().kind().name().toLowerCase(Locale.ROOT));
    request.responseFormat().schema().ifPresent(schema -> format.put("schema", schema));
    node.put("temperature", request.temperature());
    if (request.maxTokens().isPresent()) {
      node.put("max_tokens", request.maxTokens().getAsInt());
    } else {
      node.putNull("max_tokens");
    }
    if (request.sample() > 0) {
      node.put("sample", request.sample()); // absent for the first: the keys of single answers stay as they were
    }
    return node;
  }

  /** The reply as recorded: text, token counts and the answering model's id. */
  public static ObjectNode reply(ModelReply reply) {
    return MAPPER.createObjectNode()
        .put("text", reply.text())
        .put("input_tokens", reply.usage().inputTokens())
        .put("output_tokens", reply.usage().outputTokens())
        .put("model", reply.modelId());
  }

  /**
   * The cache key of {@code request} sent to {@code endpoint}: {@code v2:} and SHA-256 (hex) over the
   * canonical JSON of the provider, base URL, model and request. The version prefix changes whenever what the key
   * covers changes, so rows stored under an older scheme are never found (they only take space).
   */
  public static String cacheKey(ModelEndpoint endpoint, ModelRequest request) {
    ObjectNode node = MAPPER.createObjectNode().put("provider", endpoint.provider())
        .put("base_url", endpoint.baseUrl()).put("model", endpoint.model());
    node.set("request", request(request));
    return KEY_VERSION + sha256(write(node));
  }

  /** SHA-256 (hex) over the canonical JSON of {@code request} alone, whoever it is sent to. */
  public static String promptDigest(ModelRequest request) {
    return sha256(write(request(request)));
  }

  /** Compact JSON text of {@code node}, on one line. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a request back from its canonical JSON.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static ModelRequest readRequest(JsonNode node, String role) {
    JsonNode messagesNode = node.path("messages");
    if (!messagesNode.isArray() || messagesNode.isEmpty()) {
      throw new IllegalArgumentException("request.messages must be a non-empty array");
    }
    List<Message> messages = new ArrayList<>();
    for (JsonNode message : messagesNode) {
      messages.add(new Message(enumValue(Message.Role.class, text(message, "role"), "request.messages[].role"),
          text(message, "text")));
    }
    JsonNode formatNode = node.path("response_format");
    ResponseFormat.Kind kind =
        enumValue(ResponseFormat.Kind.class, text(formatNode, "type"), "request.response_format.type");
    ResponseFormat format = kind == ResponseFormat.Kind.JSON_SCHEMA
        ? ResponseFormat.jsonSchema(text(formatNode, "schema"))
        : new ResponseFormat(kind, Optional.empty());
    JsonNode temperature = node.path("temperature");
    if (!temperature.isNumber()) {
      throw new IllegalArgumentException("request.temperature must be a number");
    }
    JsonNode maxTokens = node.path("max_tokens");
    if (!maxTokens.isMissingNode() && !maxTokens.isNull() && !maxTokens.canConvertToInt()) {
      throw new IllegalArgumentException("request.max_tokens must be an integer or null");
    }
    OptionalInt cap = maxTokens.canConvertToInt() && maxTokens.isIntegralNumber()
        ? OptionalInt.of(maxTokens.intValue()) : OptionalInt.empty();
    JsonNode sample = node.path("sample");
    if (!sample.isMissingNode() && !(sample.isIntegralNumber() && sample.canConvertToInt() && sample.intValue() > 0)) {
      throw new IllegalArgumentException("request.sample must be a positive integer when present");
    }
    return new ModelRequest(messages, format, temperature.doubleValue(), cap, role, sample.asInt(0));
  }

  /**
   * Reads a reply back from its recorded JSON; token counts and model id default to zero and empty.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static ModelReply readReply(JsonNode node) {
    return new ModelReply(text(node, "text"),
        new TokenUsage(node.path("input_tokens").asLong(0), node.path("output_tokens").asLong(0)),
        node.path("model").asText(""));
  }

  /** The text field {@code name} of {@code node}, or empty when the field is absent or not text. */
  public static String optionalText(JsonNode node, String name) {
    JsonNode value = node.path(name);
    return value.isTextual() ? value.asText() : "";
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.path(name);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("field \"" + name + "\" must be a string");
    }
    return value.asText();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " has unknown value \"" + value + "\"", e);
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
