package dev.ace4j.models.internal;

import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.models.ModelCacheException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The {@code llm_cache} table in an SQLite file, over one connection. WAL mode and a busy timeout let several
 * threads (serialised here) and several processes (serialised by SQLite's file locks) share the file.
 */
public final class CacheDatabase implements AutoCloseable {
  private static final int BUSY_TIMEOUT_MILLIS = 30_000;
  private static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS llm_cache (
        key TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        reply_text TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        model_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      )""";

  private final Path file;
  private final Connection connection;

  private CacheDatabase(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating if needed) the cache table in {@code file}. */
  public static CacheDatabase open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new ModelCacheException("cannot create the directory of response cache " + file + ": " + e
          + "; fix the path or its permissions, or run with --no-cache", e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    Connection connection = null;
    try {
      connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute(SCHEMA);
      }
      return new CacheDatabase(file, connection);
    } catch (SQLException e) {
      closeQuietly(connection, e);
      throw new ModelCacheException("response cache " + file + " cannot be opened (" + e.getMessage()
          + "): if it is damaged, delete it to start an empty cache, or run with --no-cache", e);
    }
  }

  /** The reply stored under {@code key}, if any. */
  public synchronized Optional<ModelReply> find(String key) {
    String sql = "SELECT reply_text, input_tokens, output_tokens, model_id FROM llm_cache WHERE key = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, key);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new ModelReply(row.getString(1), new TokenUsage(row.getLong(2), row.getLong(3)),
            row.getString(4)));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** Stores {@code reply} under {@code key}; a reply already stored there (by a racing caller) is kept. */
  public synchronized void store(String key, String provider, String model, ModelReply reply) {
    String sql = "INSERT OR IGNORE INTO llm_cache (key, provider, model, reply_text, input_tokens, output_tokens,"
        + " model_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, key);
      statement.setString(2, provider);
      statement.setString(3, model);
      statement.setString(4, reply.text());
      statement.setLong(5, reply.usage().inputTokens());
      statement.setLong(6, reply.usage().outputTokens());
      statement.setString(7, reply.modelId());
      statement.setString(8, Instant.now().toString());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure("write to", e);
    }
  }

  /** Forgets the reply stored under {@code key}, if any. */
  public synchronized void delete(String key) {
    try (PreparedStatement statement = connection.prepareStatement("DELETE FROM llm_cache WHERE key = ?")) {
      statement.setString(1, key);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure("write to", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }

  private ModelCacheException failure(String action, SQLException e) {
    return new ModelCacheException("cannot " + action + " response cache " + file + " (" + e.getMessage()
        + "): if it is damaged, delete it to start an empty cache, or run with --no-cache", e);
  }

  private static void closeQuietly(Connection connection, SQLException cause) {
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
