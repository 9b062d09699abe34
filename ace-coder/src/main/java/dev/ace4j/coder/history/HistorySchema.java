package dev.ace4j.coder.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The history's tables and their version. The version lives in its own table, {@code history_schema}, because the
 * file is shared: another module may own {@code PRAGMA user_version}.
 */
final class HistorySchema {
  /** The schema this code reads and writes; a file at a higher version was written by a newer ace4j. */
  static final int VERSION = 1;

  private static final List<String> TABLES = List.of("""
      CREATE TABLE IF NOT EXISTS history_schema (
        version INTEGER NOT NULL
      )""",
      Column.create(RunColumn.TABLE, RunColumn.KEY, RunColumn.ALL, ""), """
      CREATE INDEX IF NOT EXISTS runs_by_session ON runs (session_id)""",
      Column.create(AttemptColumn.TABLE, "id", AttemptColumn.ALL, ""), """
      CREATE INDEX IF NOT EXISTS attempts_by_run ON attempts (run_id)""",
      Column.create(TaskColumn.TABLE, "id", TaskColumn.ALL, "UNIQUE (run_id, task_id)"), """
      CREATE INDEX IF NOT EXISTS task_results_by_time ON task_results (finished_at, id)""");

  private HistorySchema() {}

  /**
   * Checks the version and creates what is missing, in one transaction so that two processes opening a new file
   * at once create it once.
   *
   * @throws HistoryException when the file was written by a newer ace4j
   */
  static void prepare(Connection connection, Path file) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      int found = version(statement);
      if (found > VERSION) {
        throw newer(file, found);
      }
      for (String table : TABLES) {
        statement.execute(table);
      }
      if (found == 0) {
        statement.execute("INSERT INTO history_schema (version) VALUES (" + VERSION + ")");
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * Checks, without writing, that the history's tables are there at a version this code reads.
   *
   * @throws HistoryException when they are missing or were written by a newer ace4j
   */
  static void check(Connection connection, Path file) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int found = version(statement);
      if (found == 0) {
        throw new HistoryException("database " + file + " holds no learning history yet: run ace solve, ace bench "
            + "or ace eval first (or set ACE4J_HOME to where they ran)");
      }
      if (found > VERSION) {
        throw newer(file, found);
      }
    }
  }

  private static HistoryException newer(Path file, int found) {
    return new HistoryException("history database " + file + " has schema version " + found
        + ", newer than the version " + VERSION + " this ace4j reads: upgrade ace4j, or set ACE4J_HOME to"
        + " another folder");
  }

  /** The recorded version, 0 when the history's tables are not there yet. */
  private static int version(Statement statement) throws SQLException {
    try (ResultSet table = statement.executeQuery(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history_schema'")) {
      if (!table.next()) {
        return 0;
      }
    }
    try (ResultSet row = statement.executeQuery("SELECT MAX(version) FROM history_schema")) {
      return row.next() ? row.getInt(1) : 0;
    }
  }
}
