package dev.ace4j.models;

import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.models.internal.CacheDatabase;
import dev.ace4j.models.internal.ExchangeJson;
import java.nio.file.Path;
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
 * <p>Safe for concurrent use: threads share one connection in turn (the model call itself runs outside any lock),
 * and other processes using the same file wait on SQLite's locks (WAL mode, 30 s busy timeout). Two callers that
 * miss on the same request at once both call the model; the first reply stored is kept.
 */
public final class CachedModel extends ModelLayer implements AutoCloseable {
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
   * Wraps {@code inner}, which talks to {@code endpoint}, with the cache in {@code database} (created with its
   * directory when absent).
   *
   * @throws ModelCacheException when the file is not a usable SQLite database, naming it and the fix
   */
  public static CachedModel open(LanguageModel inner, ModelEndpoint endpoint, Path database) {
    Objects.requireNonNull(inner, "inner");
    Objects.requireNonNull(endpoint, "endpoint");
    return new CachedModel(inner, endpoint, CacheDatabase.open(database));
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

  /** Hits and misses since this instance was opened. */
  public CacheStats stats() {
    return new CacheStats(hits.get(), misses.get());
  }

  /** Closes the database connection (not the inner model). */
  @Override
  public void close() {
    database.close();
  }
}
