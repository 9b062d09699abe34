package dev.ace4j.coder.history;

import java.sql.Types;
import java.util.List;
import java.util.stream.Stream;

/** The columns of {@code runs} after its key, {@code run_id}: one per {@link RunStart} component, then its end. */
enum RunColumn {
  SESSION_ID("session_id", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.sessionId())),
  KIND("kind", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.kind())),
  SUITE("suite", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.suite())),
  MODEL("model", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.model())),
  PLAYBOOK("playbook", "TEXT NOT NULL", (s, i, r) -> s.setString(i, r.playbook())),
  PLAYBOOK_VERSION("playbook_version", "INTEGER NOT NULL", (s, i, r) -> s.setLong(i, r.playbookVersion())),
  RUN_NUMBER("run_number", "INTEGER NOT NULL", (s, i, r) -> s.setInt(i, r.runNumber())),
  PLANNED_RUNS("planned_runs", "INTEGER NOT NULL", (s, i, r) -> s.setInt(i, r.plannedRuns())),
  STARTED_AT("started_at", "TEXT NOT NULL", (s, i, r) -> s.setString(i, Column.instant(r.startedAt()))),
  /** Empty while the run goes on; set by {@link History#finishRun}. */
  FINISHED_AT("finished_at", "TEXT", (s, i, r) -> s.setNull(i, Types.VARCHAR));

  static final String TABLE = "runs";
  static final String KEY = "run_id";
  static final List<Column<RunStart>> ALL = Stream.of(values()).map(c -> c.column).toList();

  private final Column<RunStart> column;

  RunColumn(String name, String declaration, Column.Binder<RunStart> binder) {
    this.column = new Column<>(name, declaration, binder);
  }

  /** The column's name in SQL, to read it by. */
  String sql() {
    return column.name();
  }
}
