package dev.ace4j.cli;

import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.HistoryException;
import dev.ace4j.coder.history.SqliteFile;
import dev.ace4j.sandbox.HostCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteException;

/**
 * The {@code database} line of {@code ace doctor}: whether {@code ACE4J_HOME/ace.db} (the history and the response
 * cache) is a sound SQLite database, and its history schema version. The file is opened read-only and never
 * created: a doctor that repaired or created files would hide what it found.
 */
final class DatabaseCheck {
  private static final String SUBJECT = "database";

  private DatabaseCheck() {}

  static HostCheck inspect(Path database) {
    if (!Files.exists(database)) {
      return HostCheck.ok(SUBJECT, database + ": not created yet (solve, bench and eval create it)");
    }
    if (!Files.isRegularFile(database)) {
      return HostCheck.fail(SUBJECT, database + " is not a file", moveAside(database));
    }
    try (Connection connection = SqliteFile.openReadOnly(database);
        Statement statement = connection.createStatement()) {
      OptionalInt version = schemaVersion(statement);
      if (version.isPresent() && version.getAsInt() > History.SCHEMA_VERSION) {
        return HostCheck.fail(SUBJECT, database + ": history schema version " + version.getAsInt() + ", newer than "
            + "the version " + History.SCHEMA_VERSION + " this ace4j reads", "upgrade ace4j, or set ACE4J_HOME to "
            + "another folder");
      }
      String schema = version.isEmpty() ? "no history yet" : "history schema version " + version.getAsInt();
      List<String> problems = integrityProblems(statement);
      if (!problems.isEmpty()) {
        String more = problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more problems)";
        return HostCheck.fail(SUBJECT, database + ": PRAGMA integrity_check failed: " + oneLine(problems.get(0))
            + more, moveAside(database));
      }
      return HostCheck.ok(SUBJECT, database + ": " + schema + ", integrity_check ok");
    } catch (SQLException e) {
      return HostCheck.fail(SUBJECT, database + ": " + detail(e), moveAside(database));
    } catch (HistoryException e) {
      return HostCheck.fail(SUBJECT, database + ": " + (e.getCause() instanceof SQLException sql ? detail(sql)
          : oneLine(e.getMessage())), moveAside(database));
    }
  }

  /** SQLite's own words and code, {@code file is not a database (SQLITE_NOTADB)}, else the driver's message. */
  private static String detail(SQLException e) {
    String message = oneLine(e.getMessage());
    if (e instanceof SQLiteException sqlite) {
      // The driver's message is "[CODE] its generic text (SQLite's own text)"; the generic text says it again.
      String generic = sqlite.getResultCode() + " (";
      if (message.startsWith(generic) && message.endsWith(")")) {
        return message.substring(generic.length(), message.length() - 1) + " (" + sqlite.getResultCode().name()
            + ")";
      }
    }
    return message;
  }

  /**
   * The history's schema version as the history records it ({@code HistorySchema}, which keeps it in its own table
   * because the file is shared); empty when no history was written yet.
   */
  private static OptionalInt schemaVersion(Statement statement) throws SQLException {
    try (ResultSet table = statement.executeQuery(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history_schema'")) {
      if (!table.next()) {
        return OptionalInt.empty();
      }
    }
    try (ResultSet row = statement.executeQuery("SELECT MAX(version) FROM history_schema")) {
      return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
    }
  }

  /** What {@code PRAGMA integrity_check} reports; empty when it says ok. */
  private static List<String> integrityProblems(Statement statement) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
      while (rows.next()) {
        String row = Objects.toString(rows.getString(1), "");
        if (!row.equals("ok")) {
          problems.add(row);
        }
      }
    }
    return problems;
  }

  /** Never "delete": the file holds the history, and a backup may bring it back. */
  private static String moveAside(Path database) {
    boolean journal = Files.exists(sibling(database, "-wal")) || Files.exists(sibling(database, "-shm"));
    return "restore it from a backup, or move it aside (mv " + database + " " + database + ".broken"
        + (journal ? ", and its -wal and -shm files with it" : "")
        + ") and ace starts an empty history and response cache";
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static String oneLine(@Nullable String text) {
    return Objects.toString(text, "no detail").strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
