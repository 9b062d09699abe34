package dev.ace4j.models;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain SQLite connections for the cache's tests (the application opens its file with ace-coder's opener). */
final class SqliteConnections {
  private SqliteConnections() {}

  /** A new connection to {@code file}, which the caller closes. */
  static Connection open(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /** The first column of the first row {@code sql} selects in {@code file}. */
  static String firstValue(Path file, String sql) throws SQLException {
    try (Connection connection = open(file);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }

  /** Runs one statement that changes {@code file}. */
  static void execute(Path file, String sql) throws SQLException {
    try (Connection connection = open(file);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }
}
