package dev.ace4j.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.internal.ImportedPlaybook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The playbook files of kayba-ai/agentic-context-engine ({@code ace-framework} on PyPI), both ways.
 *
 * <p>Reads every shape kayba has saved: {@code "bullets"} (v0.1–v0.6) and {@code "skills"} (v0.7+), with counters
 * or without them (v0.9.3+ dropped them; they read as 0), with or without {@code justification}, {@code evidence}
 * and {@code sources}. Ids are kept; {@code status: "invalid"} (kayba's soft delete) reads as
 * {@link Bullet.Status#REMOVED}; sections keep the order of the {@code sections} map; fields ace4j does not know
 * ({@code embedding}, {@code similarity_decisions}, …) are ignored. Provenance: the evidence is the justification
 * and the evidence joined, the run id is the first source's {@code trace_uid}, the operation its
 * {@code operation_type} (else {@code IMPORT}). The result is version 1, or 0 for a file without bullets.
 *
 * <p>Writes one of the two shapes, as {@link Shape} says: no single file loads in every kayba version, since v0.7
 * and later look only for {@code "skills"} (a {@code "bullets"} file loads there as zero skills, without an error)
 * and v0.6 and earlier only for {@code "bullets"}. Each entry holds exactly the fields kayba v0.6 and v0.7.0 saved
 * ({@code id, section, content, helpful, harmful, neutral, created_at, updated_at, embedding, status}): v0.8 gives
 * the fields it added defaults, and v0.9.3+ drops the counters it no longer has. Neither shape carries revisions,
 * provenance or merge lineage, and timestamps keep microseconds (Python's precision); the ace4j JSON format is the
 * lossless one.
 */
public final class KaybaJson {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();
  /** Python's {@code datetime.isoformat()} for an aware UTC time. */
  private static final DateTimeFormatter PYTHON_ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private KaybaJson() {}

  /** Reads a kayba playbook or skillbook file. */
  public static Playbook read(Path file) throws IOException {
    return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Reads kayba JSON; bullets without timestamps get the epoch.
   *
   * @param source names the input in error messages, e.g. the file name
   * @throws PlaybookFormatException naming {@code source} and the problem; nothing is loaded
   */
  public static Playbook read(String json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PlaybookFormatException(source, "not valid JSON (" + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new PlaybookFormatException(source, "expected a JSON object with \"bullets\" or \"skills\"");
    }
    JsonNode entries = entries(root, source);
    List<String> sections = new ArrayList<>();
    Map<String, String> sectionOfId = new HashMap<>();
    JsonNode sectionMap = root.path("sections");
    if (sectionMap.isObject()) {
      for (Map.Entry<String, JsonNode> section : sectionMap.properties()) {
        sections.add(section.getKey());
        section.getValue().forEach(id -> sectionOfId.putIfAbsent(id.asText(), section.getKey()));
      }
    }
    List<Bullet> bullets = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : entries.properties()) {
      bullets.add(bullet(entry.getKey(), entry.getValue(), sectionOfId, source));
    }
    JsonNode nextId = root.path("next_id");
    if (!nextId.isMissingNode() && !nextId.isNull() && !nextId.canConvertToLong()) {
      throw new PlaybookFormatException(source, "\"next_id\" is " + nextId + ", not a number");
    }
    // kayba's next_id is the last number it handed out (it increments before use).
    return ImportedPlaybook.build(source, sections, bullets, nextId.asLong(0) + 1);
  }

  /** Which kayba readers a written file is for. */
  public enum Shape {
    /** {@code "bullets"}: kayba v0.1 to v0.6. */
    BULLETS("bullets"),
    /** {@code "skills"}: kayba v0.7 and later. */
    SKILLS("skills");

    private static final Pattern VERSION =
        Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.\\d+)*(?:[.-]?[a-z]+\\d*)?");
    private final String key;

    Shape(String key) {
      this.key = key;
    }

    /** The top-level key this shape keeps its entries under. */
    public String key() {
      return key;
    }

    /**
     * The shape kayba {@code version} reads, e.g. {@code 0.6} or {@code 0.8.1}: {@link #BULLETS} below 0.7,
     * {@link #SKILLS} from 0.7 on.
     *
     * @throws IllegalArgumentException when {@code version} is not a version number
     */
    public static Shape forKaybaVersion(String version) {
      Matcher matcher = VERSION.matcher(version.strip());
      if (!matcher.matches()) {
        throw new IllegalArgumentException("kayba version '" + version + "' is not a version number such as 0.6 "
            + "or 0.8.1");
      }
      long major = Long.parseLong(matcher.group(1));
      long minor = Long.parseLong(matcher.group(2));
      return major == 0 && minor < 7 ? BULLETS : SKILLS;
    }
  }

  /** {@code playbook} in the {@link Shape#SKILLS} shape that kayba v0.7 and later read. */
  public static String write(Playbook playbook) {
    return write(playbook, Shape.SKILLS);
  }

  /**
   * {@code playbook} in {@code shape}, removed bullets kept with {@code status: "invalid"} (kayba's soft delete)
   * and left out of {@code sections}.
   */
  public static String write(Playbook playbook, Shape shape) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode bullets = root.putObject(shape.key());
    for (Bullet bullet : playbook.bullets()) {
      ObjectNode node = bullets.putObject(bullet.id());
      node.put("id", bullet.id());
      node.put("section", bullet.section());
      node.put("content", bullet.content());
      node.put("helpful", bullet.helpful());
      node.put("harmful", bullet.harmful());
      node.put("neutral", bullet.neutral());
      node.put("created_at", PYTHON_ISO.format(bullet.createdAt()));
      node.put("updated_at", PYTHON_ISO.format(bullet.updatedAt()));
      node.putNull("embedding");
      node.put("status", bullet.active() ? "active" : "invalid");
    }
    ObjectNode sections = root.putObject("sections");
    for (Map.Entry<String, List<Bullet>> section : playbook.bySection().entrySet()) {
      ArrayNode ids = sections.putArray(section.getKey());
      section.getValue().forEach(b -> ids.add(b.id()));
    }
    root.put("next_id", playbook.nextId() - 1);
    root.putObject("similarity_decisions");
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  /** Writes {@link #write(Playbook, Shape)} to {@code file} (a plain write: the store owns crash-safe saving). */
  public static void write(Playbook playbook, Shape shape, Path file) throws IOException {
    Files.writeString(file, write(playbook, shape), StandardCharsets.UTF_8);
  }

  private static JsonNode entries(JsonNode root, String source) {
    JsonNode bullets = root.get("bullets");
    JsonNode skills = root.get("skills");
    if (bullets != null && skills != null) {
      throw new PlaybookFormatException(source, "holds both \"bullets\" and \"skills\"; expected one");
    }
    JsonNode entries = skills != null ? skills : bullets;
    if (entries == null) {
      throw new PlaybookFormatException(source,
          "neither \"bullets\" (kayba v0.1–0.6) nor \"skills\" (v0.7+) found; is this a kayba playbook?");
    }
    if (!entries.isObject()) {
      throw new PlaybookFormatException(source, "\"" + (skills != null ? "skills" : "bullets")
          + "\" is not an object of id → bullet");
    }
    return entries;
  }

  private static Bullet bullet(String key, JsonNode node, Map<String, String> sectionOfId, String source) {
    if (!node.isObject()) {
      throw new PlaybookFormatException(source, "bullet '" + key + "' is not an object");
    }
    String id = text(node, "id", key);
    if (!id.equals(key)) {
      throw new PlaybookFormatException(source, "bullet stored under '" + key + "' has the id '" + id + "'");
    }
    if (!Bullet.ID.matcher(id).matches()) {
      throw new PlaybookFormatException(source, "bullet '" + id
          + "' has an id not of the form slug-00001 (lower-case letters, digits, _ then five digits); rename it");
    }
    String section = text(node, "section", sectionOfId.getOrDefault(id, ""));
    String content = text(node, "content", "");
    if (section.isBlank()) {
      throw new PlaybookFormatException(source, "bullet " + id + " has no section");
    }
    if (content.isBlank()) {
      throw new PlaybookFormatException(source, "bullet " + id + " has no content");
    }
    Instant created = timestamp(node, "created_at", id, source);
    Instant updated = timestamp(node, "updated_at", id, source);
    created = created != null ? created : updated != null ? updated : Instant.EPOCH;
    updated = updated != null ? updated : created;
    return new Bullet(id, section, content, counter(node, "helpful", id, source),
        counter(node, "harmful", id, source), counter(node, "neutral", id, source), created, updated,
        status(node, id, source), 1, provenance(node), List.of());
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }

  private static int counter(JsonNode node, String field, String id, String source) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
      throw new PlaybookFormatException(source, "bullet " + id + " has " + field + " = " + value
          + "; expected a whole number, 0 or more");
    }
    return value.asInt();
  }

  private static Bullet.Status status(JsonNode node, String id, String source) {
    String status = text(node, "status", "active");
    return switch (status) {
      case "active" -> Bullet.Status.ACTIVE;
      case "invalid" -> Bullet.Status.REMOVED;
      default -> throw new PlaybookFormatException(source, "bullet " + id + " has status '" + status
          + "'; expected active or invalid");
    };
  }

  private static @Nullable Instant timestamp(JsonNode node, String field, String id, String source) {
    String value = text(node, field, "");
    if (value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        // Python's isoformat() of a naive datetime; kayba meant UTC.
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new PlaybookFormatException(source, "bullet " + id + " has " + field + " '" + value
            + "', not an ISO-8601 date-time", e);
      }
    }
  }

  private static Provenance provenance(JsonNode node) {
    String justification = text(node, "justification", "").strip();
    String evidence = text(node, "evidence", "").strip();
    String joined = justification.isEmpty() ? evidence
        : evidence.isEmpty() ? justification : justification + " (evidence: " + evidence + ")";
    JsonNode first = node.path("sources").path(0);
    String trace = text(first, "trace_uid", "");
    if (trace.isEmpty() && first.has("trace_id")) {
      trace = text(first, "source_system", "") + ":" + text(first, "trace_id", "");
    }
    String operation = text(first, "operation_type", "IMPORT");
    return new Provenance("", trace, operation, joined);
  }
}
