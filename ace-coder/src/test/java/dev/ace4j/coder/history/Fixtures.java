package dev.ace4j.coder.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rows for the history's tests: defaults everywhere except what a test is about. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private Fixtures() {}

  static RunStart run(String session, String kind, int number, int planned, Instant startedAt) {
    return new RunStart(session, kind, "builtin", "gpt-test", "/tmp/playbook.json", 3, number, planned, startedAt);
  }

  /** A task row of run {@code runId}, finished {@code second} seconds after {@link #T0}. */
  static TaskRow task(long runId, String taskId, boolean success, int second) {
    return new TaskRow(runId, taskId, "Task " + taskId, "algorithm", "easy", "python", "gpt-test", success,
        success, success ? 1 : 3, success ? 0 : 2, success ? 5 : 2, 5, success ? Optional.empty()
            : Optional.of("AssertionError"), 2, success ? 0 : 1, 4, 7, 100, 50,
        Optional.of(new BigDecimal("0.0010")), 1500, List.of("def "), success, T0.plusSeconds(second));
  }

  /** Rows of one run with these outcomes, one second apart. */
  static List<TaskRow> outcomes(long runId, boolean... successes) {
    List<TaskRow> rows = new ArrayList<>();
    for (int i = 0; i < successes.length; i++) {
      rows.add(task(runId, "t" + i, successes[i], i));
    }
    return rows;
  }

  static TaskRow withType(TaskRow row, String type) {
    return new TaskRow(row.runId(), row.taskId(), row.taskName(), type, row.difficulty(), row.language(),
        row.model(), row.success(), row.firstAttemptPassed(), row.attempts(), row.rounds(), row.hiddenPassed(),
        row.hiddenTotal(), row.errorType(), row.strategiesUsed(), row.strategiesLearned(), row.playbookVersion(),
        row.playbookSize(), row.inputTokens(), row.outputTokens(), row.costUsd(), row.durationMillis(),
        row.patternsFound(), row.validationPassed(), row.finishedAt());
  }

  static TaskRow withAttempts(TaskRow row, int attempts, boolean firstAttemptPassed) {
    return new TaskRow(row.runId(), row.taskId(), row.taskName(), row.taskType(), row.difficulty(), row.language(),
        row.model(), row.success(), firstAttemptPassed, attempts, row.rounds(), row.hiddenPassed(),
        row.hiddenTotal(), row.errorType(), row.strategiesUsed(), row.strategiesLearned(), row.playbookVersion(),
        row.playbookSize(), row.inputTokens(), row.outputTokens(), row.costUsd(), row.durationMillis(),
        row.patternsFound(), row.validationPassed(), row.finishedAt());
  }

  static TaskRow withCost(TaskRow row, Optional<BigDecimal> cost) {
    return new TaskRow(row.runId(), row.taskId(), row.taskName(), row.taskType(), row.difficulty(), row.language(),
        row.model(), row.success(), row.firstAttemptPassed(), row.attempts(), row.rounds(), row.hiddenPassed(),
        row.hiddenTotal(), row.errorType(), row.strategiesUsed(), row.strategiesLearned(), row.playbookVersion(),
        row.playbookSize(), row.inputTokens(), row.outputTokens(), cost, row.durationMillis(),
        row.patternsFound(), row.validationPassed(), row.finishedAt());
  }

  static TaskRow withDuration(TaskRow row, long millis) {
    return new TaskRow(row.runId(), row.taskId(), row.taskName(), row.taskType(), row.difficulty(), row.language(),
        row.model(), row.success(), row.firstAttemptPassed(), row.attempts(), row.rounds(), row.hiddenPassed(),
        row.hiddenTotal(), row.errorType(), row.strategiesUsed(), row.strategiesLearned(), row.playbookVersion(),
        row.playbookSize(), row.inputTokens(), row.outputTokens(), row.costUsd(), millis,
        row.patternsFound(), row.validationPassed(), row.finishedAt());
  }

  static AttemptRow attempt(long runId, String taskId, int number, boolean passed) {
    return new AttemptRow(runId, taskId, number, 3, passed, passed ? "ok" : "error",
        passed ? Optional.empty() : Optional.of("SyntaxError"), 120, 80, Optional.of(new BigDecimal("0.00042")),
        900, "print('hi')\n");
  }
}
