package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.Pricing;
import dev.ace4j.coder.ReferenceModel;
import dev.ace4j.coder.SelfLearningCoder;
import dev.ace4j.coder.Solution;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.RunStart;
import dev.ace4j.coder.history.Session;
import dev.ace4j.coder.history.TaskRow;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted bench session, continued with {@code ace bench --resume}. */
class ResumeTest {
  @TempDir Path home;

  @Test
  void continuesTheInterruptedRunWithItsUnfinishedTasksAndLosesNoFinishedOne() {
    List<CodeTask> tasks = BuiltinBenchmark.tasks();
    Path playbook = home.resolve("playbooks").resolve("bench-interrupted.json");
    String sessionId = Benchmark.newSessionId();
    // Three tasks of run 1 finish, then the process "dies" (an exception out of the progress callback).
    AtomicInteger finished = new AtomicInteger();
    Benchmark.Progress dying = new Benchmark.Progress() {
      @Override
      public void taskFinished(int run, Solution solution, TaskRow row) {
        if (finished.incrementAndGet() == 3) {
          throw new IllegalStateException("killed");
        }
      }
    };
    try (History history = History.open(home.resolve("ace.db"));
        Sandbox sandbox = Sandboxes.create();
        SelfLearningCoder coder = SelfLearningCoder.builder(ReferenceModel.of(tasks)).sandbox(sandbox)
            .playbook(playbook).parallelism(4).build()) {
      Benchmark benchmark = new Benchmark(coder, sandbox, history, Pricing.free(), Clock.systemUTC());
      assertThatThrownBy(() -> benchmark.run(sessionId, new Benchmark.Plan(Benchmark.KIND, "builtin", tasks,
          "reference", playbook.toString(), 2), dying)).hasMessage("killed");
      assertThat(history.tasks(Filter.session(sessionId))).hasSize(3);
    }

    AceRun resumed = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--resume");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("resuming bench session " + sessionId).contains("run 1/2: 5 tasks")
        .contains("run 2/2: 8 tasks");
    try (History history = History.open(home.resolve("ace.db"))) {
      Session session = history.session(sessionId);
      assertThat(session.complete()).isTrue();
      assertThat(session.runs()).hasSize(2);
      List<TaskRow> rows = history.tasks(Filter.session(sessionId));
      assertThat(rows).hasSize(16).allMatch(TaskRow::success);
      long firstRun = session.runs().get(0).runId();
      assertThat(rows.stream().filter(r -> r.runId() == firstRun).map(TaskRow::taskId).distinct()).hasSize(8);
      // All 8 attempts of the interrupted batch are kept, plus the 5 redone for the unfinished tasks.
      assertThat(history.attempts(firstRun)).hasSize(13);
    }
    AceRun again = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--resume");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(again.errLines()).singleElement().asString().contains("finished all its 2 runs");
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

    assertThat(second.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
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
