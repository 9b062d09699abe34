package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.Pricing;
import dev.ace4j.coder.ReferenceModel;
import dev.ace4j.coder.SelfLearningCoder;
import dev.ace4j.coder.Solution;
import dev.ace4j.coder.history.AttemptRow;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.RunStart;
import dev.ace4j.coder.history.Session;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted bench session, continued with {@code ace bench --resume}. */
class ResumeTest {
  private static final Pattern FINISHED_TASK = Pattern.compile("\\[\\d+/\\d+] ✓ .*");

  @TempDir Path home;

  @Test
  void aBenchKilledWithSigkillResumesKeepingEveryTaskThatFinishedAndRunningOnlyTheOthers() throws Exception {
    assumeTrue(Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "bwrap"))), "bench runs in bubblewrap");
    // A JVM of its own, killed with no chance to close anything: the history, the playbook and the session lock
    // are left as they were at that instant.
    Path err = home.resolve("killed-bench.err");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", "--model", "reference",
        "--runs", "1", "--parallel", "4")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile());
    builder.environment().put("ACE4J_HOME", home.toString());
    Process bench = builder.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (Files.readString(err).lines().filter(line -> FINISHED_TASK.matcher(line).matches()).count() < 2) {
        assertThat(bench.isAlive()).as("still running: " + Files.readString(err)).isTrue();
        assertThat(System.nanoTime()).as("two tasks finish: " + Files.readString(err)).isLessThan(deadline);
        Thread.sleep(20);
      }
      bench.destroyForcibly(); // SIGKILL
      assertThat(bench.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      bench.destroyForcibly();
    }
    assertThat(bench.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    Map<String, Instant> kept;
    List<AttemptRow> attempts;
    String sessionId;
    try (History history = History.open(home.resolve("ace.db"))) {
      Session session = history.lastSession(Benchmark.KIND).orElseThrow();
      sessionId = session.sessionId();
      assertThat(session.complete()).isFalse();
      kept = history.tasks(Filter.session(sessionId)).stream()
          .collect(Collectors.toMap(TaskRow::taskId, TaskRow::finishedAt));
      attempts = history.attempts(session.runs().get(0).runId());
    }
    assertThat(kept).hasSizeBetween(2, 7);

    AceRun resumed = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--resume");

    assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(0);
    assertThat(resumed.err()).contains("resuming bench session " + sessionId)
        .contains("run 1/1: " + Plural.of(8 - kept.size(), "task"));
    try (History history = History.open(home.resolve("ace.db"))) {
      Session session = history.session(sessionId);
      assertThat(session.complete()).isTrue();
      assertThat(session.runs()).hasSize(1);
      List<TaskRow> rows = history.tasks(Filter.session(sessionId));
      assertThat(rows).as("8 tasks, each once").hasSize(8).allMatch(TaskRow::success);
      assertThat(rows.stream().map(TaskRow::taskId)).doesNotHaveDuplicates();
      assertThat(rows).filteredOn(row -> kept.containsKey(row.taskId())).as("the finished tasks, untouched")
          .hasSize(kept.size()).allSatisfy(row -> assertThat(row.finishedAt()).isEqualTo(kept.get(row.taskId())));
      List<AttemptRow> after = history.attempts(session.runs().get(0).runId());
      assertThat(after).as("every attempt recorded before the kill is kept").containsAll(attempts);
      assertThat(after).filteredOn(attempt -> kept.containsKey(attempt.taskId())).as("no finished task ran again")
          .containsExactlyInAnyOrderElementsOf(
              attempts.stream().filter(attempt -> kept.containsKey(attempt.taskId())).toList());
    }
    AceRun again = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--resume");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.errLines()).singleElement().asString().contains("finished its run");
  }

  @Test
  void refusesToResumeASessionThatIsRunningNamingItsPid() {
    String sessionId = Benchmark.newSessionId();
    List<CodeTask> tasks = BuiltinBenchmark.tasks().subList(0, 1);
    Path playbook = home.resolve("playbooks").resolve("bench-live.json");
    try (History history = History.open(home.resolve("ace.db"));
        Sandbox sandbox = Sandboxes.create();
        SelfLearningCoder coder = SelfLearningCoder.builder(ReferenceModel.of(tasks)).sandbox(sandbox)
            .playbook(playbook).build()) {
      Benchmark benchmark = new Benchmark(coder, sandbox, history, Pricing.free(), Clock.systemUTC());
      // The first run of two finishes; the session is unfinished, as if its process were still on the second.
      Benchmark.Progress stopAfterTheFirstRun = new Benchmark.Progress() {
        @Override
        public void taskFinished(int run, Solution solution, TaskRow row) {
          throw new IllegalStateException("still running");
        }
      };
      assertThatThrownBy(() -> benchmark.run(sessionId, new Benchmark.Plan(Benchmark.KIND, "builtin", tasks,
          "reference", playbook.toString(), 2), stopAfterTheFirstRun)).hasMessage("still running");
    }
    AceHome aceHome = new AceHome(home);

    SessionLock live = SessionLock.take(aceHome, sessionId);
    AceRun second = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--resume");
    live.close();

    assertThat(second.exitCode()).isEqualTo(2);
    assertThat(second.errLines()).singleElement().asString()
        .contains("bench session " + sessionId.substring(0, 8) + " is running now (pid "
            + ProcessHandle.current().pid() + ")");
    assertThat(aceHome.sessionLock(sessionId)).as("let go when its holder ends").doesNotExist();
    SessionLock.take(aceHome, sessionId).close();
  }

  @Test
  void resumesBySessionIdAndRefusesAnUnknownAmbiguousOrOtherKindOfSession() {
    try (History history = History.open(home.resolve("ace.db"))) {
      for (String[] session : new String[][] {{"abcd0001-bench", "bench"}, {"abcd0002-bench", "bench"},
          {"eeee0001-eval", "eval"}}) {
        history.startRun(new RunStart(session[0], session[1], "builtin", "reference",
            home.resolve("playbooks/p.json").toString(), 0, 1, 1, Instant.parse("2026-12-01T10:00:00Z")));
      }
    }
    Map<String, String> environment = Map.of("ACE4J_HOME", home.toString());

    AceRun unknown = AceRun.withEnvironment(environment, "bench", "--resume", "ffff");
    AceRun ambiguous = AceRun.withEnvironment(environment, "bench", "--resume", "abcd");
    AceRun eval = AceRun.withEnvironment(environment, "bench", "--resume", "eeee");

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.errLines()).singleElement().asString().startsWith("ace: --resume ffff: no session 'ffff'")
        .contains("ace metrics sessions");
    assertThat(ambiguous.exitCode()).isEqualTo(2);
    assertThat(ambiguous.errLines()).singleElement().asString().contains("ambiguous")
        .contains("abcd0001-bench").contains("abcd0002-bench");
    assertThat(eval.exitCode()).isEqualTo(2);
    assertThat(eval.errLines()).singleElement().asString()
        .contains("session eeee0001-eval comes from ace eval, and only bench sessions resume");
  }

  @Test
  void remembersTheBaseUrlOfASessionButNeverOneCarryingCredentials() {
    AceHome aceHome = new AceHome(home);
    SessionSettings.rememberBaseUrl(aceHome, "s1", "http://127.0.0.1:8080/v1");
    SessionSettings.rememberBaseUrl(aceHome, "s2", "https://user:sk-secret@example.com/v1");
    SessionSettings.rememberBaseUrl(aceHome, "s3", "https://example.com/v1?key=sk-secret");

    assertThat(SessionSettings.baseUrl(aceHome, "s1")).contains("http://127.0.0.1:8080/v1");
    assertThat(SessionSettings.baseUrl(aceHome, "s2")).isEmpty();
    assertThat(SessionSettings.baseUrl(aceHome, "s3")).isEmpty();
    assertThat(SessionSettings.baseUrl(aceHome, "never-ran")).isEmpty();
  }
}
