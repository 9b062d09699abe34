package dev.ace4j.coder.history;

import static dev.ace4j.coder.history.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original system's three JSON files, read back from disk. */
class MetricsExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SESSION_KEYS = List.of("timestamp", "task_type", "execution_success",
      "strategies_used", "strategies_learned", "iteration_count", "execution_time", "playbook_size", "success_rate",
      "improvement_score", "error_type");

  @TempDir
  Path folder;

  /** Run 1 fails then succeeds (baseline 0.5), run 2 succeeds. */
  private static List<TaskRow> rows() {
    return List.of(task(1, "fizzbuzz", false, 0), task(1, "reverse", true, 1), task(2, "fizzbuzz", true, 2));
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    Iterator<String> names = node.fieldNames();
    names.forEachRemaining(keys::add);
    return keys;
  }

  private JsonNode read(Path file) throws IOException {
    return JSON.readTree(Files.readString(file));
  }

  @Test
  void writesTheMetricsFileAsAnArrayOfSessionsWithMetadata() throws IOException {
    Path file = folder.resolve("out").resolve("ace_learning_metrics.json");
    MetricsExport.writeMetricsFile(file, rows());

    JsonNode sessions = read(file);
    assertThat(sessions.isArray()).isTrue();
    assertThat(sessions).hasSize(3);
    List<String> expected = Stream.concat(SESSION_KEYS.stream(), Stream.of("metadata")).toList();
    sessions.forEach(session -> assertThat(keys(session)).containsExactlyElementsOf(expected));
    assertThat(keys(sessions.get(0).get("metadata"))).containsExactly("task_id", "task_name", "difficulty", "model",
        "run_id", "hidden_tests_passed", "hidden_tests_total", "first_attempt_passed", "rounds");
  }

  @Test
  void fillsTheMetricsFileWithTheRowsValues() throws IOException {
    Path file = folder.resolve("ace_learning_metrics.json");
    MetricsExport.writeMetricsFile(file, rows());

    JsonNode first = read(file).get(0);
    assertThat(first.get("timestamp").asDouble()).isEqualTo((double) Fixtures.T0.getEpochSecond());
    assertThat(first.get("task_type").asText()).isEqualTo("algorithm");
    assertThat(first.get("execution_success").asBoolean()).isFalse();
    assertThat(first.get("strategies_used").asInt()).isEqualTo(2);
    assertThat(first.get("strategies_learned").asInt()).isEqualTo(1);
    assertThat(first.get("iteration_count").asInt()).isEqualTo(3);
    assertThat(first.get("execution_time").asDouble()).isEqualTo(1.5);
    assertThat(first.get("playbook_size").asInt()).isEqualTo(7);
    assertThat(first.get("error_type").asText()).isEqualTo("AssertionError");
    assertThat(first.get("metadata").get("task_id").asText()).isEqualTo("fizzbuzz");
    assertThat(first.get("metadata").get("hidden_tests_passed").asLong()).isEqualTo(2);
    assertThat(first.get("metadata").get("rounds").asInt()).isEqualTo(2);
    assertThat(read(file).get(1).get("error_type").isNull()).isTrue();
  }

  @Test
  void scoresImprovementAgainstTheFirstRunsSuccessRate() throws IOException {
    Path file = folder.resolve("ace_learning_metrics.json");
    MetricsExport.writeMetricsFile(file, rows());

    JsonNode sessions = read(file);
    assertThat(sessions).extracting(s -> s.get("success_rate").asDouble()).containsExactly(0.0, 0.5, 2.0 / 3);
    // baseline 0.5: not above it for the first two rows; (2/3 - 1/2) / (1 - 1/2) for the third
    assertThat(sessions.get(0).get("improvement_score").asDouble()).isZero();
    assertThat(sessions.get(1).get("improvement_score").asDouble()).isZero();
    assertThat(sessions.get(2).get("improvement_score").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void scoresNoImprovementAgainstABaselineOfZero() {
    assertThat(MetricsExport.improvementScore(0.0, 0.9)).isZero();
    assertThat(MetricsExport.improvementScore(0.2, 1.0)).isEqualTo(1.0);
  }

  @Test
  void writesTheVisualizationWithTheOriginalKeysAndSessionsWithoutMetadata() throws IOException {
    Path file = folder.resolve("viz.json");
    MetricsExport.writeVisualization(file, rows());

    JsonNode root = read(file);
    assertThat(keys(root)).containsExactly("summary", "learning_curve", "task_type_breakdown", "sessions", "ace4j");
    assertThat(keys(root.get("summary"))).containsExactly("total_executions", "successful_executions",
        "success_rate", "improvement_rate", "total_strategies_learned", "average_iterations",
        "total_execution_time");
    assertThat(keys(root.get("learning_curve").get(0))).containsExactly("timestamp", "success_rate");
    assertThat(keys(root.get("task_type_breakdown").get("algorithm"))).containsExactly("count", "successes",
        "strategies_learned", "avg_iterations", "success_rate");
    root.get("sessions").forEach(session -> assertThat(keys(session)).containsExactlyElementsOf(SESSION_KEYS));
    assertThat(keys(root.get("ace4j"))).containsExactly("first_attempt_visible_pass_rate", "hidden_pass_rate_by_run",
        "mean_attempts_to_success");
  }

  @Test
  void fillsTheVisualizationWithTheSummary() throws IOException {
    Path file = folder.resolve("viz.json");
    MetricsExport.writeVisualization(file, rows());

    JsonNode root = read(file);
    JsonNode summary = root.get("summary");
    assertThat(summary.get("total_executions").asInt()).isEqualTo(3);
    assertThat(summary.get("successful_executions").asInt()).isEqualTo(2);
    assertThat(summary.get("success_rate").asDouble()).isEqualTo(2.0 / 3);
    // first half [F] = 0, second half [T, T] = 1
    assertThat(summary.get("improvement_rate").asDouble()).isEqualTo(1.0);
    assertThat(summary.get("total_strategies_learned").asLong()).isEqualTo(1);
    assertThat(summary.get("average_iterations").asDouble()).isEqualTo(5.0 / 3);
    assertThat(summary.get("total_execution_time").asDouble()).isEqualTo(4.5);
    assertThat(root.get("learning_curve").get(2).get("success_rate").asDouble()).isEqualTo(2.0 / 3);
    assertThat(root.get("task_type_breakdown").get("algorithm").get("count").asInt()).isEqualTo(3);
    assertThat(root.get("ace4j").get("hidden_pass_rate_by_run").get(1).get("pass_rate").asDouble()).isEqualTo(1.0);
  }

  @Test
  void writesTheBenchmarkResultsWithTheOriginalKeysAndNoCode() throws IOException {
    Path file = folder.resolve("benchmark_results.json");
    MetricsExport.writeBenchmarkResults(file, rows());

    JsonNode root = read(file);
    assertThat(keys(root)).containsExactly("summary", "results");
    assertThat(keys(root.get("summary"))).containsExactly("total_tasks", "successful", "total_time",
        "total_strategies_learned");
    JsonNode result = root.get("results").get(0);
    assertThat(keys(result)).containsExactly("task_id", "task_name", "success", "iterations_used",
        "execution_time", "strategies_learned", "patterns_found", "validation_passed", "metadata");
    assertThat(keys(result.get("metadata"))).containsExactly("difficulty", "language", "playbook_size",
        "hidden_tests_passed", "hidden_tests_total", "run_id", "model");
    assertThat(Files.readString(file)).doesNotContain("AssertionError");
  }

  @Test
  void fillsTheBenchmarkResultsWithTheRowsValues() throws IOException {
    Path file = folder.resolve("benchmark_results.json");
    MetricsExport.writeBenchmarkResults(file, rows());

    JsonNode root = read(file);
    assertThat(root.get("summary").get("total_tasks").asInt()).isEqualTo(3);
    assertThat(root.get("summary").get("successful").asInt()).isEqualTo(2);
    assertThat(root.get("summary").get("total_time").asDouble()).isEqualTo(4.5);
    JsonNode result = root.get("results").get(0);
    assertThat(result.get("task_name").asText()).isEqualTo("Task fizzbuzz");
    assertThat(result.get("iterations_used").asInt()).isEqualTo(3);
    assertThat(result.get("patterns_found").get(0).asText()).isEqualTo("def ");
    assertThat(result.get("validation_passed").asBoolean()).isFalse();
    assertThat(result.get("metadata").get("language").asText()).isEqualTo("python");
    assertThat(result.get("metadata").get("run_id").asLong()).isEqualTo(1);
  }

  @Test
  void replacesAnExistingFileWithoutLeavingTemporaryFiles() throws IOException {
    Path file = folder.resolve("benchmark_results.json");
    Files.writeString(file, "old");
    MetricsExport.writeBenchmarkResults(file, rows());

    assertThat(read(file).get("summary").get("total_tasks").asInt()).isEqualTo(3);
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writesEmptyExportsForNoRows() throws IOException {
    Path file = folder.resolve("viz.json");
    MetricsExport.writeVisualization(file, List.of());

    JsonNode root = read(file);
    assertThat(root.get("summary").get("total_executions").asInt()).isZero();
    assertThat(root.get("sessions")).isEmpty();
    assertThat(root.get("ace4j").get("mean_attempts_to_success").isNull()).isTrue();
  }
}
