package dev.ace4j.coder.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The original system's three JSON files, written from task rows (taken as chronological) with the original's key
 * names and order, so its dashboards and scripts read ours. Each file is replaced atomically (a temporary file in
 * the same folder, then a rename), so a crash leaves the old file or the new one; missing folders are created.
 */
public final class MetricsExport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MetricsExport() {}

  /**
   * The persisted metrics file, {@code ace_learning_metrics.json}: an array with one object per row. Its
   * {@code improvement_score} is the original's formula given a real baseline: the success rate of the rows of the
   * first run in {@code rows} is the baseline; against the cumulative success rate after the row (current), the
   * score is 0.0 when the baseline is 0 or current is not above it, else
   * {@code min(1.0, (current - baseline) / (1.0 - baseline))}.
   */
  public static void writeMetricsFile(Path file, List<TaskRow> rows) {
    write(file, sessions(rows, true));
  }

  /**
   * The visualization export: the original's {@code summary}, {@code learning_curve}, {@code task_type_breakdown}
   * and {@code sessions} (the metrics file's objects without {@code metadata}), and an {@code ace4j} object with
   * the share of first attempts that passed the visible tests, the hidden-test pass rate of each run and the mean
   * attempts to success.
   */
  public static void writeVisualization(Path file, List<TaskRow> rows) {
    writeVisualization(file, rows, Summary.of(rows));
  }

  /** {@link #writeVisualization(Path, List)} with the totals of {@code summary}, the summary of {@code rows}. */
  public static void writeVisualization(Path file, List<TaskRow> rows, Summary summary) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode totals = root.putObject("summary");
    totals.put("total_executions", summary.totalExecutions());
    totals.put("successful_executions", summary.successfulExecutions());
    totals.put("success_rate", summary.successRate());
    totals.put("improvement_rate", summary.improvementRate());
    totals.put("total_strategies_learned", summary.totalStrategiesLearned());
    totals.put("average_iterations", summary.averageIterations());
    totals.put("total_execution_time", summary.totalExecutionTime());
    root.set("learning_curve", summary.learningCurveJson());
    root.set("task_type_breakdown", summary.breakdownJson());
    root.set("sessions", sessions(rows, false));
    ObjectNode ace4j = root.putObject("ace4j");
    ace4j.put("first_attempt_visible_pass_rate", summary.firstAttemptPassRate());
    ace4j.set("hidden_pass_rate_by_run", summary.passRateByRunJson());
    summary.meanAttemptsToSuccess().ifPresentOrElse(mean -> ace4j.put("mean_attempts_to_success", mean),
        () -> ace4j.putNull("mean_attempts_to_success"));
    write(file, root);
  }

  /**
   * The benchmark results file, {@code benchmark_results.json}: totals and one result per row. Like the original it
   * holds no code and no error messages; {@code iterations_used} is the real number of attempts.
   */
  public static void writeBenchmarkResults(Path file, List<TaskRow> rows) {
    writeBenchmarkResults(file, rows, Summary.of(rows));
  }

  /** {@link #writeBenchmarkResults(Path, List)} with the totals of {@code summary}, the summary of {@code rows}. */
  public static void writeBenchmarkResults(Path file, List<TaskRow> rows, Summary summary) {
    Objects.requireNonNull(rows, "rows is null: pass an empty list for no rows");
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode totals = root.putObject("summary");
    totals.put("total_tasks", summary.totalExecutions());
    totals.put("successful", summary.successfulExecutions());
    totals.put("total_time", summary.totalExecutionTime());
    totals.put("total_strategies_learned", summary.totalStrategiesLearned());
    ArrayNode results = root.putArray("results");
    for (TaskRow row : rows) {
      ObjectNode result = results.addObject();
      result.put("task_id", row.taskId());
      result.put("task_name", row.taskName());
      result.put("success", row.success());
      result.put("iterations_used", row.attempts());
      result.put("execution_time", row.durationSeconds());
      result.put("strategies_learned", row.strategiesLearned());
      row.patternsFound().forEach(result.putArray("patterns_found")::add);
      result.put("validation_passed", row.validationPassed());
      ObjectNode metadata = result.putObject("metadata");
      metadata.put("difficulty", row.difficulty());
      metadata.put("language", row.language());
      metadata.put("playbook_size", row.playbookSize());
      metadata.put("hidden_tests_passed", row.hiddenPassed());
      metadata.put("hidden_tests_total", row.hiddenTotal());
      metadata.put("run_id", row.runId());
      metadata.put("model", row.model());
    }
    write(file, root);
  }

  private static ArrayNode sessions(List<TaskRow> rows, boolean withMetadata) {
    Objects.requireNonNull(rows, "rows is null: pass an empty list for no rows");
    List<Double> cumulative = Aggregates.cumulativeSuccessRates(rows);
    double baseline = rows.isEmpty() ? 0.0 : baseline(rows, rows.get(0).runId());
    ArrayNode sessions = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < rows.size(); i++) {
      TaskRow row = rows.get(i);
      double current = cumulative.get(i);
      ObjectNode session = sessions.addObject();
      session.put("timestamp", Aggregates.epochSeconds(row.finishedAt()));
      session.put("task_type", row.taskType());
      session.put("execution_success", row.success());
      session.put("strategies_used", row.strategiesUsed());
      session.put("strategies_learned", row.strategiesLearned());
      session.put("iteration_count", row.attempts());
      session.put("execution_time", row.durationSeconds());
      session.put("playbook_size", row.playbookSize());
      session.put("success_rate", current);
      session.put("improvement_score", improvementScore(baseline, current));
      row.errorType().ifPresentOrElse(error -> session.put("error_type", error), () -> session.putNull("error_type"));
      if (withMetadata) {
        session.set("metadata", metadata(row));
      }
    }
    return sessions;
  }

  private static double baseline(List<TaskRow> rows, long firstRun) {
    List<TaskRow> first = rows.stream().filter(r -> r.runId() == firstRun).toList();
    return Aggregates.rate(Aggregates.successes(first), first.size());
  }

  static double improvementScore(double baseline, double current) {
    if (baseline == 0.0 || current <= baseline) {
      return 0.0;
    }
    return Math.min(1.0, (current - baseline) / (1.0 - baseline));
  }

  private static ObjectNode metadata(TaskRow row) {
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("task_id", row.taskId());
    metadata.put("task_name", row.taskName());
    metadata.put("difficulty", row.difficulty());
    metadata.put("model", row.model());
    metadata.put("run_id", row.runId());
    metadata.put("hidden_tests_passed", row.hiddenPassed());
    metadata.put("hidden_tests_total", row.hiddenTotal());
    metadata.put("first_attempt_passed", row.firstAttemptPassed());
    metadata.put("rounds", row.rounds());
    return metadata;
  }

  private static void write(Path file, JsonNode root) {
    Objects.requireNonNull(file, "file is null: pass the path of the file to write");
    Path temp = null;
    try {
      Path folder = file.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      temp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
      Files.write(temp, JSON.writeValueAsBytes(root));
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the JSON for " + file + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new HistoryException("cannot write " + file + " (" + e.getMessage()
          + "): choose a folder you can write to, or free some disk space", e);
    } finally {
      deleteIfLeft(temp);
    }
  }

  private static void deleteIfLeft(@Nullable Path temp) {
    try {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // A stray hidden temporary file beside the export is harmless; the write's own outcome is what matters.
    }
  }
}
