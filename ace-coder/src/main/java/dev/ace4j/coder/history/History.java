package dev.ace4j.coder.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The learning history in an SQLite file (usually {@code ACE4J_HOME/ace.db}, shared with other modules' tables):
 * the runs, every attempt and every task's result, from which {@link #summary} computes the learning metrics. One
 * connection, opened by {@link SqliteFile} and owned (closed) by this history, serialises this process's threads;
 * other processes share the file as {@link SqliteFile} describes.
 */
public final class History implements AutoCloseable {
  /** The schema of the history's tables this ace4j reads and writes; a file at a higher one is from a newer ace4j. */
  public static final int SCHEMA_VERSION = HistorySchema.VERSION;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private final Path file;
  private final Connection connection;

  private History(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens the history in {@code database}, creating the file, its folders and the tables when absent.
   *
   * @throws HistoryException naming the file and the fix when it is not a usable SQLite database or was written by
   *     a newer ace4j
   */
  public static History open(Path database) {
    Objects.requireNonNull(database, "database is null: pass the path of the history file, e.g. ACE4J_HOME/ace.db");
    return opened(database, SqliteFile.open(database), HistorySchema::prepare);
  }

  /**
   * Opens the existing history in {@code database} for reading only: works on a read-only file or folder, and
   * creates nothing. Writing through it fails.
   *
   * @throws HistoryException naming the file and the fix when it is not a usable SQLite database, lacks the
   *     history's tables, or was written by a newer ace4j
   */
  public static History openReadOnly(Path database) {
    Objects.requireNonNull(database, "database is null: pass the path of the history file, e.g. ACE4J_HOME/ace.db");
    return opened(database, SqliteFile.openReadOnly(database), HistorySchema::check);
  }

  /** What opening does to the schema: create what is missing, or only check it. */
  private interface SchemaStep {
    void apply(Connection connection, Path database) throws SQLException;
  }

  private static History opened(Path database, Connection connection, SchemaStep schema) {
    try {
      schema.apply(connection, database);
      return new History(database, connection);
    } catch (SQLException e) {
      closeQuietly(connection, e);
      throw SqliteFile.unusable(database, e);
    } catch (RuntimeException e) {
      closeQuietly(connection, e);
      throw e;
    }
  }

  /** Records the start of a run and returns its id, the key of its attempts and task results. */
  public synchronized long startRun(RunStart run) {
    Objects.requireNonNull(run, "run is null: pass the RunStart to record");
    String sql = Column.insert(RunColumn.TABLE, RunColumn.ALL) + " RETURNING " + RunColumn.KEY;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Column.bindAll(statement, RunColumn.ALL, run);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw failure("write to", e);
    }
  }

  /** Records one attempt; safe to call from several threads at once. */
  public synchronized void recordAttempt(AttemptRow attempt) {
    Objects.requireNonNull(attempt, "attempt is null: pass the AttemptRow to record");
    try (PreparedStatement statement =
        connection.prepareStatement(Column.insert(AttemptColumn.TABLE, AttemptColumn.ALL))) {
      Column.bindAll(statement, AttemptColumn.ALL, attempt);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw constraintFailure(e, attempt.runId(), attempt.taskId());
    }
  }

  /**
   * Records the result of one task in one run.
   *
   * @throws HistoryException when that task of that run is already finished, or the run is unknown
   */
  public synchronized void finishTask(TaskRow task) {
    Objects.requireNonNull(task, "task is null: pass the TaskRow to record");
    try (PreparedStatement statement =
        connection.prepareStatement(Column.insert(TaskColumn.TABLE, TaskColumn.ALL))) {
      Column.bindAll(statement, TaskColumn.ALL, task);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw constraintFailure(e, task.runId(), task.taskId());
    }
  }

  /**
   * Marks a run finished.
   *
   * @throws HistoryException when the run is unknown
   */
  public synchronized void finishRun(long runId, Instant finishedAt) {
    Objects.requireNonNull(finishedAt, "finishedAt is null: pass the instant the run finished");
    try (PreparedStatement statement = connection.prepareStatement("UPDATE " + RunColumn.TABLE + " SET "
        + RunColumn.FINISHED_AT.sql() + " = ? WHERE " + RunColumn.KEY + " = ?")) {
      statement.setString(1, Column.instant(finishedAt));
      statement.setLong(2, runId);
      if (statement.executeUpdate() == 0) {
        throw unknownRun(runId);
      }
    } catch (SQLException e) {
      throw failure("write to", e);
    }
  }

  /** The session of {@code kind} ({@code bench}, {@code solve}, {@code eval}) whose first run started last. */
  public synchronized Optional<Session> lastSession(String kind) {
    Checks.notBlank(kind, "kind");
    String sql = "SELECT session_id FROM runs WHERE kind = ? GROUP BY session_id"
        + " ORDER BY MIN(started_at) DESC, MIN(run_id) DESC LIMIT 1";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, kind);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(session(row.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * The session whose id is {@code idOrPrefix}, or the one session whose id starts with it (ace prints the first
   * eight characters); its kind, model and planned runs are those of its latest run, so a resume that plans more
   * runs extends it.
   *
   * @throws HistoryException when no session has that id or prefix, or several share the prefix
   */
  public synchronized Session session(String idOrPrefix) {
    Checks.notBlank(idOrPrefix, "idOrPrefix");
    String sessionId = resolve(idOrPrefix);
    String sql = "SELECT " + RunColumn.KEY + ", " + Column.names("", RunColumn.ALL) + " FROM runs WHERE "
        + RunColumn.SESSION_ID.sql() + " = ? ORDER BY " + RunColumn.KEY;
    List<RunInfo> runs = new ArrayList<>();
    String kind = "";
    int plannedRuns = 1;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, sessionId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          runs.add(new RunInfo(row.getLong(RunColumn.KEY), row.getInt(RunColumn.RUN_NUMBER.sql()),
              row.getString(RunColumn.MODEL.sql()), row.getString(RunColumn.SUITE.sql()),
              row.getString(RunColumn.PLAYBOOK.sql()), Instant.parse(row.getString(RunColumn.STARTED_AT.sql())),
              optional(row, RunColumn.FINISHED_AT.sql()).map(Instant::parse)));
          kind = row.getString(RunColumn.KIND.sql());
          plannedRuns = row.getInt(RunColumn.PLANNED_RUNS.sql());
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return new Session(sessionId, kind, runs.get(runs.size() - 1).model(), plannedRuns, runs);
  }

  /** Every session, the one that started first first. */
  public synchronized List<Session> sessions() {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT session_id FROM runs GROUP BY session_id"
        + " ORDER BY MIN(started_at), MIN(run_id)");
        ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        ids.add(row.getString(1));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return ids.stream().map(this::session).toList();
  }

  /** The id of the session whose id is {@code idOrPrefix} or, failing that, the only one that starts with it. */
  private String resolve(String idOrPrefix) {
    List<String> matches = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT session_id FROM runs"
        + " WHERE substr(session_id, 1, length(?1)) = ?1 ORDER BY session_id LIMIT 6")) {
      statement.setString(1, idOrPrefix);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          matches.add(row.getString(1));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    if (matches.contains(idOrPrefix) || matches.size() == 1) {
      return matches.contains(idOrPrefix) ? idOrPrefix : matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new HistoryException("no session '" + idOrPrefix + "' in history " + file
          + ": check the id (ace metrics sessions lists them), or start a new session");
    }
    throw new HistoryException("session id '" + idOrPrefix + "' is ambiguous in history " + file + ": it starts "
        + String.join(", ", matches.subList(0, Math.min(5, matches.size())))
        + (matches.size() > 5 ? " and more" : "") + "; give more of the id");
  }

  /** The ids of the tasks of run {@code runId} that have a result, in the order they finished; for resuming. */
  public synchronized Set<String> finishedTasks(long runId) {
    Set<String> ids = new LinkedHashSet<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT task_id FROM task_results WHERE run_id = ? ORDER BY id")) {
      statement.setLong(1, runId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          ids.add(row.getString(1));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return Collections.unmodifiableSet(ids);
  }

  /** The task results that match {@code filter}, chronologically: by finish time, then in the order recorded. */
  public synchronized List<TaskRow> tasks(Filter filter) {
    Objects.requireNonNull(filter, "filter is null: pass Filter.all() for every row");
    StringBuilder sql = new StringBuilder("SELECT " + Column.names("t.", TaskColumn.ALL)
        + " FROM task_results t JOIN runs r ON r.run_id = t.run_id WHERE 1 = 1");
    List<String> values = new ArrayList<>();
    filter.sessionId().ifPresent(v -> { sql.append(" AND r.session_id = ?"); values.add(v); });
    filter.kind().ifPresent(v -> { sql.append(" AND r.kind = ?"); values.add(v); });
    filter.model().ifPresent(v -> { sql.append(" AND t.model = ?"); values.add(v); });
    sql.append(" ORDER BY t.finished_at, t.id");
    List<TaskRow> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < values.size(); i++) {
        statement.setString(i + 1, values.get(i));
      }
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          rows.add(taskRow(row));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return List.copyOf(rows);
  }

  /** The attempts of run {@code runId}, in the order recorded. */
  public synchronized List<AttemptRow> attempts(long runId) {
    String sql = "SELECT " + Column.names("", AttemptColumn.ALL) + " FROM attempts WHERE run_id = ? ORDER BY id";
    List<AttemptRow> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, runId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          rows.add(attemptRow(row));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return List.copyOf(rows);
  }

  /** The learning metrics of the task results that match {@code filter}, runs numbered as recorded. */
  public synchronized Summary summary(Filter filter) {
    List<TaskRow> rows = tasks(filter);
    Map<Long, Integer> runNumbers = new HashMap<>();
    Map<Long, String> runSessions = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT run_id, run_number, session_id FROM runs");
        ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        runNumbers.put(row.getLong(1), row.getInt(2));
        runSessions.put(row.getLong(1), row.getString(3));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return Summary.of(rows, runNumbers, runSessions);
  }

  /** The file this history is stored in. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }

  private TaskRow taskRow(ResultSet row) throws SQLException {
    List<String> patterns;
    try {
      patterns = JSON.readValue(row.getString(TaskColumn.PATTERNS_FOUND.sql()), STRINGS);
    } catch (JsonProcessingException e) {
      throw new HistoryException("history database " + file + " holds unreadable patterns for task "
          + row.getString(TaskColumn.TASK_ID.sql()) + ": it was changed outside ace4j; move it away to start an"
          + " empty history", e);
    }
    return new TaskRow(row.getLong(TaskColumn.RUN_ID.sql()), row.getString(TaskColumn.TASK_ID.sql()),
        row.getString(TaskColumn.TASK_NAME.sql()), row.getString(TaskColumn.TASK_TYPE.sql()),
        row.getString(TaskColumn.DIFFICULTY.sql()), row.getString(TaskColumn.LANGUAGE.sql()),
        row.getString(TaskColumn.MODEL.sql()), row.getBoolean(TaskColumn.SUCCESS.sql()),
        row.getBoolean(TaskColumn.FIRST_ATTEMPT_PASSED.sql()), row.getInt(TaskColumn.ATTEMPTS.sql()),
        row.getInt(TaskColumn.ROUNDS.sql()), row.getLong(TaskColumn.HIDDEN_PASSED.sql()),
        row.getLong(TaskColumn.HIDDEN_TOTAL.sql()), optional(row, TaskColumn.ERROR_TYPE.sql()),
        row.getInt(TaskColumn.STRATEGIES_USED.sql()), row.getInt(TaskColumn.STRATEGIES_LEARNED.sql()),
        row.getLong(TaskColumn.PLAYBOOK_VERSION.sql()), row.getInt(TaskColumn.PLAYBOOK_SIZE.sql()),
        row.getLong(TaskColumn.INPUT_TOKENS.sql()), row.getLong(TaskColumn.OUTPUT_TOKENS.sql()),
        optional(row, TaskColumn.COST_USD.sql()).map(BigDecimal::new), row.getLong(TaskColumn.DURATION_MILLIS.sql()),
        patterns, row.getBoolean(TaskColumn.VALIDATION_PASSED.sql()),
        Instant.parse(row.getString(TaskColumn.FINISHED_AT.sql())));
  }

  private static AttemptRow attemptRow(ResultSet row) throws SQLException {
    return new AttemptRow(row.getLong(AttemptColumn.RUN_ID.sql()), row.getString(AttemptColumn.TASK_ID.sql()),
        row.getInt(AttemptColumn.ATTEMPT.sql()), row.getLong(AttemptColumn.PLAYBOOK_VERSION.sql()),
        row.getBoolean(AttemptColumn.PASSED.sql()), row.getString(AttemptColumn.STATUS.sql()),
        optional(row, AttemptColumn.ERROR_TYPE.sql()), row.getLong(AttemptColumn.INPUT_TOKENS.sql()),
        row.getLong(AttemptColumn.OUTPUT_TOKENS.sql()),
        optional(row, AttemptColumn.COST_USD.sql()).map(BigDecimal::new),
        row.getLong(AttemptColumn.DURATION_MILLIS.sql()), row.getString(AttemptColumn.CODE.sql()));
  }

  private static Optional<String> optional(ResultSet row, String column) throws SQLException {
    return Optional.ofNullable(row.getString(column));
  }

  private HistoryException constraintFailure(SQLException e, long runId, String taskId) {
    SQLiteErrorCode code = e instanceof SQLiteException sqlite ? sqlite.getResultCode() : SQLiteErrorCode.UNKNOWN_ERROR;
    if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
      return new HistoryException("task " + taskId + " of run " + runId + " is already finished in history " + file
          + ": finish each task once per run; on resume, skip the ids in finishedTasks(runId)", e);
    }
    if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY) {
      return unknownRun(runId);
    }
    return failure("write to", e);
  }

  private HistoryException unknownRun(long runId) {
    return new HistoryException("no run " + runId + " in history " + file
        + ": record the run with startRun and use the id it returns");
  }

  private HistoryException failure(String action, SQLException e) {
    return new HistoryException("cannot " + action + " history database " + file + " (" + oneLine(e.getMessage())
        + "): if it is damaged, move it away to start an empty history, or set ACE4J_HOME to another folder", e);
  }

  static String oneLine(@Nullable String message) {
    return message == null ? "no detail" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static void closeQuietly(Connection connection, Exception cause) {
    try {
      connection.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
