package dev.ace4j.mcp;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A resource the server offers; read afresh on each request. Tell subscribers it changed with
 * {@link McpToolServer#resourceChanged}.
 *
 * @param uri e.g. {@code playbook://default}
 * @param name a short name
 * @param description what it holds
 * @param mimeType e.g. {@code application/json}
 * @param content its current text
 */
public record Resource(String uri, String name, String description, String mimeType, Supplier<String> content) {

  public Resource {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(content, "content");
  }
}
