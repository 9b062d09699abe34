package dev.ace4j.models;

/**
 * How a {@link CachedModel} has answered so far.
 *
 * @param hits requests answered from the cache, with no call to the model
 * @param misses requests passed on to the model (whether or not the call then succeeded)
 */
public record CacheStats(long hits, long misses) {

  /** Every request the cache has seen. */
  public long requests() {
    return hits + misses;
  }
}
