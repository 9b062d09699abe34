package dev.ace4j.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the JSON object in a model's reply, as models actually write them: bare, inside a {@code ```json} fence,
 * or in the middle of prose. Candidates are tried in that order; the prose case extracts a brace-balanced object,
 * skipping braces inside strings and escaped quotes.
 */
public final class JsonReplies {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*[ \\t]*\\r?\\n(.*?)```", Pattern.DOTALL);

  private JsonReplies() {}

  /** The shared mapper, for converting nodes to plain values. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * The first JSON object in {@code reply}.
   *
   * @throws ReplyProblem saying why none was found: no object at all, an object that is never closed, or the
   *     parser's complaint about the first complete candidate
   */
  public static ObjectNode parseObject(String reply) throws ReplyProblem {
    String text = reply == null ? "" : reply.strip();
    if (text.isEmpty()) {
      throw new ReplyProblem("the reply was empty; expected one JSON object");
    }
    String firstComplaint = null;
    for (String candidate : candidates(text)) {
      try {
        JsonNode node = MAPPER.readTree(candidate);
        if (node instanceof ObjectNode object) {
          return object;
        }
      } catch (JsonProcessingException e) {
        if (firstComplaint == null) {
          firstComplaint = e.getOriginalMessage();
        }
      }
    }
    int open = text.indexOf('{');
    if (open < 0) {
      throw new ReplyProblem("the reply holds no JSON object (no '{' found); reply with one JSON object only");
    }
    if (balancedFrom(text, open) == null) {
      throw new ReplyProblem("the JSON object starting at character " + open + " is never closed (unbalanced braces"
          + " or an unterminated string)");
    }
    throw new ReplyProblem("the JSON object is malformed: " + firstComplaint);
  }

  /** Whole text, fenced blocks, then every brace-balanced object, in order of appearance. */
  static List<String> candidates(String text) {
    List<String> candidates = new ArrayList<>();
    if (text.startsWith("{")) {
      candidates.add(text);
    }
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      String body = fence.group(1).strip();
      int open = body.indexOf('{');
      if (open >= 0) {
        String object = balancedFrom(body, open);
        candidates.add(object != null ? object : body.substring(open));
      }
    }
    for (int i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
      String object = balancedFrom(text, i);
      if (object != null) {
        candidates.add(object);
      }
    }
    return candidates;
  }

  /** The object that opens at {@code start} and closes where its braces balance, or null if it never closes. */
  static @Nullable String balancedFrom(String text, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return text.substring(start, i + 1);
        }
      }
    }
    return null;
  }

  /** A field as text: strings as they are, numbers and booleans as written, missing or null as empty. */
  public static String text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /** A field that must be present and not blank. */
  public static String required(JsonNode object, String field, String where) throws ReplyProblem {
    String value = text(object, field);
    if (value.isBlank()) {
      throw new ReplyProblem(where + " is missing the field \"" + field + "\"");
    }
    return value;
  }
}
