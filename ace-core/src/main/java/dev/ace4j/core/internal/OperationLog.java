package dev.ace4j.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.Operation;
import dev.ace4j.core.PlaybookFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The append-only operation log next to a playbook file: one JSON line per applied batch, {@code {"version": N,
 * "applied_at": "...", "batch": {"reasoning", "provenance", "operations": [{type, section, content, bullet_id,
 * merge_ids, verdict, justification}]}}}, and for a rollback also {@code "rollback_to": M}. A line is complete
 * only with its newline; a last line without one, or one that does not parse, is what a crash mid-append leaves
 * and is reported as a torn tail rather than an error.
 */
public final class OperationLog {
  private OperationLog() {}

  /**
   * One line of the log.
   *
   * @param rollbackTo for a rollback, the version it restored
   */
  public record Entry(long version, Instant appliedAt, DeltaBatch batch, OptionalLong rollbackTo) {}

  /**
   * What {@link #read} found from an offset on.
   *
   * @param entries the complete lines, in order
   * @param end the offset just past the last complete line
   * @param tornBytes how many bytes follow {@code end} (a torn last line); 0 when the log ends cleanly
   */
  public record Chunk(List<Entry> entries, long end, long tornBytes) {}

  /** Appends one line and forces it to disk. */
  public static void append(Path log, Entry entry) {
    DurableFiles.append(log, (line(entry) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads the log from byte {@code offset} on ({@code firstLine} is the line number there, for messages).
   *
   * @throws PlaybookFormatException when a line other than the last does not parse
   */
  public static Chunk read(Path log, long offset, long firstLine) {
    byte[] bytes = readFrom(log, offset);
    List<Entry> entries = new ArrayList<>();
    int start = 0;
    long lineNumber = firstLine;
    String source = log.getFileName().toString();
    while (start < bytes.length) {
      int newline = indexOf(bytes, (byte) '\n', start);
      if (newline < 0) {
        break;
      }
      String text = new String(bytes, start, newline - start, StandardCharsets.UTF_8);
      Optional<Entry> entry = parse(text);
      if (entry.isEmpty()) {
        if (newline + 1 < bytes.length) {
          throw new PlaybookFormatException(source, "line " + lineNumber + " is not a valid log entry; the log "
              + "is damaged before its last line (restore it from a backup)");
        }
        break;
      }
      entries.add(entry.get());
      start = newline + 1;
      lineNumber++;
    }
    return new Chunk(entries, offset + start, bytes.length - start);
  }

  /** The log line of an entry (no newline). */
  public static String line(Entry entry) {
    ObjectNode node = JsonFields.MAPPER.createObjectNode();
    node.put("version", entry.version());
    node.put("applied_at", entry.appliedAt().toString());
    entry.rollbackTo().ifPresent(v -> node.put("rollback_to", v));
    node.set("batch", batch(entry.batch()));
    try {
      return JsonFields.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a log entry as JSON", e);
    }
  }

  private static Optional<Entry> parse(String text) {
    JsonFields fields = new JsonFields("log");
    try {
      JsonNode node = fields.object(fields.parse(text), "entry");
      JsonNode rollback = node.get("rollback_to");
      OptionalLong rollbackTo = rollback == null ? OptionalLong.empty()
          : OptionalLong.of(fields.number(node, "rollback_to", "", 0));
      return Optional.of(new Entry(fields.number(node, "version", "", 1), fields.instant(node, "applied_at", ""),
          batch(fields.object(fields.required(node, "batch", ""), "batch"), fields), rollbackTo));
    } catch (PlaybookFormatException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ObjectNode batch(DeltaBatch batch) {
    ObjectNode node = JsonFields.MAPPER.createObjectNode();
    node.put("reasoning", batch.reasoning());
    node.set("provenance", JsonFields.write(batch.provenance()));
    ArrayNode operations = node.putArray("operations");
    batch.operations().forEach(op -> operations.add(operation(op)));
    return node;
  }

  private static ObjectNode operation(Operation operation) {
    ObjectNode node = JsonFields.MAPPER.createObjectNode();
    node.put("type", operation.type());
    if (operation instanceof Operation.Add add) {
      node.put("section", add.section());
      node.put("content", add.content());
      add.bulletId().ifPresent(id -> node.put("bullet_id", id));
    } else if (operation instanceof Operation.Update update) {
      node.put("bullet_id", update.bulletId());
      node.put("content", update.content());
    } else if (operation instanceof Operation.Tag tag) {
      node.put("bullet_id", tag.bulletId());
      node.put("verdict", tag.verdict().name().toLowerCase(Locale.ROOT));
    } else if (operation instanceof Operation.Remove remove) {
      node.put("bullet_id", remove.bulletId());
    } else if (operation instanceof Operation.Merge merge) {
      merge.bulletIds().forEach(node.putArray("merge_ids")::add);
      node.put("content", merge.content());
    }
    node.put("justification", operation.justification());
    return node;
  }

  private static DeltaBatch batch(JsonNode node, JsonFields fields) {
    List<Operation> operations = new ArrayList<>();
    JsonNode list = fields.required(node, "operations", "batch");
    if (!list.isArray()) {
      throw fields.fail("batch.operations", "must be a list");
    }
    for (JsonNode op : list) {
      operations.add(operation(fields.object(op, "operation"), fields));
    }
    return new DeltaBatch(fields.optionalText(node, "reasoning", "batch"), operations,
        fields.provenance(node, "batch"));
  }

  private static Operation operation(JsonNode node, JsonFields fields) {
    String why = fields.optionalText(node, "justification", "op");
    String type = fields.text(node, "type", "op");
    return switch (type) {
      case "ADD" -> new Operation.Add(fields.text(node, "section", "op"), fields.text(node, "content", "op"),
          Optional.of(fields.optionalText(node, "bullet_id", "op")).filter(id -> !id.isEmpty()), why);
      case "UPDATE" -> new Operation.Update(fields.text(node, "bullet_id", "op"), fields.text(node, "content", "op"),
          why);
      case "TAG" -> new Operation.Tag(fields.text(node, "bullet_id", "op"),
          Operation.Verdict.valueOf(fields.text(node, "verdict", "op").toUpperCase(Locale.ROOT)), why);
      case "REMOVE" -> new Operation.Remove(fields.text(node, "bullet_id", "op"), why);
      case "MERGE" -> new Operation.Merge(ids(fields.required(node, "merge_ids", "op")),
          fields.optionalText(node, "content", "op"), why);
      default -> throw fields.fail("op.type", "is '" + type + "'");
    };
  }

  private static List<String> ids(JsonNode node) {
    List<String> ids = new ArrayList<>();
    node.forEach(id -> ids.add(id.asText()));
    return ids;
  }

  private static byte[] readFrom(Path log, long offset) {
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < offset) {
        throw new PlaybookFormatException(log.getFileName().toString(), "is shorter (" + size + " bytes) than "
            + "the " + offset + " bytes already read: it was truncated or replaced");
      }
      ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - offset));
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          break;
        }
      }
      return buffer.array();
    } catch (NoSuchFileException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
    }
  }

  private static int indexOf(byte[] bytes, byte value, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** The log's size in bytes, 0 when it does not exist yet. */
  public static long size(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
    }
  }
}
