package dev.ace4j.coder.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;

/** The columns of {@code task_results}, one per {@link TaskRow} component, in the table's order. */
enum TaskColumn {
  RUN_ID("run_id", "INTEGER NOT NULL REFERENCES runs (run_id)", (s, i, r) -> s.setLong(i, r.runId())),
  TASK_ID("task_id", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.taskId())),
  TASK_NAME("task_name", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.taskName())),
  TASK_TYPE("task_type", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.taskType())),
  DIFFICULTY("difficulty", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.difficulty())),
  LANGUAGE("language", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.language())),
  MODEL("model", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.model())),
  SUCCESS("success", "INTEGER NOT NULL", (s, i, r) -> s.setBoolean(i, r.success())),
  FIRST_ATTEMPT_PASSED("first_attempt_passed", "INTEGER NOT NULL",
      (s, i, r) -> s.setBoolean(i, r.firstAttemptPassed())),
  ATTEMPTS("attempts", "INTEGER NOT NULL", (s, i, r) -> s.setInt(i, r.attempts())),
  ROUNDS("rounds", "INTEGER NOT NULL", (s, i, r) -> s.setInt(i, r.rounds())),
  HIDDEN_PASSED("hidden_passed", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.hiddenPassed())),
  HIDDEN_TOTAL("hidden_total", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.hiddenTotal())),
  ERROR_TYPE("error_type", "TEXT", (s, i, r) -> Column.bindOptional(s, i, r.errorType())),
  STRATEGIES_USED("strategies_used", "INTEGER NOT NULL", (s, i, r) -> s.setInt(i, r.strategiesUsed())),
  STRATEGIES_LEARNED("strategies_learned", "INTEGER NOT NULL", (s, i, r) -> s.setInt(i, r.strategiesLearned())),
  PLAYBOOK_VERSION("playbook_version", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.playbookVersion())),
  PLAYBOOK_SIZE("playbook_size", "INTEGER NOT NULL", (s, i, r) -> s.setInt(i, r.playbookSize())),
  INPUT_TOKENS("input_tokens", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.inputTokens())),
  OUTPUT_TOKENS("output_tokens", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.outputTokens())),
  COST_USD("cost_usd", "TEXT", (s, i, r) -> Column.bindCost(s, i, r.costUsd())),
  DURATION_MILLIS("duration_millis", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.durationMillis())),
  PATTERNS_FOUND("patterns_found", "TEXT NOT NULL", (s, i, r) -> s.setString(i, patternsJson(r))),
  VALIDATION_PASSED("validation_passed", "INTEGER NOT NULL", (s, i, r) -> s.setBoolean(i, r.validationPassed())),
  FINISHED_AT("finished_at", "TEXT NOT NULL", (s, i, r) -> s.setString(i, Column.instant(r.finishedAt())));

  static final String TABLE = "task_results";
  static final List<Column<TaskRow>> ALL = Stream.of(values()).map(c -> c.column).toList();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Column<TaskRow> column;

  TaskColumn(String name, String declaration, Column.Binder<TaskRow> binder) {
    this.column = new Column<>(name, declaration, binder);
  }

  /** The column's name in SQL, to read it by. */
  String sql() {
    return column.name();
  }

  private static String patternsJson(TaskRow row) {
    try {
      return JSON.writeValueAsString(row.patternsFound());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the patterns of task " + row.taskId() + " as JSON", e);
    }
  }
}
