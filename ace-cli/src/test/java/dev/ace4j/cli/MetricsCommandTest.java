package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.RunStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ace metrics summary} and {@code export} over the history that bench and eval wrote. */
class MetricsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private Map<String, String> environment() {
    return Map.of("ACE4J_HOME", home.toString());
  }

  @Test
  void summarizesAndExportsTheLastSessionOfAKind() throws IOException {
    AceRun eval = AceRun.withEnvironment(environment(), "eval", "--dataset", "builtin", "--model", "reference",
        "--limit", "2");
    assertThat(eval.exitCode()).as(eval.err()).isZero();

    AceRun summary = AceRun.withEnvironment(environment(), "metrics", "summary", "--last", "eval", "--json");
    AceRun text = AceRun.withEnvironment(environment(), "metrics", "summary");
    Path out = home.resolve("exports");
    AceRun export = AceRun.withEnvironment(environment(), "metrics", "export", "--kind", "eval", "--out",
        out.toString());

    assertThat(summary.exitCode()).as(summary.err()).isZero();
    JsonNode json = JSON.readTree(summary.out());
    assertThat(json.at("/summary/total_executions").asInt()).isEqualTo(2);
    assertThat(json.at("/summary/success_rate").asDouble()).isEqualTo(1.0);
    assertThat(text.out()).contains("2 tasks, 2 passed the hidden tests (100.0%)");
    assertThat(export.exitCode()).isZero();
    assertThat(JSON.readTree(out.resolve(SessionReport.BENCHMARK_RESULTS).toFile()).at("/summary/total_tasks")
        .asInt()).isEqualTo(2);
    assertThat(out.resolve(SessionReport.METRICS_FILE)).exists();
    assertThat(out.resolve(SessionReport.VISUALIZATION)).exists();
  }

  @Test
  @SuppressWarnings("try") // the lock is held, not used
  void listsSessionsWithTheirStateAndTakesTheShortIdsItPrints() throws IOException {
    try (History history = History.open(home.resolve("ace.db"))) {
      long done = history.startRun(run("aaaa1111-finished", "bench", 1, 1, "2026-12-01T10:00:00Z"));
      history.finishRun(done, Instant.parse("2026-12-01T10:05:00Z"));
      long first = history.startRun(run("bbbb2222-running", "bench", 1, 3, "2026-12-02T10:00:00Z"));
      history.finishRun(first, Instant.parse("2026-12-02T10:05:00Z"));
      history.startRun(run("cccc3333-interrupted", "bench", 1, 2, "2026-12-03T10:00:00Z"));
      history.startRun(run("dddd4444-eval", "eval", 1, 1, "2026-12-04T10:00:00Z"));
    }
    AceHome aceHome = new AceHome(home);
    // A lock file left by a process killed with -9 does not make its session look alive.
    Files.createDirectories(aceHome.sessions());
    Files.writeString(aceHome.sessionLock("cccc3333-interrupted"), "999999999\n");

    AceRun text;
    AceRun json;
    try (SessionLock running = SessionLock.take(aceHome, "bbbb2222-running")) {
      text = AceRun.withEnvironment(environment(), "metrics", "sessions");
      json = AceRun.withEnvironment(environment(), "metrics", "sessions", "--kind", "bench", "--json");
    }
    AceRun byShortId = AceRun.withEnvironment(environment(), "metrics", "summary", "--session", "cccc3333");
    AceRun badKind = AceRun.withEnvironment(environment(), "metrics", "sessions", "--kind", "benchh");

    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out().lines()).containsExactly(
        "ID        KIND   MODEL                     STARTED (UTC)     RUNS   STATE",
        "aaaa1111  bench  reference                 2026-12-01 10:00  1/1    finished",
        "bbbb2222  bench  reference                 2026-12-02 10:00  1/3    running (pid "
            + ProcessHandle.current().pid() + ")",
        "cccc3333  bench  reference                 2026-12-03 10:00  0/2    interrupted",
        "dddd4444  eval   reference                 2026-12-04 10:00  0/1    interrupted (cannot resume)");
    JsonNode sessions = JSON.readTree(json.out()).get("sessions");
    assertThat(sessions).hasSize(3);
    assertThat(sessions.get(1).get("session_id").asText()).isEqualTo("bbbb2222-running");
    assertThat(sessions.get(1).get("runs_finished").asInt()).isEqualTo(1);
    assertThat(sessions.get(1).get("runs_planned").asInt()).isEqualTo(3);
    assertThat(sessions.get(2).get("state").asText()).isEqualTo("interrupted");
    assertThat(byShortId.exitCode()).as(byShortId.err()).isZero();
    assertThat(badKind.exitCode()).isEqualTo(2);
    assertThat(badKind.errLines()).singleElement().asString().contains("--kind benchh").contains("bench, solve or eval");
  }

  @Test
  void refusesSelectionsThatContradictEachOther() throws IOException {
    try (History history = History.open(home.resolve("ace.db"))) {
      history.startRun(run("eeee5555-bench", "bench", 1, 1, "2026-12-01T10:00:00Z"));
    }

    AceRun lastAndKind = AceRun.withEnvironment(environment(), "metrics", "summary", "--last", "bench", "--kind",
        "eval");
    AceRun sessionAndKind = AceRun.withEnvironment(environment(), "metrics", "export", "--session", "eeee5555",
        "--kind", "eval", "--out", home.resolve("x").toString());

    assertThat(lastAndKind.exitCode()).isEqualTo(2);
    assertThat(lastAndKind.errLines()).singleElement().asString()
        .contains("--last bench and --kind eval contradict each other");
    assertThat(sessionAndKind.exitCode()).isEqualTo(2);
    assertThat(sessionAndKind.errLines()).singleElement().asString()
        .contains("--session eeee5555 and --kind eval contradict each other");
    assertThat(home.resolve("x")).as("refused before writing").doesNotExist();
  }

  private RunStart run(String sessionId, String kind, int number, int planned, String startedAt) {
    return new RunStart(sessionId, kind, "builtin", "reference", home.resolve("playbooks/p.json").toString(), 0,
        number, planned, Instant.parse(startedAt));
  }

  @Test
  void saysWhereTheHistoryShouldBeWhenThereIsNoneAndCreatesNothing() {
    AceRun run = AceRun.withEnvironment(environment(), "metrics", "summary");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("ace.db does not exist yet", "ace bench");
    assertThat(home.resolve("ace.db")).doesNotExist();
  }

  @Test
  void refusesAnUnknownSessionAndAHistoryThatIsNotADatabase() throws IOException {
    AceRun eval = AceRun.withEnvironment(environment(), "eval", "--dataset", "builtin", "--model", "reference",
        "--limit", "1");
    assertThat(eval.exitCode()).isZero();
    AceRun unknown = AceRun.withEnvironment(environment(), "metrics", "summary", "--session", "nope");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.errLines()).singleElement().asString().contains("nope");

    Path other = Files.createDirectories(home.resolve("other"));
    Files.writeString(other.resolve("ace.db"), "not a database");
    AceRun corrupt = AceRun.withEnvironment(Map.of("ACE4J_HOME", other.toString()), "metrics", "summary");
    assertThat(corrupt.exitCode()).isEqualTo(2);
    assertThat(corrupt.errLines()).singleElement().asString().contains("ace.db");
    assertThat(other.resolve("ace.db")).hasContent("not a database");
  }
}
