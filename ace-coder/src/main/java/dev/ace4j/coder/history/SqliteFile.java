package dev.ace4j.coder.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The one way ace4j opens its SQLite file ({@code ACE4J_HOME/ace.db}), shared by the history and the model response
 * cache: the folders are created, and every connection runs in WAL mode with {@code synchronous=NORMAL}, a 30 s busy
 * timeout, foreign keys enforced and {@code IMMEDIATE} transactions. So threads (each connection serialised by its
 * user) and processes (serialised by SQLite's file locks) share the file, and a writer waits instead of failing.
 */
public final class SqliteFile {
  private static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private SqliteFile() {}

  /**
   * A new connection to {@code file}, created with its folders when absent. The caller owns the connection and
   * closes it.
   *
   * @throws HistoryException naming the file and the fix when its folder cannot be created, it or its folder is not
   *     writable, or it is not a usable SQLite database
   */
  public static Connection open(Path file) {
    Objects.requireNonNull(file, "file is null: pass the path of the database, e.g. ACE4J_HOME/ace.db");
    createFolders(file);
    requireWritable(file);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    try {
      return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw unusable(file, e);
    }
  }

  /**
   * A read-only connection to the existing {@code file}, for commands that only read (ace metrics); works where the
   * file or its folder is read-only. There nothing can write to it either, so it is opened immutable (WAL mode would
   * otherwise need to create its shared-memory file beside it).
   *
   * @throws HistoryException naming the file and the fix when it is not a usable SQLite database
   */
  public static Connection openReadOnly(Path file) {
    Objects.requireNonNull(file, "file is null: pass the path of the database, e.g. ACE4J_HOME/ace.db");
    Path absolute = file.toAbsolutePath();
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    boolean writable = Files.isWritable(absolute) && Files.isWritable(absolute.getParent());
    try {
      return config.createConnection("jdbc:sqlite:" + uri(absolute) + (writable ? "?mode=ro" : "?immutable=1"));
    } catch (SQLException e) {
      throw unusable(file, e);
    }
  }

  /** The file as an SQLite URI filename: a file: URI whose path is percent-encoded where SQLite needs it. */
  private static String uri(Path file) {
    return "file:" + file.toUri().getRawPath();
  }

  /** Refuses an existing file, or the folder of a new one, that this process may not write. */
  private static void requireWritable(Path file) {
    Path absolute = file.toAbsolutePath();
    Path folder = absolute.getParent();
    if (Files.exists(absolute) ? !Files.isWritable(absolute) || !Files.isWritable(folder)
        : folder != null && !Files.isWritable(folder)) {
      throw new HistoryException("database " + file + " is not writable" + (Files.exists(absolute) ? ""
          : " (its folder " + folder + " is read-only)") + ": make ACE4J_HOME writable or set it to a writable "
          + "folder; ace metrics reads a read-only one as it is");
    }
  }

  /** The one-line error for a {@code file} that {@code e} shows is not a usable SQLite database. */
  static HistoryException unusable(Path file, SQLException e) {
    return new HistoryException("database " + file + " is not a usable SQLite database ("
        + History.oneLine(e.getMessage()) + "): move it away to start an empty history and response cache, or set"
        + " ACE4J_HOME to another folder", e);
  }

  private static void createFolders(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new HistoryException("cannot create the folder of database " + file + " (" + e
          + "): fix the path or its permissions, or set ACE4J_HOME to another folder", e);
    }
  }
}
