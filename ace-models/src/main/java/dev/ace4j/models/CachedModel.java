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

/**
 * A {@link LanguageModel} that remembers replies in SQLite (table {@code llm_cache}, usually in
 * {@code ACE4J_HOME/ace.db}) and answers a request it has seen before without calling the model.
 *
 * <p>The key is SHA-256 over the canonical JSON of the provider, the model, the parameters (temperature, token cap,
 * response format with its schema) and the messages (role and text); the request's {@link ModelRequest#role()}
 * label is not part of it, so a generator and a reflector asking the same thing share an answer. A hit returns the
 * stored reply as it was, usage and model id included. Failed calls are not stored.
 *
 * <p>{@code --no-cache} means not wrapping a model in this class at all; there is no switch inside it.
 *
 * <p>Safe for concurrent use: threads share one connection in turn (the model call itself runs outside any lock),
 * and other processes using the same file wait on SQLite's locks (WAL mode, 30 s busy timeout). Two callers that
 * miss on the same request at once both call the model; the first reply stored is kept.
 */
public final class CachedModel implements LanguageModel, AutoCloseable {
  private final LanguageModel inner;
  private final String provider;
  private final String model;
  private final CacheDatabase database;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private CachedModel(LanguageModel inner, String provider, String model, CacheDatabase database) {
    this.inner = inner;
    this.provider = provider;
    this.model = model;
    this.database = database;
  }

  /**
   * Wraps {@code inner}, which talks to {@code provider}'s {@code model}, with the cache in {@code database} (created
   * with its directory when absent).
   *
   * @throws ModelCacheException when the file is not a usable SQLite database, naming it and the fix
   */
  public static CachedModel open(LanguageModel inner, String provider, String model, Path database) {
    Objects.requireNonNull(inner, "inner");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    return new CachedModel(inner, provider, model, CacheDatabase.open(database));
  }

  /**
   * The stored reply to {@code request}, or the inner model's reply (then stored).
   *
   * @throws ModelCacheException when the database cannot be read or written
   */
  @Override
  public ModelReply chat(ModelRequest request) {
    String key = ExchangeJson.cacheKey(provider, model, request);
    Optional<ModelReply> stored = database.find(key);
    if (stored.isPresent()) {
      hits.incrementAndGet();
      return stored.get();
    }
    misses.incrementAndGet();
    ModelReply reply = inner.chat(request);
    database.store(key, provider, model, reply);
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
