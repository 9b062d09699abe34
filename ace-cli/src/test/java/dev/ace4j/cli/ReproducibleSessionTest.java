package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.TaskRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bench session whose programs never import, end to end (the real OpenAI-compatible client against a loopback
 * model, the sandbox, SQLite): it repeats exactly, from the response cache or from a recording, and scores each
 * program 0 of its task's real number of hidden tests.
 */
class ReproducibleSessionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TEST_FUNCTION = Pattern.compile("(?m)^def test_");
  private static final Map<String, Long> HIDDEN_TESTS = BuiltinBenchmark.tasks().stream().collect(Collectors.toMap(
      CodeTask::id, task -> TEST_FUNCTION.matcher(task.hiddenTests()).results().count()));

  @TempDir Path folder;

  @Test
  void anIdenticalSecondSessionSendsNoRequest() throws IOException {
    Path home = folder.resolve("home");
    try (FakeCoderServer model = neverImporting()) {
      AceRun first = bench(home, model.baseUrl());
      int requestsOfTheFirst = model.requests();
      AceRun second = bench(home, model.baseUrl());

      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(requestsOfTheFirst).isPositive();
      assertThat(model.requests()).isEqualTo(requestsOfTheFirst);
      assertThat(figures(second)).isEqualTo(figures(first));
    }
  }

  @Test
  void aRecordedSessionReplaysWithTheServerStoppedToTheSameSummary() throws IOException {
    Path recording = folder.resolve("session.jsonl");
    AceRun recorded;
    try (FakeCoderServer model = neverImporting()) {
      recorded = bench(folder.resolve("recording-home"), model.baseUrl(), "--record", recording.toString());
    }

    AceRun replayed = AceRun.withEnvironment(Map.of("ACE4J_HOME", folder.resolve("replay-home").toString()),
        "bench", "--runs", "1", "--rounds", "1", "--model", "replay:" + recording, "--json");

    assertThat(recorded.exitCode()).as(recorded.err()).isZero();
    assertThat(replayed.exitCode()).as(replayed.err()).isZero();
    assertThat(figures(replayed)).isEqualTo(figures(recorded));
  }

  @Test
  void aProgramThatDoesNotImportScoresZeroOfItsTasksRealHiddenTests() throws IOException {
    Path home = folder.resolve("home");
    AceRun run;
    try (FakeCoderServer model = neverImporting()) {
      run = bench(home, model.baseUrl());
    }

    JsonNode report = JSON.readTree(run.out());
    try (History history = History.open(home.resolve("ace.db"))) {
      List<TaskRow> rows = history.tasks(Filter.session(report.path("session_id").asText()));
      assertThat(rows).hasSize(8).allSatisfy(row -> {
        assertThat(row.hiddenPassed()).isZero();
        assertThat(row.hiddenTotal()).as(row.taskId()).isEqualTo(HIDDEN_TESTS.get(row.taskId())).isGreaterThan(1);
      });
    }
    JsonNode results = JSON.readTree(Path.of(report.at("/exports/" + SessionReport.BENCHMARK_RESULTS).asText())
        .toFile());
    assertThat(results.path("results")).hasSize(8).allSatisfy(result -> {
      assertThat(result.at("/metadata/hidden_tests_passed").asLong()).isZero();
      assertThat(result.at("/metadata/hidden_tests_total").asLong())
          .isEqualTo(HIDDEN_TESTS.get(result.path("task_id").asText()));
    });
    assertThat(run.err()).contains("✗ easy_factorial: hidden 0/10")
        .contains("run 1 done: 0/8 passed the hidden tests (0.0%), 0/8 passed the visible tests at the first attempt");
  }

  /** A model whose programs raise on import, whatever it has learned. */
  private static FakeCoderServer neverImporting() throws IOException {
    return new FakeCoderServer(Set.of(), taskId -> FakeCoderServer.WRONG);
  }

  private static AceRun bench(Path home, String baseUrl, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("bench", "--runs", "1", "--rounds", "1", "--model",
        "openai-compatible:fake-coder", "--base-url", baseUrl, "--json"));
    args.addAll(List.of(more));
    return AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString(), "OPENAI_API_KEY", "sk-test"),
        args.toArray(String[]::new));
  }

  /** The summary's figures, without what differs between sessions however alike (ids, times, paths). */
  private static JsonNode figures(AceRun run) throws IOException {
    ObjectNode summary = (ObjectNode) JSON.readTree(run.out()).path("summary").deepCopy();
    summary.remove(List.of("learning_curve", "total_execution_time", "hidden_pass_rate_by_run"));
    ObjectNode figures = JSON.createObjectNode();
    figures.set("summary", summary);
    figures.set("hidden_by_difficulty", JSON.readTree(run.out()).path("hidden_by_difficulty"));
    figures.set("playbook", JSON.readTree(run.out()).path("playbook"));
    return figures;
  }
}
