package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.Session;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.core.Bullet;
import dev.ace4j.core.PlaybookJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ace bench} end to end: the real OpenAI-compatible client, a loopback model, the sandbox, SQLite. */
class BenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-test-bench-77c1f0e2d9";
  private static final Map<String, String> REFERENCES = BuiltinBenchmark.tasks().stream()
      .collect(Collectors.toMap(CodeTask::id, t -> t.referenceSolution().orElseThrow()));

  @TempDir Path home;

  @Test
  void learnsInRunOneWhatItGetsRightInRunTwoAndReportsIt() throws IOException {
    Set<String> readsReflections = Set.of("easy_fibonacci", "easy_palindrome", "medium_binary_search",
        "hard_lru_cache");
    AceRun run;
    int requests;
    try (FakeCoderServer model = new FakeCoderServer(readsReflections, REFERENCES::get)) {
      run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString(), "OPENAI_API_KEY", KEY), "bench",
          "--runs", "2", "--parallel", "4", "--model", "openai-compatible:fake-coder", "--base-url",
          model.baseUrl(), "--json");
      requests = model.requests();
      assertThat(model.authorizations).allMatch(header -> header.equals("Bearer " + KEY));
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    // Run 1: the four that read reflections are fixed on their second attempt; the others fail all four.
    // Run 2 starts from the playbook run 1 grew: all eight are right at once.
    assertThat(report.at("/summary/hidden_pass_rate_by_run/0/passed").asInt()).isEqualTo(4);
    assertThat(report.at("/summary/hidden_pass_rate_by_run/1/passed").asInt()).isEqualTo(8);
    assertThat(report.at("/summary/improvement_rate").asDouble()).isEqualTo(0.5);
    assertThat(report.at("/summary/successful_executions").asInt()).isEqualTo(12);
    assertThat(report.at("/summary/input_tokens").asLong()).isPositive();
    assertThat(requests).isLessThan(200);

    assertThat(report.at("/playbook/effectiveness/0/helpful").asInt()).isEqualTo(8);
    assertThat(report.at("/playbook/effectiveness/0/effectiveness").asDouble()).isEqualTo(1.0);
    Path playbook = Path.of(report.path("playbook_file").asText());
    List<Bullet> bullets = PlaybookJson.read(playbook).active();
    assertThat(bullets).singleElement().satisfies(rule -> {
      assertThat(rule.content()).isEqualTo(FakeCoderServer.RULE);
      assertThat(rule.helpful()).isEqualTo(8);
    });

    JsonNode exports = report.path("exports");
    JsonNode results = JSON.readTree(Path.of(exports.path(SessionReport.BENCHMARK_RESULTS).asText()).toFile());
    assertThat(results.at("/summary/total_tasks").asInt()).isEqualTo(16);
    assertThat(results.at("/summary/successful").asInt()).isEqualTo(12);
    assertThat(results.at("/summary/total_strategies_learned").asInt()).isEqualTo(1);
    JsonNode metrics = JSON.readTree(Path.of(exports.path(SessionReport.METRICS_FILE).asText()).toFile());
    assertThat(metrics.isArray()).isTrue();
    assertThat(metrics).hasSize(16);
    JsonNode visualization = JSON.readTree(Path.of(exports.path(SessionReport.VISUALIZATION).asText()).toFile());
    assertThat(visualization.at("/summary/improvement_rate").asDouble()).isEqualTo(0.5);

    try (History history = History.open(home.resolve("ace.db"))) {
      List<TaskRow> rows = history.tasks(Filter.session(report.path("session_id").asText()));
      assertThat(rows).hasSize(16);
      long firstRun = rows.get(0).runId();
      assertThat(rows.stream().filter(r -> r.runId() == firstRun).mapToInt(TaskRow::attempts).sum())
          .isEqualTo(4 * 2 + 4 * 4);
      assertThat(history.attempts(firstRun)).hasSize(24);
      assertThat(rows.stream().filter(r -> r.runId() != firstRun)).allMatch(TaskRow::firstAttemptPassed);
    }
    assertThat(run.out() + run.err()).doesNotContain(KEY).doesNotContain("nothing learned");
    try (Stream<Path> files = Files.walk(home)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
            .doesNotContain(KEY);
      }
    }
  }

  @Test
  void theReferenceSolutionsPassEveryHiddenTest() throws IOException {
    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--model", "reference",
        "--runs", "1", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.at("/summary/successful_executions").asInt()).isEqualTo(8);
    assertThat(report.at("/summary/total_executions").asInt()).isEqualTo(8);
    assertThat(run.err()).contains("✓ hard_lru_cache: hidden 10/10").doesNotContain("nothing learned")
        .containsPattern("\\[8/8\\] ✓ \\w+: hidden \\d+/\\d+, 1 attempt, playbook v\\d+ \\(\\d+ bullets?\\)"
            + " · \\d+:\\d\\d elapsed\n")
        .containsPattern("\\[1/8\\] ✓ .* elapsed, about \\d+:\\d\\d left");
  }

  @Test
  void aModelThatKeepsFailingStopsTheSessionWithOneLineThatSaysHowToGoOn() {
    AceRun run;
    int requests;
    String url;
    try (CannedServer server = CannedServer.answering(503)) {
      url = server.url();
      run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--runs", "1", "--parallel",
          "8", "--model", "openai-compatible:down", "--base-url", url);
      requests = server.requests();
    }

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(requests).isBetween(8, 200);
    try (History history = History.open(home.resolve("ace.db"))) {
      Session session = history.lastSession("bench").orElseThrow();
      assertThat(session.complete()).isFalse();
      assertThat(run.errLines()).last().asString().startsWith("ace: the model failed: ")
          .contains("503", "ace bench --resume " + session.sessionId().substring(0, 8));
      assertThat(SessionSettings.baseUrl(new AceHome(home), session.sessionId())).as("for --resume").contains(url);
    }
  }

  @Test
  void withNoModelConfiguredExitsTwoAndListsEveryWayToConfigureOne() {
    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .contains("ACE4J_MODEL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_HOST");
  }

  @Test
  void aMissingApiKeyIsNamedAndNothingIsRecorded() {
    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--model",
        "anthropic:claude-haiku-4-5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("ANTHROPIC_API_KEY");
    assertThat(home.resolve("playbooks")).doesNotExist();
  }

  @Test
  void anUnknownModelSpecIsBadInput() {
    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--model", "gpt-5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("gpt-5");
  }

  @Test
  void resumingWithNothingToResumeIsBadInput() {
    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--model", "reference",
        "--resume");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("no bench session", "without --resume");
  }

  @Test
  void refusesAnUnknownSuiteAndNonsenseCounts() {
    Map<String, String> environment = Map.of("ACE4J_HOME", home.toString());
    assertThat(AceRun.withEnvironment(environment, "bench", "--suite", "humaneval").errLines()).singleElement()
        .asString().contains("--suite humaneval", "builtin");
    AceRun zeroRuns = AceRun.withEnvironment(environment, "bench", "--runs", "0", "--model", "reference");
    assertThat(zeroRuns.exitCode()).isEqualTo(2);
    assertThat(zeroRuns.errLines()).singleElement().asString().contains("--runs 0");
    AceRun rounds = AceRun.withEnvironment(environment, "bench", "--rounds", "9", "--model", "reference");
    assertThat(rounds.errLines()).singleElement().asString().contains("--rounds 9", "1 to 5");
  }
}
