package dev.ace4j.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.PlaybookFormatException;
import dev.ace4j.core.Provenance;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Strict reading of ace4j's JSON files: a parser that rejects duplicate keys and trailing garbage, and field
 * accessors whose errors are one line naming the source and the field path ({@code bullets.str-00001.helpful}).
 */
public final class JsonFields {
  /** The mapper every ace4j file is read and written with: strict on input, stable key order on output. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final String source;

  public JsonFields(String source) {
    this.source = source;
  }

  /** Parses {@code json} into a tree, or fails naming what is wrong and where. */
  public JsonNode parse(String json) {
    if (json.isBlank()) {
      throw fail("the file is empty (expected a JSON object)");
    }
    try {
      return MAPPER.readTree(json);
    } catch (JsonEOFException e) {
      throw new PlaybookFormatException(source, "truncated JSON: it ends " + where(e.getLocation())
          + " in the middle of a value", e);
    } catch (JsonProcessingException e) {
      String problem = oneLine(e.getOriginalMessage());
      if (problem.startsWith("Duplicate field")) {
        problem = problem.replace("Duplicate field", "duplicate key") + " (ids and fields must appear once)";
      }
      throw new PlaybookFormatException(source, "invalid JSON " + where(e.getLocation()) + ": " + problem, e);
    }
  }

  public PlaybookFormatException fail(String problem) {
    return new PlaybookFormatException(source, oneLine(problem));
  }

  public PlaybookFormatException fail(String path, String problem) {
    return fail(path + " " + problem);
  }

  public ObjectNode object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw fail(path, "must be a JSON object");
    }
    return (ObjectNode) node;
  }

  public JsonNode required(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw fail(join(path, field), "is missing");
    }
    return value;
  }

  public String text(JsonNode parent, String field, String path) {
    JsonNode value = required(parent, field, path);
    if (!value.isTextual()) {
      throw fail(join(path, field), "must be a string");
    }
    return value.asText();
  }

  public String optionalText(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw fail(join(path, field), "must be a string");
    }
    return value.asText();
  }

  public long number(JsonNode parent, String field, String path, long min) {
    JsonNode value = required(parent, field, path);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw fail(join(path, field), "must be a whole number, not " + brief(value));
    }
    if (value.asLong() < min) {
      throw fail(join(path, field), "is " + value.asLong() + "; it must be " + min + " or more");
    }
    return value.asLong();
  }

  public int counter(JsonNode parent, String field, String path, int min) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return min;
    }
    long number = number(parent, field, path, min);
    if (number > Integer.MAX_VALUE) {
      throw fail(join(path, field), "is " + number + ", above the largest counter " + Integer.MAX_VALUE);
    }
    return (int) number;
  }

  public Instant instant(JsonNode parent, String field, String path) {
    String text = text(parent, field, path);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw fail(join(path, field), "is '" + text + "', not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  public Provenance provenance(JsonNode parent, String path) {
    JsonNode node = parent.get("provenance");
    if (node == null || node.isNull()) {
      return Provenance.none();
    }
    String at = join(path, "provenance");
    object(node, at);
    return new Provenance(optionalText(node, "task_id", at), optionalText(node, "run_id", at),
        optionalText(node, "operation", at), optionalText(node, "evidence", at));
  }

  public static ObjectNode write(Provenance provenance) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("task_id", provenance.taskId());
    node.put("run_id", provenance.runId());
    node.put("operation", provenance.operation());
    node.put("evidence", provenance.evidence());
    return node;
  }

  public static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String where(JsonLocation location) {
    return Optional.ofNullable(location).filter(l -> l.getLineNr() > 0)
        .map(l -> "at line " + l.getLineNr() + ", column " + l.getColumnNr()).orElse("at the end");
  }

  private static String brief(JsonNode value) {
    String text = value.toString();
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
  }

}
