package dev.ace4j.models.internal;

import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.models.ModelCacheException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code llm_cache} table over an SQLite connection that its caller opened and owns: this class never closes
 * it. Every use locks on the connection, so this process's threads (and other caches over the same connection)
 * take turns; other processes wait on SQLite's file locks, as the connection's busy timeout allows.
 */
public final class CacheDatabase {
  private static final String SQLITE_URL = "jdbc:sqlite:";
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

  private final Connection connection;
  private final String name;

  private CacheDatabase(Connection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  /**
   * The cache table over {@code connection}, created when absent.
   *
   * @throws ModelCacheException naming the database and the fix when the table cannot be read or created
   */
  public static CacheDatabase on(Connection connection) {
    Objects.requireNonNull(connection, "connection is null: pass an open SQLite connection to the cache database");
    String name = name(connection);
    synchronized (connection) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(SCHEMA);
      } catch (SQLException e) {
        throw failure("open", name, e);
      }
    }
    return new CacheDatabase(connection, name);
  }

  /** The reply stored under {@code key}, if any. */
  public Optional<ModelReply> find(String key) {
    String sql = "SELECT reply_text, input_tokens, output_tokens, model_id FROM llm_cache WHERE key = ?";
    synchronized (connection) {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, key);
        try (ResultSet row = statement.executeQuery()) {
          return row.next()
              ? Optional.of(new ModelReply(row.getString(1), new TokenUsage(row.getLong(2), row.getLong(3)),
                  row.getString(4)))
              : Optional.empty();
        }
      } catch (SQLException e) {
        throw failure("read", name, e);
      }
    }
  }

  /** Stores {@code reply} under {@code key}; a reply already stored there (by a racing caller) is kept. */
  public void store(String key, String provider, String model, ModelReply reply) {
    update("INSERT OR IGNORE INTO llm_cache (key, provider, model, reply_text, input_tokens, output_tokens,"
        + " model_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", key, provider, model, reply.text(),
        reply.usage().inputTokens(), reply.usage().outputTokens(), reply.modelId(), Instant.now().toString());
  }

  /** Forgets the reply stored under {@code key}, if any. */
  public void delete(String key) {
    update("DELETE FROM llm_cache WHERE key = ?", key);
  }

  private void update(String sql, Object... values) {
    synchronized (connection) {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (int i = 0; i < values.length; i++) {
          statement.setObject(i + 1, values[i]);
        }
        statement.executeUpdate();
      } catch (SQLException e) {
        throw failure("write to", name, e);
      }
    }
  }

  /** The file behind {@code connection} as its URL names it, for error messages. */
  private static String name(Connection connection) {
    try {
      String url = String.valueOf(connection.getMetaData().getURL());
      return url.startsWith(SQLITE_URL) ? url.substring(SQLITE_URL.length()) : url;
    } catch (SQLException e) {
      return "(unnamed: " + e.getMessage() + ")";
    }
  }

  private static ModelCacheException failure(String action, String name, SQLException e) {
    return new ModelCacheException("cannot " + action + " response cache " + name + " (" + e.getMessage()
        + "): if it is damaged, move it away to start an empty cache, or run with --no-cache", e);
  }
}
