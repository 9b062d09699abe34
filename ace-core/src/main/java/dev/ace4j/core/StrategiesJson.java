package dev.ace4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ace4j.core.internal.ImportedPlaybook;
import dev.ace4j.core.internal.JsonFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The playbook file of the original system that ace4j reimplements ({@code ace_playbook.json}): a JSON array of
 * strategies,
 *
 * <pre>{@code
 * [{"key": "syntax_error_handling:validate syntax before execution",
 *   "strategy": "validate syntax before execution", "context": "syntax_error_handling",
 *   "successes": 0, "failures": 0}]
 * }</pre>
 *
 * <p>Read only (ace4j does not write it). The context becomes the section ({@code OTHERS} for the empty context,
 * which the original matched against every task), the strategy the content, successes and failures the helpful and
 * harmful counters; {@code key} is ignored (it is context and strategy joined). The format has no ids, so bullets
 * are numbered from 1 in file order with their section's slug; it has no times, so every bullet is stamped with the
 * import time. Reading is all or nothing: an element that is not a strategy fails naming its index.
 */
public final class StrategiesJson {
  private static final String DEFAULT_SECTION = "OTHERS";

  private StrategiesJson() {}

  /** Reads the original's strategies, stamping bullets with the current time. */
  public static Playbook read(String json, String source) {
    return read(json, source, Instant.now());
  }

  /**
   * Reads the original's strategies.
   *
   * @param source names the input in error messages, e.g. the file name
   * @param importedAt the created and updated time of every bullet (the format has none)
   * @throws PlaybookFormatException naming {@code source} and the problem; nothing is loaded
   */
  public static Playbook read(String json, String source, Instant importedAt) {
    JsonFields fields = new JsonFields(source);
    JsonNode root = fields.parse(json);
    if (!root.isArray()) {
      throw fields.fail("expected a JSON array of strategies ({\"strategy\", \"context\", \"successes\", "
          + "\"failures\"}), found a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    List<String> sections = new ArrayList<>();
    List<Bullet> bullets = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      Bullet bullet = bullet(root.get(i), "[" + i + "]", bullets.size() + 1, importedAt, fields);
      sections.add(bullet.section());
      bullets.add(bullet);
    }
    return ImportedPlaybook.build(source, sections, bullets, 1);
  }

  private static Bullet bullet(JsonNode node, String path, long number, Instant importedAt, JsonFields fields) {
    if (!node.isObject() || !node.has("strategy")) {
      throw fields.fail(path, "is not a strategy: expected an object with \"strategy\", \"context\", "
          + "\"successes\" and \"failures\"");
    }
    String content = fields.text(node, "strategy", path).strip();
    if (content.isEmpty()) {
      throw fields.fail(JsonFields.join(path, "strategy"), "is empty");
    }
    String context = fields.optionalText(node, "context", path).strip();
    String section = context.isEmpty() ? DEFAULT_SECTION : context;
    String id = slug(section) + "-" + String.format("%05d", number);
    return new Bullet(id, section, content, fields.counter(node, "successes", path, 0),
        fields.counter(node, "failures", path, 0), 0, importedAt, importedAt, Bullet.Status.ACTIVE, 1,
        new Provenance("", "", "IMPORT", ""), List.of());
  }

  /** The section's slug, or {@code misc} when the name has no letters an id may hold ({@code [a-z0-9_]}). */
  private static String slug(String section) {
    String slug = Sections.slug(section);
    return slug.matches("[a-z0-9_]+") ? slug : "misc";
  }
}
