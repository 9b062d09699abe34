package dev.ace4j.coder.history;

import static dev.ace4j.coder.history.Fixtures.T0;
import static dev.ace4j.coder.history.Fixtures.attempt;
import static dev.ace4j.coder.history.Fixtures.run;
import static dev.ace4j.coder.history.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history on real SQLite files. */
class HistoryTest {
  @TempDir
  Path folder;

  private Path database() {
    return folder.resolve("home").resolve("ace.db");
  }

  @Test
  void givesBackTheRunsAttemptsAndTaskRowsItRecorded() {
    try (History history = History.open(database())) {
      long runId = history.startRun(run("s1", "bench", 1, 1, T0));
      AttemptRow first = attempt(runId, "fizzbuzz", 1, false);
      AttemptRow noCost = new AttemptRow(runId, "fizzbuzz", 2, 4, true, "ok", Optional.empty(), 10, 20,
          Optional.empty(), 5, "");
      history.recordAttempt(first);
      history.recordAttempt(noCost);
      TaskRow row = task(runId, "fizzbuzz", true, 1);
      history.finishTask(row);
      Instant end = T0.plusNanos(123_456_789);
      history.finishRun(runId, end);

      assertThat(history.attempts(runId)).containsExactly(first, noCost);
      assertThat(history.tasks(Filter.all())).containsExactly(row);
      assertThat(history.session("s1").runs()).containsExactly(new RunInfo(runId, 1, "gpt-test", "builtin",
          "/tmp/playbook.json", T0, Optional.of(end)));
    }
  }

  @Test
  void keepsExactCostsAndTheOrderOfPatterns() {
    try (History history = History.open(database())) {
      long runId = history.startRun(run("s1", "solve", 1, 1, T0));
      TaskRow row = Fixtures.withCost(task(runId, "a", true, 0), Optional.of(new BigDecimal("0.000123400")));
      history.finishTask(row);

      TaskRow read = history.tasks(Filter.all()).get(0);
      assertThat(read.costUsd()).contains(new BigDecimal("0.000123400"));
      assertThat(read.patternsFound()).containsExactly("def ");
    }
  }

  @Test
  void givesRunIdsThatGrow() {
    try (History history = History.open(database())) {
      long first = history.startRun(run("s1", "bench", 1, 2, T0));
      long second = history.startRun(run("s1", "bench", 2, 2, T0.plusSeconds(5)));

      assertThat(second).isGreaterThan(first);
    }
  }

  @Test
  void listsTheFinishedTasksOfOneRunOnly() {
    try (History history = History.open(database())) {
      long one = history.startRun(run("s1", "bench", 1, 2, T0));
      long two = history.startRun(run("s1", "bench", 2, 2, T0.plusSeconds(60)));
      history.finishTask(task(one, "a", true, 1));
      history.finishTask(task(one, "b", false, 2));
      history.finishTask(task(two, "a", true, 3));

      assertThat(history.finishedTasks(one)).containsExactly("a", "b");
      assertThat(history.finishedTasks(two)).containsExactly("a");
    }
  }

  @Test
  void refusesToFinishTheSameTaskOfARunTwice() {
    try (History history = History.open(database())) {
      long runId = history.startRun(run("s1", "bench", 1, 1, T0));
      history.finishTask(task(runId, "a", true, 1));

      assertThatThrownBy(() -> history.finishTask(task(runId, "a", false, 2)))
          .isInstanceOf(HistoryException.class)
          .hasMessageContaining("task a of run " + runId + " is already finished")
          .hasMessageContaining(database().toString());
      assertThat(history.tasks(Filter.all())).hasSize(1);
    }
  }

  @Test
  void refusesRowsOfAnUnknownRun() {
    try (History history = History.open(database())) {
      assertThatThrownBy(() -> history.finishTask(task(99, "a", true, 1)))
          .isInstanceOf(HistoryException.class).hasMessageContaining("no run 99");
      assertThatThrownBy(() -> history.recordAttempt(attempt(99, "a", 1, true)))
          .isInstanceOf(HistoryException.class).hasMessageContaining("no run 99");
      assertThatThrownBy(() -> history.finishRun(99, T0))
          .isInstanceOf(HistoryException.class).hasMessageContaining("no run 99");
    }
  }

  @Test
  void picksTheSessionThatStartedLastAsTheLastSessionOfAKind() {
    try (History history = History.open(database())) {
      history.startRun(run("newer", "bench", 1, 1, T0.plusSeconds(100)));
      history.startRun(run("older", "bench", 1, 1, T0));
      history.startRun(run("newest-solve", "solve", 1, 1, T0.plusSeconds(500)));

      assertThat(history.lastSession("bench")).map(Session::sessionId).contains("newer");
      assertThat(history.lastSession("solve")).map(Session::sessionId).contains("newest-solve");
      assertThat(history.lastSession("eval")).isEmpty();
    }
  }

  @Test
  void ordersInstantsBySubSecondFractionsToo() {
    try (History history = History.open(database())) {
      history.startRun(run("whole", "bench", 1, 1, T0.plusSeconds(1)));
      history.startRun(run("fraction", "bench", 1, 1, T0.plusMillis(1500)));

      assertThat(history.lastSession("bench")).map(Session::sessionId).contains("fraction");
    }
  }

  @Test
  void callsASessionCompleteOnlyWhenEveryPlannedRunHasFinished() {
    try (History history = History.open(database())) {
      long one = history.startRun(run("s1", "bench", 1, 2, T0));
      history.finishRun(one, T0.plusSeconds(10));
      assertThat(history.session("s1").complete()).isFalse();

      long two = history.startRun(run("s1", "bench", 2, 2, T0.plusSeconds(20)));
      assertThat(history.session("s1").complete()).isFalse();

      history.finishRun(two, T0.plusSeconds(30));
      Session session = history.session("s1");
      assertThat(session.complete()).isTrue();
      assertThat(session.plannedRuns()).isEqualTo(2);
      assertThat(session.kind()).isEqualTo("bench");
      assertThat(session.runs()).extracting(RunInfo::runNumber).containsExactly(1, 2);
    }
  }

  @Test
  void refusesAnUnknownSessionNamingIt() {
    try (History history = History.open(database())) {
      assertThatThrownBy(() -> history.session("nope"))
          .isInstanceOf(HistoryException.class)
          .hasMessageContaining("'nope'")
          .hasMessageContaining(database().toString());
    }
  }

  @Test
  void findsASessionByTheShortIdAcePrintsAndRefusesAnAmbiguousOrWildcardPrefix() {
    try (History history = History.open(database())) {
      history.startRun(run("1a2b3c4d-0000-4000-8000-000000000001", "bench", 1, 1, T0));
      history.startRun(run("1a2b9999-0000-4000-8000-000000000002", "eval", 1, 1, T0.plusSeconds(1)));
      history.startRun(run("1a2b", "solve", 1, 1, T0.plusSeconds(2)));

      assertThat(history.session("1a2b3c4d").sessionId()).isEqualTo("1a2b3c4d-0000-4000-8000-000000000001");
      assertThat(history.session("1a2b").kind()).as("an exact id wins over the ids it begins").isEqualTo("solve");
      assertThatThrownBy(() -> history.session("1a2"))
          .isInstanceOf(HistoryException.class)
          .hasMessageContaining("ambiguous")
          .hasMessageContaining("1a2b3c4d-0000-4000-8000-000000000001")
          .hasMessageContaining("1a2b9999-0000-4000-8000-000000000002");
      assertThatThrownBy(() -> history.session("%")).isInstanceOf(HistoryException.class)
          .hasMessageContaining("no session '%'");
      assertThatThrownBy(() -> history.session("1a2b3c4d-0000-4000-8000-000000000001x"))
          .isInstanceOf(HistoryException.class);
    }
  }

  @Test
  void readsWithoutWritingThroughAReadOnlyOpenAndRefusesAFileWithoutAHistory() throws Exception {
    try (History history = History.open(database())) {
      history.startRun(run("s1", "bench", 1, 1, T0));
    }

    try (History reader = History.openReadOnly(database())) {
      assertThat(reader.sessions()).extracting(Session::sessionId).containsExactly("s1");
      assertThatThrownBy(() -> reader.startRun(run("s2", "bench", 1, 1, T0))).isInstanceOf(HistoryException.class);
    }
    Path other = folder.resolve("other.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE unrelated (x)");
    }
    assertThatThrownBy(() -> History.openReadOnly(other)).isInstanceOf(HistoryException.class)
        .hasMessageContaining("holds no learning history yet");
    assertThatThrownBy(() -> History.openReadOnly(folder.resolve("missing.db"))).isInstanceOf(HistoryException.class)
        .hasMessageContaining("missing.db");
    assertThat(folder.resolve("missing.db")).doesNotExist();
  }

  @Test
  void listsEverySessionInTheOrderTheyStarted() {
    try (History history = History.open(database())) {
      history.startRun(run("second", "eval", 1, 1, T0.plusSeconds(10)));
      long first = history.startRun(run("first", "bench", 1, 2, T0));
      history.finishRun(first, T0.plusSeconds(5));
      history.startRun(run("first", "bench", 2, 2, T0.plusSeconds(20)));

      assertThat(history.sessions()).extracting(Session::sessionId).containsExactly("first", "second");
      assertThat(history.sessions().get(0).runs()).hasSize(2);
    }
  }

  @Test
  void returnsTasksInFinishOrderThenInRecordingOrder() {
    try (History history = History.open(database())) {
      long runId = history.startRun(run("s1", "bench", 1, 1, T0));
      history.finishTask(task(runId, "late", true, 9));
      history.finishTask(task(runId, "early", true, 1));
      history.finishTask(task(runId, "tie-first", true, 5));
      history.finishTask(task(runId, "tie-second", true, 5));

      assertThat(history.tasks(Filter.all())).extracting(TaskRow::taskId)
          .containsExactly("early", "tie-first", "tie-second", "late");
    }
  }

  @Test
  void filtersTasksBySessionKindAndModel() {
    try (History history = History.open(database())) {
      long bench = history.startRun(run("s1", "bench", 1, 1, T0));
      long solve = history.startRun(run("s2", "solve", 1, 1, T0));
      history.finishTask(task(bench, "a", true, 1));
      history.finishTask(task(solve, "b", true, 2));

      assertThat(history.tasks(Filter.session("s1"))).extracting(TaskRow::taskId).containsExactly("a");
      assertThat(history.tasks(Filter.all().withKind("solve"))).extracting(TaskRow::taskId).containsExactly("b");
      assertThat(history.tasks(Filter.all().withModel("gpt-test"))).hasSize(2);
      assertThat(history.tasks(Filter.all().withModel("other"))).isEmpty();
    }
  }

  @Test
  void summarisesWithTheRunNumbersAsRecorded() {
    try (History history = History.open(database())) {
      long other = history.startRun(run("s0", "bench", 1, 1, T0));
      long one = history.startRun(run("s1", "bench", 1, 2, T0));
      long two = history.startRun(run("s1", "bench", 2, 2, T0));
      history.finishTask(task(other, "a", true, 0));
      history.finishTask(task(one, "a", false, 1));
      history.finishTask(task(two, "a", true, 2));

      Summary summary = history.summary(Filter.session("s1"));

      assertThat(summary.totalExecutions()).isEqualTo(2);
      assertThat(summary.passRateByRun()).containsExactly(new RunPassRate(1, one, 1, 0, 0.0, "s1"),
          new RunPassRate(2, two, 1, 1, 1.0, "s1"));
      assertThat(summary.render()).as("one session: runs by number alone").contains("\nrun 1: 0/1")
          .doesNotContain("session");
      assertThat(history.summary(Filter.all()).render()).as("several sessions: runs labelled by session")
          .contains("session s0 run 1: 1/1", "session s1 run 1: 0/1", "session s1 run 2: 1/1");
    }
  }

  @Test
  void recordsAttemptsFromManyThreadsAtOnce() throws Exception {
    try (History history = History.open(database())) {
      long runId = history.startRun(run("s1", "bench", 1, 1, T0));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        String taskId = "task-" + thread;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 1; i <= 50; i++) {
            history.recordAttempt(attempt(runId, taskId, i, i % 2 == 0));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
      pool.shutdown();

      List<AttemptRow> attempts = history.attempts(runId);
      assertThat(attempts).hasSize(400);
      assertThat(attempts).filteredOn(a -> a.taskId().equals("task-3")).extracting(AttemptRow::attempt)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
    }
  }

  @Test
  void keepsItsDataWhenReopened() {
    long runId;
    try (History history = History.open(database())) {
      runId = history.startRun(run("s1", "bench", 1, 1, T0));
      history.finishTask(task(runId, "a", true, 1));
    }
    try (History history = History.open(database())) {
      assertThat(history.finishedTasks(runId)).containsExactly("a");
      assertThat(history.startRun(run("s1", "bench", 2, 2, T0))).isGreaterThan(runId);
    }
  }

  @Test
  void sharesTheFileWithOtherModulesTablesAndTheirUserVersion() throws Exception {
    Files.createDirectories(database().getParent());
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement statement = other.createStatement()) {
      statement.execute("CREATE TABLE llm_cache (key TEXT PRIMARY KEY)");
      statement.execute("PRAGMA user_version = 7");
    }
    try (History history = History.open(database())) {
      history.startRun(run("s1", "bench", 1, 1, T0));
    }
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement statement = other.createStatement();
        ResultSet version = statement.executeQuery("PRAGMA user_version")) {
      assertThat(version.getInt(1)).isEqualTo(7);
    }
  }

  @Test
  void refusesAHistoryWrittenByANewerSchema() throws Exception {
    History.open(database()).close();
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database());
        Statement statement = other.createStatement()) {
      statement.execute("UPDATE history_schema SET version = " + (HistorySchema.VERSION + 1));
    }

    assertThatThrownBy(() -> History.open(database()))
        .isInstanceOf(HistoryException.class)
        .hasMessageContaining(database().toString())
        .hasMessageContaining("schema version " + (HistorySchema.VERSION + 1))
        .hasMessageContaining("upgrade ace4j");
  }
}
