package dev.ace4j.core.spi;

import java.util.Optional;

/**
 * What shape of reply a request asks for: free text, a JSON object, or a JSON object following a JSON schema. A
 * hint: providers without JSON modes ignore it, which is why replies are still parsed tolerantly.
 *
 * @param schema the JSON schema text, for {@link Kind#JSON_SCHEMA} only
 */
public record ResponseFormat(Kind kind, Optional<String> schema) {

  /** The kinds of reply a model can be asked for. */
  public enum Kind {
    TEXT,
    JSON,
    JSON_SCHEMA
  }

  public ResponseFormat {
    schema = schema == null ? Optional.empty() : schema;
    if (kind == Kind.JSON_SCHEMA && schema.filter(s -> !s.isBlank()).isEmpty()) {
      throw new IllegalArgumentException("a JSON_SCHEMA response format needs the schema text");
    }
    if (kind != Kind.JSON_SCHEMA && schema.isPresent()) {
      throw new IllegalArgumentException("only a JSON_SCHEMA response format carries a schema, not " + kind);
    }
  }

  public static ResponseFormat text() {
    return new ResponseFormat(Kind.TEXT, Optional.empty());
  }

  public static ResponseFormat json() {
    return new ResponseFormat(Kind.JSON, Optional.empty());
  }

  public static ResponseFormat jsonSchema(String schema) {
    return new ResponseFormat(Kind.JSON_SCHEMA, Optional.ofNullable(schema));
  }
}
