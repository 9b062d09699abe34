package dev.ace4j.core;

import dev.ace4j.core.internal.ImportedPlaybook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ACE paper's text format, both ways:
 *
 * <pre>
 * ## STRATEGIES &amp; INSIGHTS
 * [str-00001] helpful=5 harmful=0 :: Always verify data types before processing
 * </pre>
 *
 * <p>Reading also accepts the AppWorld form {@code [id] content} without counters (they read as 0); blank lines are
 * skipped and bullets before the first header go to {@code OTHERS}, as in the paper's code. Any other line is an
 * error rather than silently dropped. The format has no neutral counter, timestamps, status or provenance: reading
 * gives active bullets with neutral 0, stamped with the import time, at version 1 (0 when empty).
 *
 * <p>Writing emits active bullets only, under their section headers (names as stored). One bullet is one line, so
 * line breaks in content are written as {@code \n} and backslashes as {@code \\} (an ace4j extension the reader
 * undoes), so a round trip keeps ids, sections, content, helpful and harmful exactly.
 */
public final class PlaybookText {
  private static final Pattern WITH_COUNTERS =
      Pattern.compile("\\[([^\\]]+)\\]\\s*helpful=(\\d+)\\s*harmful=(\\d+)\\s*::\\s*(.*)");
  private static final Pattern WITHOUT_COUNTERS = Pattern.compile("\\[([^\\]]+)\\]\\s*(.*)");
  private static final String DEFAULT_SECTION = "OTHERS";

  private PlaybookText() {}

  /** The text of {@code playbook}'s active bullets, sections in order. */
  public static String write(Playbook playbook) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<Bullet>> section : playbook.bySection().entrySet()) {
      out.append("## ").append(section.getKey()).append('\n');
      for (Bullet bullet : section.getValue()) {
        out.append('[').append(bullet.id()).append("] helpful=").append(bullet.helpful())
            .append(" harmful=").append(bullet.harmful()).append(" :: ").append(escape(bullet.content()))
            .append('\n');
      }
    }
    return out.toString();
  }

  /** Reads the text format, stamping bullets with the current time. */
  public static Playbook read(String text, String source) {
    return read(text, source, Instant.now());
  }

  /**
   * Reads the text format.
   *
   * @param source names the input in error messages, e.g. the file name
   * @param importedAt the created and updated time of every bullet (the format has none)
   * @throws PlaybookFormatException naming {@code source}, the line number and the problem; nothing is loaded
   */
  public static Playbook read(String text, String source, Instant importedAt) {
    List<String> sections = new ArrayList<>();
    List<Bullet> bullets = new ArrayList<>();
    String section = null;
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String where = source + " line " + (i + 1);
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("##")) {
        section = line.substring(2).strip();
        if (section.isEmpty()) {
          throw new PlaybookFormatException(where, "section header without a name");
        }
        sections.add(section);
        continue;
      }
      bullets.add(bullet(line, section == null ? DEFAULT_SECTION : section, importedAt, where));
    }
    return ImportedPlaybook.build(source, sections, bullets, 1);
  }

  private static Bullet bullet(String line, String section, Instant importedAt, String where) {
    int helpful = 0;
    int harmful = 0;
    String id;
    String content;
    Matcher full = WITH_COUNTERS.matcher(line);
    Matcher simple = WITHOUT_COUNTERS.matcher(line);
    if (full.matches()) {
      id = full.group(1).strip();
      helpful = count(full.group(2), where);
      harmful = count(full.group(3), where);
      content = full.group(4);
    } else if (simple.matches()) {
      id = simple.group(1).strip();
      content = simple.group(2);
    } else {
      throw new PlaybookFormatException(where, "expected '## SECTION', '[id] helpful=X harmful=Y :: content' or "
          + "'[id] content', found: " + abbreviate(line));
    }
    if (!Bullet.ID.matcher(id).matches()) {
      throw new PlaybookFormatException(where, "id '" + id + "' is not of the form slug-00001");
    }
    content = unescape(content).strip();
    if (content.isEmpty()) {
      throw new PlaybookFormatException(where, "bullet " + id + " has no content");
    }
    return new Bullet(id, section, content, helpful, harmful, 0, importedAt, importedAt, Bullet.Status.ACTIVE, 1,
        new Provenance("", "", "IMPORT", ""), List.of());
  }

  private static int count(String digits, String where) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new PlaybookFormatException(where, "counter " + digits + " is too large", e);
    }
  }

  private static String escape(String content) {
    return content.replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
  }

  /** Undoes {@link #escape}: {@code \\} → {@code \}, {@code \n} → line break; other backslashes stay. */
  private static String unescape(String content) {
    if (content.indexOf('\\') < 0) {
      return content;
    }
    StringBuilder out = new StringBuilder(content.length());
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == '\\' && i + 1 < content.length() && (content.charAt(i + 1) == '\\' || content.charAt(i + 1) == 'n')) {
        out.append(content.charAt(i + 1) == 'n' ? '\n' : '\\');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
