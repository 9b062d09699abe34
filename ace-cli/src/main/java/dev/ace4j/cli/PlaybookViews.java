package dev.ace4j.cli;

import dev.ace4j.core.Bullet;
import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.Operation;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookDiff;
import dev.ace4j.core.PlaybookStore;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code ace playbook} prints for people: bullets by section with their counters (in colour on a terminal),
 * the markdown export, a diff, the history. Text from the playbook is printed through {@link TerminalText#inline},
 * since a model wrote it.
 */
final class PlaybookViews {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private PlaybookViews() {}

  /** ANSI colours, or none. */
  record Colours(String bold, String green, String red, String dim, String reset) {
    static final Colours NONE = new Colours("", "", "", "", "");
    static final Colours ANSI = new Colours("\u001b[1m", "\u001b[32m", "\u001b[31m", "\u001b[2m", "\u001b[0m");

    /**
     * Colours on a terminal that draws them, never with {@code NO_COLOR} set (no-color.org), and also off a
     * terminal with {@code FORCE_COLOR} set (for pagers such as {@code less -R}).
     */
    static Colours of(Map<String, String> environment) {
      if (!environment.getOrDefault("NO_COLOR", "").isEmpty()) {
        return NONE;
      }
      String force = environment.getOrDefault("FORCE_COLOR", "");
      boolean forced = !force.isEmpty() && !force.equals("0");
      boolean terminal = ProgressPrinter.Mode.of(false, environment) == ProgressPrinter.Mode.LIVE;
      return forced || terminal ? ANSI : NONE;
    }
  }

  /** The active bullets by section, each with its counters. */
  static String show(Playbook playbook, String file, Map<String, List<Bullet>> sections, Colours c) {
    StringBuilder out = new StringBuilder();
    int bullets = sections.values().stream().mapToInt(List::size).sum();
    out.append(c.dim()).append(TerminalText.inline(file)).append(", version ").append(playbook.version())
        .append(": ").append(Plural.of(bullets, "bullet")).append(" in ").append(Plural.of(sections.size(), "section"))
        .append(c.reset()).append('\n');
    for (Map.Entry<String, List<Bullet>> section : sections.entrySet()) {
      out.append('\n').append(c.bold()).append("## ").append(TerminalText.inline(section.getKey()))
          .append(c.reset()).append('\n');
      for (Bullet bullet : section.getValue()) {
        out.append("[").append(bullet.id()).append("] ")
            .append(c.green()).append("helpful=").append(bullet.helpful()).append(c.reset()).append(' ')
            .append(c.red()).append("harmful=").append(bullet.harmful()).append(c.reset()).append(' ')
            .append(c.dim()).append("neutral=").append(bullet.neutral()).append(c.reset())
            .append(" :: ").append(TerminalText.inline(bullet.content())).append('\n');
      }
    }
    return out.toString();
  }

  /** The active bullets as a markdown document: a heading per section, a list item per bullet. */
  static String markdown(Playbook playbook) {
    StringBuilder out = new StringBuilder("# Playbook (version " + playbook.version() + ")\n");
    for (Map.Entry<String, List<Bullet>> section : playbook.bySection().entrySet()) {
      out.append("\n## ").append(section.getKey().strip()).append("\n\n");
      for (Bullet bullet : section.getValue()) {
        out.append("- `").append(bullet.id()).append("` (helpful ").append(bullet.helpful()).append(", harmful ")
            .append(bullet.harmful()).append(", neutral ").append(bullet.neutral()).append("): ")
            .append(bullet.content().strip().replace("\n", "\n  ")).append('\n');
      }
    }
    return out.toString();
  }

  /** The diff as lines: {@code +} added, {@code -} removed, {@code ~} changed. */
  static String diff(PlaybookDiff diff, String from, String to) {
    StringBuilder out = new StringBuilder();
    out.append(from).append(" → ").append(to).append(": ").append(diff.added().size()).append(" added, ")
        .append(diff.removed().size()).append(" removed, ").append(diff.changed().size()).append(" changed\n");
    diff.added().forEach(b -> out.append("+ ").append(line(b)).append('\n'));
    diff.removed().forEach(b -> out.append("- ").append(line(b)).append('\n'));
    for (PlaybookDiff.Change change : diff.changed()) {
      Bullet before = change.before();
      Bullet after = change.after();
      out.append("~ [").append(after.id()).append("]");
      counter(out, "helpful", before.helpful(), after.helpful());
      counter(out, "harmful", before.harmful(), after.harmful());
      counter(out, "neutral", before.neutral(), after.neutral());
      if (!before.content().equals(after.content())) {
        out.append(" content: ").append(TerminalText.inline(before.content())).append(" → ")
            .append(TerminalText.inline(after.content()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** One line per version: number, time (UTC), and what the batch did. */
  static String history(List<PlaybookStore.Version> versions, String file) {
    if (versions.isEmpty()) {
      return TerminalText.inline(file) + ": no changes yet\n";
    }
    StringBuilder out = new StringBuilder();
    for (PlaybookStore.Version version : versions) {
      out.append(String.format("v%-5d %s UTC  %s%n", version.version(), WHEN.format(version.appliedAt()),
          TerminalText.inline(summary(version.batch()))));
    }
    return out.toString();
  }

  /** What a batch did: its reasoning, then its operations counted by type, e.g. {@code ADD 2, TAG 5}. */
  static String summary(DeltaBatch batch) {
    String reasoning = batch.reasoning().strip().lines().findFirst().orElse("");
    reasoning = reasoning.length() > 70 ? reasoning.substring(0, 67) + "..." : reasoning;
    String operations = String.join(", ", operationCounts(batch).entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).toList());
    if (operations.isEmpty()) {
      return reasoning.isEmpty() ? "no operations" : reasoning;
    }
    return reasoning.isEmpty() ? operations : reasoning + ": " + operations;
  }

  /** The batch's operations counted by type, types in alphabetical order. */
  static Map<String, Integer> operationCounts(DeltaBatch batch) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Operation operation : batch.operations()) {
      counts.merge(operation.type(), 1, Integer::sum);
    }
    return counts;
  }

  private static String line(Bullet bullet) {
    return "[" + bullet.id() + "] " + TerminalText.inline(bullet.section()) + " :: "
        + TerminalText.inline(bullet.content());
  }

  private static void counter(StringBuilder out, String name, int before, int after) {
    if (before != after) {
      out.append(' ').append(name).append(' ').append(before).append("→").append(after);
    }
  }
}
