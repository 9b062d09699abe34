package dev.ace4j.coder.history;

import java.util.List;
import java.util.stream.Stream;

/** The columns of {@code attempts}, one per {@link AttemptRow} component, in the table's order. */
enum AttemptColumn {
  RUN_ID("run_id", "INTEGER NOT NULL REFERENCES runs (run_id)", (s, i, r) -> s.setLong(i, r.runId())),
  TASK_ID("task_id", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.taskId())),
  ATTEMPT("attempt", "INTEGER NOT NULL", (s, i, r) -> s.setInt(i, r.attempt())),
  PLAYBOOK_VERSION("playbook_version", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.playbookVersion())),
  PASSED("passed", "INTEGER NOT NULL", (s, i, r) -> s.setBoolean(i, r.passed())),
  STATUS("status", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.status())),
  ERROR_TYPE("error_type", "TEXT", (s, i, r) -> Column.bindOptional(s, i, r.errorType())),
  INPUT_TOKENS("input_tokens", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.inputTokens())),
  OUTPUT_TOKENS("output_tokens", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.outputTokens())),
  COST_USD("cost_usd", "TEXT", (s, i, r) -> Column.bindCost(s, i, r.costUsd())),
  DURATION_MILLIS("duration_millis", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.durationMillis())),
  CODE("code", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.code()));

  static final String TABLE = "attempts";
  static final List<Column<AttemptRow>> ALL = Stream.of(values()).map(c -> c.column).toList();

  private final Column<AttemptRow> column;

  AttemptColumn(String name, String declaration, Column.Binder<AttemptRow> binder) {
    this.column = new Column<>(name, declaration, binder);
  }

  /** The column's name in SQL, to read it by. */
  String sql() {
    return column.name();
  }
}
