package dev.ace4j.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.internal.DurableFiles;
import dev.ace4j.core.internal.JsonFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * ace4j's own playbook file, both ways. The shape is a superset of kayba's v0.6 playbook JSON (same {@code
 * bullets} map keyed by id, same field names, {@code sections} as a map from section name to its bullet ids), plus
 * what ace4j keeps: {@code format}, {@code format_version}, {@code version}, {@code revision}, {@code provenance}
 * and {@code merged_from}, and removed bullets with {@code "status": "removed"}:
 *
 * <pre>{@code
 * {"format": "ace4j-playbook", "format_version": 1, "version": 3, "next_id": 3,
 *  "sections": {"Strategies & Insights": ["str-00001", "str-00002"]},
 *  "bullets": {"str-00001": {"id": "str-00001", "section": "Strategies & Insights", "content": "...",
 *    "helpful": 2, "harmful": 0, "neutral": 1, "created_at": "...", "updated_at": "...", "status": "active",
 *    "revision": 1, "provenance": {"task_id": "", "run_id": "", "operation": "ADD", "evidence": ""},
 *    "merged_from": []}, ...}}
 * }</pre>
 *
 * Bullets are written in playbook order. Reading is strict and all-or-nothing: a truncated file, an unknown {@code
 * format_version}, a duplicate id or key, a negative counter or a missing field fails with a one-line {@link
 * PlaybookFormatException} naming the source and the field; a half-loaded playbook is never returned. Reading also
 * accepts {@code sections} as a plain list of names.
 */
public final class PlaybookJson {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "ace4j-playbook";
  /** The {@code format_version} this class writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  private PlaybookJson() {}

  /** The playbook as pretty-printed ace4j JSON. */
  public static String write(Playbook playbook) {
    try {
      return JsonFields.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree(playbook)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a playbook as JSON", e);
    }
  }

  /** Writes the playbook to {@code file} crash-safely (temporary file, fsync, atomic rename). */
  public static void write(Playbook playbook, Path file) {
    DurableFiles.replace(file, write(playbook).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads ace4j JSON.
   *
   * @param source what to call the input in error messages, usually the file name
   * @throws PlaybookFormatException when the input is not a complete, valid ace4j playbook
   */
  public static Playbook read(String json, String source) {
    JsonFields fields = new JsonFields(source);
    return fromTree(fields.parse(json), fields);
  }

  /**
   * Reads an ace4j playbook file.
   *
   * @throws PlaybookFormatException when the file is not a complete, valid ace4j playbook
   * @throws UncheckedIOException when it cannot be read
   */
  public static Playbook read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return read(text, file.toString());
  }

  /** The JSON tree of a playbook; for stores that embed it in their own files. */
  static ObjectNode tree(Playbook playbook) {
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("version", playbook.version());
    root.put("next_id", playbook.nextId());
    Map<String, List<String>> idsBySection = new LinkedHashMap<>();
    playbook.sections().forEach(s -> idsBySection.put(s, new ArrayList<>()));
    playbook.bullets().forEach(b -> idsBySection.computeIfAbsent(b.section(), s -> new ArrayList<>()).add(b.id()));
    ObjectNode sections = root.putObject("sections");
    idsBySection.forEach((section, ids) -> ids.forEach(sections.putArray(section)::add));
    ObjectNode bullets = root.putObject("bullets");
    for (Bullet bullet : playbook.bullets()) {
      bullets.set(bullet.id(), tree(bullet));
    }
    return root;
  }

  private static ObjectNode tree(Bullet bullet) {
    ObjectNode node = JsonFields.MAPPER.createObjectNode();
    node.put("id", bullet.id());
    node.put("section", bullet.section());
    node.put("content", bullet.content());
    node.put("helpful", bullet.helpful());
    node.put("harmful", bullet.harmful());
    node.put("neutral", bullet.neutral());
    node.put("created_at", bullet.createdAt().toString());
    node.put("updated_at", bullet.updatedAt().toString());
    node.put("status", bullet.status().name().toLowerCase(Locale.ROOT));
    node.put("revision", bullet.revision());
    node.set("provenance", JsonFields.write(bullet.provenance()));
    ArrayNode mergedFrom = node.putArray("merged_from");
    bullet.mergedFrom().forEach(mergedFrom::add);
    return node;
  }

  private static Playbook fromTree(JsonNode root, JsonFields fields) {
    fields.object(root, "the top level");
    JsonNode format = root.get("format");
    if (format == null || !FORMAT.equals(format.asText())) {
      throw fields.fail("not an ace4j playbook (\"format\" is " + (format == null ? "missing" : format)
          + ", expected \"" + FORMAT + "\"); import kayba or text playbooks with their own reader");
    }
    long formatVersion = fields.number(root, "format_version", "", 1);
    if (formatVersion != FORMAT_VERSION) {
      throw fields.fail("format_version", "is " + formatVersion + " but this ace4j reads only " + FORMAT_VERSION
          + "; upgrade ace4j to read this file");
    }
    long version = fields.number(root, "version", "", 0);
    long nextId = fields.number(root, "next_id", "", 1);
    List<String> sections = sections(root, fields);
    List<Bullet> bullets = bullets(root, fields);
    checkSectionsAndNumbers(bullets, sections, fields);
    try {
      return new Playbook(version, nextId, sections, bullets);
    } catch (IllegalArgumentException e) {
      throw fields.fail(Objects.toString(e.getMessage(), e.toString()));
    }
  }

  private static List<String> sections(JsonNode root, JsonFields fields) {
    JsonNode node = fields.required(root, "sections", "");
    List<String> names = new ArrayList<>();
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
          throw fields.fail("sections[" + i + "]", "must be a section name");
        }
        names.add(node.get(i).asText());
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        if (entry.getKey().isBlank() || !entry.getValue().isArray()) {
          throw fields.fail("sections." + entry.getKey(), "must be a non-blank name with a list of bullet ids");
        }
        names.add(entry.getKey());
      }
    } else {
      throw fields.fail("sections", "must be a list of names or a map from name to bullet ids");
    }
    return names;
  }

  private static List<Bullet> bullets(JsonNode root, JsonFields fields) {
    JsonNode node = fields.object(fields.required(root, "bullets", ""), "bullets");
    List<Bullet> bullets = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      bullets.add(bullet(entry.getKey(), entry.getValue(), fields));
    }
    return bullets;
  }

  private static Bullet bullet(String key, JsonNode node, JsonFields fields) {
    String path = "bullets." + key;
    fields.object(node, path);
    String id = fields.text(node, "id", path);
    if (!id.equals(key)) {
      throw fields.fail(path + ".id", "is '" + id + "' but the bullet is stored under '" + key + "'");
    }
    if (!Bullet.ID.matcher(id).matches()) {
      throw fields.fail(path, "has an id not of the form slug-00001");
    }
    String statusText = fields.optionalText(node, "status", path);
    Bullet.Status status = switch (statusText.isEmpty() ? "active" : statusText) {
      case "active" -> Bullet.Status.ACTIVE;
      case "removed", "invalid" -> Bullet.Status.REMOVED;
      default -> throw fields.fail(path + ".status", "is '" + statusText + "'; expected active or removed");
    };
    JsonNode mergedNode = node.get("merged_from");
    List<String> mergedFrom = new ArrayList<>();
    if (mergedNode != null && !mergedNode.isNull()) {
      if (!mergedNode.isArray()) {
        throw fields.fail(path + ".merged_from", "must be a list of bullet ids");
      }
      mergedNode.forEach(m -> mergedFrom.add(m.asText()));
    }
    try {
      return new Bullet(id, fields.text(node, "section", path), fields.text(node, "content", path),
          fields.counter(node, "helpful", path, 0), fields.counter(node, "harmful", path, 0),
          fields.counter(node, "neutral", path, 0), fields.instant(node, "created_at", path),
          fields.instant(node, "updated_at", path), status, fields.counter(node, "revision", path, 1),
          fields.provenance(node, path), mergedFrom);
    } catch (IllegalArgumentException e) {
      throw fields.fail(path, Objects.toString(e.getMessage(), e.toString()));
    }
  }

  private static void checkSectionsAndNumbers(List<Bullet> bullets, List<String> sections, JsonFields fields) {
    Map<Long, String> numbers = new HashMap<>();
    for (Bullet bullet : bullets) {
      String earlier = numbers.putIfAbsent(bullet.number(), bullet.id());
      if (earlier != null) {
        throw fields.fail("bullets " + earlier + " and " + bullet.id() + " share the id number " + bullet.number()
            + " (ace4j numbers bullets from one global counter)");
      }
      if (!sections.contains(bullet.section())) {
        throw fields.fail("bullets." + bullet.id() + ".section", "'" + bullet.section()
            + "' is not listed in sections");
      }
    }
  }
}
