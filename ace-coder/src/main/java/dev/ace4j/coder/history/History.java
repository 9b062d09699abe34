package dev.ace4j.coder.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The learning history in an SQLite file (usually {@code ACE4J_HOME/ace.db}, shared with other modules' tables):
 * the runs, every attempt and every task's result, from which {@link #summary} computes the learning metrics. One
 * connection serialises this process's threads; WAL mode and a busy timeout let other processes share the file.
 */
public final class History implements AutoCloseable {
  private static final int BUSY_TIMEOUT_MILLIS = 30_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  /** Fixed width, so the text sorts as the instants do. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final String TASK_COLUMNS = "t.run_id, t.task_id, t.task_name, t.task_type, t.difficulty,"
      + " t.language, t.model, t.success, t.first_attempt_passed, t.attempts, t.rounds, t.hidden_passed,"
      + " t.hidden_total, t.error_type, t.strategies_used, t.strategies_learned, t.playbook_version,"
      + " t.playbook_size, t.input_tokens, t.output_tokens, t.cost_usd, t.duration_millis, t.patterns_found,"
      + " t.validation_passed, t.finished_at";

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
    createFolders(database);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    Connection connection = null;
    try {
      connection = config.createConnection("jdbc:sqlite:" + database.toAbsolutePath());
      HistorySchema.prepare(connection, database);
      return new History(database, connection);
    } catch (SQLException e) {
      closeQuietly(connection, e);
      throw new HistoryException("history database " + database + " is not a usable SQLite database ("
          + oneLine(e.getMessage()) + "): move it away to start an empty history, or set ACE4J_HOME to another"
          + " folder", e);
    } catch (RuntimeException e) {
      closeQuietly(connection, e);
      throw e;
    }
  }

  /** Records the start of a run and returns its id, the key of its attempts and task results. */
  public synchronized long startRun(RunStart run) {
    Objects.requireNonNull(run, "run is null: pass the RunStart to record");
    String sql = "INSERT INTO runs (session_id, kind, suite, model, playbook, playbook_version, run_number,"
        + " planned_runs, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, run.sessionId());
      statement.setString(2, run.kind());
      statement.setString(3, run.suite());
      statement.setString(4, run.model());
      statement.setString(5, run.playbook());
      statement.setLong(6, run.playbookVersion());
      statement.setInt(7, run.runNumber());
      statement.setInt(8, run.plannedRuns());
      statement.setString(9, TIME.format(run.startedAt()));
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
    String sql = "INSERT INTO attempts (run_id, task_id, attempt, playbook_version, passed, status, error_type,"
        + " input_tokens, output_tokens, cost_usd, duration_millis, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, attempt.runId());
      statement.setString(2, attempt.taskId());
      statement.setInt(3, attempt.attempt());
      statement.setLong(4, attempt.playbookVersion());
      statement.setBoolean(5, attempt.passed());
      statement.setString(6, attempt.status());
      setOptional(statement, 7, attempt.errorType());
      statement.setLong(8, attempt.inputTokens());
      statement.setLong(9, attempt.outputTokens());
      setOptional(statement, 10, attempt.costUsd().map(BigDecimal::toPlainString));
      statement.setLong(11, attempt.durationMillis());
      statement.setString(12, attempt.code());
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
    String sql = "INSERT INTO task_results (run_id, task_id, task_name, task_type, difficulty, language, model,"
        + " success, first_attempt_passed, attempts, rounds, hidden_passed, hidden_total, error_type,"
        + " strategies_used, strategies_learned, playbook_version, playbook_size, input_tokens, output_tokens,"
        + " cost_usd, duration_millis, patterns_found, validation_passed, finished_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 0;
      statement.setLong(++i, task.runId());
      statement.setString(++i, task.taskId());
      statement.setString(++i, task.taskName());
      statement.setString(++i, task.taskType());
      statement.setString(++i, task.difficulty());
      statement.setString(++i, task.language());
      statement.setString(++i, task.model());
      statement.setBoolean(++i, task.success());
      statement.setBoolean(++i, task.firstAttemptPassed());
      statement.setInt(++i, task.attempts());
      statement.setInt(++i, task.rounds());
      statement.setLong(++i, task.hiddenPassed());
      statement.setLong(++i, task.hiddenTotal());
      setOptional(statement, ++i, task.errorType());
      statement.setInt(++i, task.strategiesUsed());
      statement.setInt(++i, task.strategiesLearned());
      statement.setLong(++i, task.playbookVersion());
      statement.setInt(++i, task.playbookSize());
      statement.setLong(++i, task.inputTokens());
      statement.setLong(++i, task.outputTokens());
      setOptional(statement, ++i, task.costUsd().map(BigDecimal::toPlainString));
      statement.setLong(++i, task.durationMillis());
      statement.setString(++i, JSON.writeValueAsString(task.patternsFound()));
      statement.setBoolean(++i, task.validationPassed());
      statement.setString(++i, TIME.format(task.finishedAt()));
      statement.executeUpdate();
    } catch (SQLException e) {
      throw constraintFailure(e, task.runId(), task.taskId());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the patterns of task " + task.taskId() + " as JSON", e);
    }
  }

  /**
   * Marks a run finished.
   *
   * @throws HistoryException when the run is unknown
   */
  public synchronized void finishRun(long runId, Instant finishedAt) {
    Objects.requireNonNull(finishedAt, "finishedAt is null: pass the instant the run finished");
    try (PreparedStatement statement = connection.prepareStatement(
        "UPDATE runs SET finished_at = ? WHERE run_id = ?")) {
      statement.setString(1, TIME.format(finishedAt));
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
   * The session {@code sessionId}; its kind, model and planned runs are those of its latest run, so a resume that
   * plans more runs extends it.
   *
   * @throws HistoryException when no run of that session is recorded
   */
  public synchronized Session session(String sessionId) {
    Checks.notBlank(sessionId, "sessionId");
    String sql = "SELECT run_id, run_number, model, suite, playbook, started_at, finished_at, kind, planned_runs"
        + " FROM runs WHERE session_id = ? ORDER BY run_id";
    List<RunInfo> runs = new ArrayList<>();
    String kind = "";
    int plannedRuns = 1;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, sessionId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          runs.add(new RunInfo(row.getLong(1), row.getInt(2), row.getString(3), row.getString(4),
              row.getString(5), Instant.parse(row.getString(6)),
              Optional.ofNullable(row.getString(7)).map(Instant::parse)));
          kind = row.getString(8);
          plannedRuns = row.getInt(9);
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    if (runs.isEmpty()) {
      throw new HistoryException("no session '" + sessionId + "' in history " + file
          + ": check the id, or start a new session");
    }
    return new Session(sessionId, kind, runs.get(runs.size() - 1).model(), plannedRuns, runs);
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
    StringBuilder sql = new StringBuilder("SELECT " + TASK_COLUMNS
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
    String sql = "SELECT run_id, task_id, attempt, playbook_version, passed, status, error_type, input_tokens,"
        + " output_tokens, cost_usd, duration_millis, code FROM attempts WHERE run_id = ? ORDER BY id";
    List<AttemptRow> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, runId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          rows.add(new AttemptRow(row.getLong(1), row.getString(2), row.getInt(3), row.getLong(4),
              row.getBoolean(5), row.getString(6), Optional.ofNullable(row.getString(7)), row.getLong(8),
              row.getLong(9), Optional.ofNullable(row.getString(10)).map(BigDecimal::new), row.getLong(11),
              row.getString(12)));
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
    try (PreparedStatement statement = connection.prepareStatement("SELECT run_id, run_number FROM runs");
        ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        runNumbers.put(row.getLong(1), row.getInt(2));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return Summary.of(rows, runNumbers);
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
      patterns = JSON.readValue(row.getString(23), STRINGS);
    } catch (JsonProcessingException e) {
      throw new HistoryException("history database " + file + " holds unreadable patterns for task "
          + row.getString(2) + ": it was changed outside ace4j; move it away to start an empty history", e);
    }
    return new TaskRow(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
        row.getString(6), row.getString(7), row.getBoolean(8), row.getBoolean(9), row.getInt(10), row.getInt(11),
        row.getLong(12), row.getLong(13), Optional.ofNullable(row.getString(14)), row.getInt(15), row.getInt(16),
        row.getLong(17), row.getInt(18), row.getLong(19), row.getLong(20),
        Optional.ofNullable(row.getString(21)).map(BigDecimal::new), row.getLong(22), patterns, row.getBoolean(24),
        Instant.parse(row.getString(25)));
  }

  private static void setOptional(PreparedStatement statement, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, value.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
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

  static String oneLine(String message) {
    return message == null ? "no detail" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static void createFolders(Path database) {
    Path parent = database.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new HistoryException("cannot create the folder of history database " + database + " (" + e
          + "): fix the path or its permissions, or set ACE4J_HOME to another folder", e);
    }
  }

  private static void closeQuietly(Connection connection, Exception cause) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
