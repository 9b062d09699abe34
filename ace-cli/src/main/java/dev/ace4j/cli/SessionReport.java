package dev.ace4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.history.BulletEffectiveness;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.MetricsExport;
import dev.ace4j.coder.history.Summary;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.core.Playbook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the history says about some of its rows (a session, a kind, a model): the exports in the original system's
 * JSON shapes, and the summary as text or as one JSON document. The end of a bench or eval session, and
 * {@code ace metrics}.
 */
final class SessionReport {
  static final String BENCHMARK_RESULTS = "benchmark_results.json";
  static final String METRICS_FILE = "ace_learning_metrics.json";
  static final String VISUALIZATION = "ace_metrics_visualization.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int SHOWN_BULLETS = 5;

  private final List<TaskRow> rows;
  private final Summary summary;
  private final Optional<Playbook> playbook;
  private final Map<String, Path> exports = new LinkedHashMap<>();

  /**
   * @param playbook the playbook the session of {@code filter} learned into, when it is at hand: then the strategies
   *     learned are its active bullets that the session added, else what the rows recorded as each task finished
   */
  SessionReport(History history, Filter filter, Optional<Playbook> playbook) {
    this.rows = history.tasks(filter);
    this.playbook = playbook;
    Summary recorded = history.summary(filter);
    this.summary = filter.sessionId().flatMap(session -> playbook.map(book -> stillActive(book, session)))
        .map(recorded::withStrategiesLearned).orElse(recorded);
  }

  /** The active bullets of {@code playbook} that session {@code sessionId} added (its run id is the session's). */
  private static long stillActive(Playbook playbook, String sessionId) {
    return playbook.active().stream().filter(bullet -> bullet.provenance().runId().equals(sessionId)).count();
  }

  List<TaskRow> rows() {
    return rows;
  }

  /** The share of the rows whose task passed its hidden tests. */
  double successRate() {
    return summary.successRate();
  }

  /** The share of the last run's tasks that passed their hidden tests: what the learning reached. */
  double lastRunPassRate() {
    var runs = summary.passRateByRun();
    return runs.isEmpty() ? 0 : runs.get(runs.size() - 1).passRate();
  }

  /** Writes the three exports into {@code folder}. */
  void exportTo(Path folder) {
    export(BENCHMARK_RESULTS, folder.resolve(BENCHMARK_RESULTS));
    export(METRICS_FILE, folder.resolve(METRICS_FILE));
    export(VISUALIZATION, folder.resolve(VISUALIZATION));
  }

  /** Writes the export {@code kind} (one of this class's file names) to {@code file}. */
  void export(String kind, Path file) {
    switch (kind) {
      case BENCHMARK_RESULTS -> MetricsExport.writeBenchmarkResults(file, rows, summary);
      case METRICS_FILE -> MetricsExport.writeMetricsFile(file, rows);
      case VISUALIZATION -> MetricsExport.writeVisualization(file, rows, summary);
      default -> throw new IllegalArgumentException("no export " + kind);
    }
    exports.put(kind, file.toAbsolutePath());
  }

  /** Whether every task of every run passed its hidden tests. */
  boolean allPassed() {
    return !rows.isEmpty() && rows.stream().allMatch(TaskRow::success);
  }

  /** The summary for a terminal; with the effectiveness of the playbook's bullets when it is at hand. */
  void printText(PrintWriter out, String header) {
    out.println(header);
    out.print(summary.render());
    out.println("hidden tests passed by difficulty: " + byDifficulty());
    playbook.ifPresent(book -> printBullets(out, book));
    exports.forEach((kind, file) -> out.println("wrote " + file));
    out.flush();
  }

  private static void printBullets(PrintWriter out, Playbook playbook) {
    List<BulletEffectiveness> bullets = BulletEffectiveness.of(playbook);
    if (!bullets.isEmpty()) {
      out.println("playbook: " + playbook.active().size() + " bullets, version " + playbook.version()
          + "; most effective (helpful / (helpful + harmful)):");
      bullets.stream().limit(SHOWN_BULLETS).forEach(b -> out.println("  [" + b.bulletId() + "] "
          + b.effectiveness().map(e -> String.format(Locale.ROOT, "%.2f", e)).orElse("untagged") + "  "
          + abbreviate(b.content())));
    }
  }

  /**
   * One JSON document: {@code fields}, the summary, hidden-test passes by difficulty, the playbook's bullets (when at
   * hand), exports.
   */
  ObjectNode json(Map<String, ? extends @Nullable String> fields) {
    ObjectNode root = MAPPER.createObjectNode();
    fields.forEach(root::put);
    root.set("summary", summary.toJson());
    ObjectNode difficulty = root.putObject("hidden_by_difficulty");
    byDifficultyCounts().forEach((level, counts) -> difficulty.putObject(level)
        .put("passed", counts[0]).put("total", counts[1]));
    playbook.ifPresent(book -> bulletsJson(root.putObject("playbook"), book));
    ObjectNode files = root.putObject("exports");
    exports.forEach((kind, file) -> files.put(kind, file.toString()));
    return root;
  }

  /**
   * {@link #json} of an evaluation, with its samples per task and pass@k (Chen et al.) by k; Jackson stays out of
   * the command's own class, which every {@code ace --help} loads.
   */
  ObjectNode json(Map<String, ? extends @Nullable String> fields, int samplesPerTask, Map<Integer, Double> passAtK) {
    ObjectNode root = json(fields);
    root.put("samples_per_task", samplesPerTask);
    ObjectNode estimates = root.putObject("pass_at_k");
    passAtK.forEach((k, value) -> estimates.put("pass@" + k, value));
    return root;
  }

  private static void bulletsJson(ObjectNode book, Playbook playbook) {
    book.put("version", playbook.version());
    book.put("bullets", playbook.active().size());
    var effectiveness = book.putArray("effectiveness");
    BulletEffectiveness.of(playbook).forEach(b -> {
      ObjectNode entry = effectiveness.addObject();
      entry.put("id", b.bulletId()).put("helpful", b.helpful()).put("harmful", b.harmful());
      b.effectiveness().ifPresentOrElse(e -> entry.put("effectiveness", e), () -> entry.putNull("effectiveness"));
      entry.put("content", b.content());
    });
  }

  /** Hidden-test passes by difficulty over the last run, as the original's "Performance by Difficulty". */
  private String byDifficulty() {
    StringBuilder text = new StringBuilder();
    byDifficultyCounts().forEach((level, counts) -> text.append(text.length() == 0 ? "" : ", ")
        .append(level).append(' ').append(counts[0]).append('/').append(counts[1]));
    return text.length() == 0 ? "no tasks" : text + " (last run)";
  }

  private Map<String, long[]> byDifficultyCounts() {
    Map<String, long[]> counts = new LinkedHashMap<>();
    if (rows.isEmpty()) {
      return counts;
    }
    long lastRun = rows.stream().mapToLong(TaskRow::runId).max().orElseThrow();
    for (String level : List.of("easy", "medium", "hard")) {
      List<TaskRow> of = rows.stream().filter(r -> r.runId() == lastRun && r.difficulty().equals(level)).toList();
      if (!of.isEmpty()) {
        counts.put(level, new long[] {of.stream().filter(TaskRow::success).count(), of.size()});
      }
    }
    return counts;
  }

  private static String abbreviate(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 100 ? line.substring(0, 100) + "…" : line;
  }
}
