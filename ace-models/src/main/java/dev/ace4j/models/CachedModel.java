package dev.ace4j.models;

import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.models.internal.CacheDatabase;
import dev.ace4j.models.internal.ExchangeJson;
import java.sql.Connection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link LanguageModel} that remembers replies in SQLite (table {@code llm_cache}, usually in
 * {@code ACE4J_HOME/ace.db}) and answers a request it has seen before without calling the model.
 *
 * <p>The key covers everything that changes an answer: the {@link ModelEndpoint} (provider, base URL, model), the
 * parameters (temperature, token cap, response format with its schema) and the messages (role and text), as
 * SHA-256 over their canonical JSON behind a scheme version; the request's {@link ModelRequest#role()} label is not
 * part of it, so a generator and a reflector asking the same thing share an answer. A hit returns the stored reply
 * as it was, usage and model id included. Failed calls are not stored, and a reply the caller
 * {@linkplain #rejected rejected} is forgotten, so it is asked for again rather than served again.
 *
 * <p>{@code --no-cache} means not wrapping a model in this class at all; there is no switch inside it.
 *
 * <p>The cache works on an SQLite connection its caller opened (in ace4j, through the opener of {@code ace.db}, which
 * sets WAL mode and a busy timeout) and still owns: it creates its table when absent and never closes the
 * connection, so the caller closes it after the last call.
 *
 * <p>Safe for concurrent use: threads take turns on the connection, locking on it (the model call itself runs
 * outside any lock), and other processes using the same file wait on SQLite's locks as the connection's busy
 * timeout allows. Two callers that miss on the same request at once both call the model; the first reply stored is
 * kept.
 */
public final class CachedModel extends ModelLayer {
  private final ModelEndpoint endpoint;
  private final CacheDatabase database;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private CachedModel(LanguageModel inner, ModelEndpoint endpoint, CacheDatabase database) {
    super(inner);
    this.endpoint = endpoint;
    this.database = database;
  }

  /**
   * Wraps {@code inner}, which talks to {@code endpoint}, with the cache table in the SQLite database behind
   * {@code connection} (the table is created when absent). The caller keeps owning the connection and closes it
   * once it is done with this model.
   *
   * @throws ModelCacheException naming the database and the fix when the table cannot be read or created
   */
  public static CachedModel over(LanguageModel inner, ModelEndpoint endpoint, Connection connection) {
    Objects.requireNonNull(inner, "inner");
    Objects.requireNonNull(endpoint, "endpoint");
    return new CachedModel(inner, endpoint, CacheDatabase.on(connection));
  }

  /**
   * Forgets the stored reply to {@code request}, so the next identical request asks the model again, and tells the
   * inner model.
   *
   * @throws ModelCacheException when the database cannot be written
   */
  @Override
  public void rejected(ModelRequest request, ModelReply reply) {
    database.delete(ExchangeJson.cacheKey(endpoint, request));
    super.rejected(request, reply);
  }

  /**
   * The stored reply to {@code request}, or the inner model's reply (then stored).
   *
   * @throws ModelCacheException when the database cannot be read or written
   */
  @Override
  protected ModelReply intercept(ModelRequest request, Function<ModelRequest, ModelReply> proceed) {
    String key = ExchangeJson.cacheKey(endpoint, request);
    Optional<ModelReply> stored = database.find(key);
    if (stored.isPresent()) {
      hits.incrementAndGet();
      return stored.get();
    }
    misses.incrementAndGet();
    ModelReply reply = proceed.apply(request);
    database.store(key, endpoint.provider(), endpoint.model(), reply);
    return reply;
  }

  /** Hits and misses since this instance was created. */
  public CacheStats stats() {
    return new CacheStats(hits.get(), misses.get());
  }
}
