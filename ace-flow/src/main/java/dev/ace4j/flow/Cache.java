package dev.ace4j.flow;

import io.opentelemetry.api.common.AttributeKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Remembers what steps returned, by a key computed from the input, for a time to live and up to a maximum number of
 * entries. One instance is shared by every run of the steps it {@link #wrap wraps}; it is thread-safe.
 *
 * <pre>{@code
 * Cache<Prompt, Answer> answers = Cache.<Prompt, Answer>builder()
 *     .ttl(Duration.ofMinutes(10)).maxSize(1_000).key(Prompt::text).build();
 * Step<Prompt, Answer> cached = answers.wrap(askModel);
 * }</pre>
 *
 * <ul>
 *   <li>Expiry: an entry lives {@code ttl} from when its step returned, by the clock of the run's context
 *       ({@link Flow.Builder#clock}).
 *   <li>Eviction: storing a new entry into a full cache first drops expired entries, then the least recently used
 *       ones (a hit counts as a use).
 *   <li>Failures are not cached: the next run with that key runs the step again.
 *   <li>Concurrent misses for one key run the step once: later callers wait for the first and share its result
 *       (counted as hits). If the first fails, one of the waiters runs the step in turn.
 *   <li>Every lookup is a hit or a miss in {@link #stats()}, in the {@code ace.flow.cache.hits} and
 *       {@code ace.flow.cache.misses} counters, and in the {@code ace.flow.cache.hit} attribute of the step's span.
 * </ul>
 *
 * <p>Entries are keyed by the key alone: wrap one step per cache, or steps that compute the same function.
 *
 * @param <I> what the wrapped steps take
 * @param <O> what they return
 */
public final class Cache<I, O> {
  static final AttributeKey<Boolean> HIT = AttributeKey.booleanKey("ace.flow.cache.hit");

  private final Duration ttl;
  private final int maxSize;
  private final Function<? super I, ?> key;
  private final Object lock = new Object();
  // Access order: iteration starts at the least recently used entry.
  private final LinkedHashMap<Object, Entry<O>> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Object, CompletableFuture<O>> inFlight = new HashMap<>();
  private long hits;
  private long misses;
  private long evictions;

  private Cache(Builder<I, O> builder) {
    this.ttl = Objects.requireNonNull(builder.ttl, "ttl");
    this.maxSize = builder.maxSize;
    this.key = builder.key;
  }

  public static <I, O> Builder<I, O> builder() {
    return new Builder<>();
  }

  /** {@code step} answered from this cache when it can; the result keeps the step's name and span. */
  public Step<I, O> wrap(Step<I, O> step) {
    Objects.requireNonNull(step, "step");
    return Step.of(step.name(), (input, context) -> lookUpOrRun(step, input, context));
  }

  /** Hits, misses and evictions since the cache was built. */
  public Stats stats() {
    synchronized (lock) {
      return new Stats(hits, misses, evictions);
    }
  }

  /**
   * What a cache has counted.
   *
   * @param hits lookups answered from the cache (including callers that waited for a concurrent miss)
   * @param misses lookups that ran the step
   * @param evictions live entries dropped to make room (expired entries are not counted)
   */
  public record Stats(long hits, long misses, long evictions) {}

  private O lookUpOrRun(Step<I, O> step, I input, Context context) throws Exception {
    Object k = key.apply(input);
    while (true) {
      Entry<O> entry;
      @Nullable CompletableFuture<O> flight = null;
      boolean leader = false;
      synchronized (lock) {
        entry = liveEntry(k, context.clock().instant());
        if (entry != null) {
          hits++;
        } else {
          flight = inFlight.get(k);
          leader = flight == null;
          if (leader) {
            flight = new CompletableFuture<>();
            inFlight.put(k, flight);
            misses++;
          }
        }
      }
      if (entry != null) {
        record(step, context, true);
        return entry.value();
      }
      if (leader) {
        record(step, context, false);
        return runAndStore(step, input, context, k, Objects.requireNonNull(flight));
      }
      try {
        O shared = Objects.requireNonNull(flight).get();
        synchronized (lock) {
          hits++;
        }
        record(step, context, true);
        return shared;
      } catch (ExecutionException leaderFailed) {
        // Failures are not shared either: look up again, and run the step if no one else is.
      }
    }
  }

  private O runAndStore(Step<I, O> step, I input, Context context, Object k, CompletableFuture<O> flight)
      throws Exception {
    try {
      O value = step.apply(input, context);
      Instant now = context.clock().instant();
      synchronized (lock) {
        inFlight.remove(k);
        store(k, new Entry<>(value, now.plus(ttl)), now);
      }
      flight.complete(value);
      return value;
    } catch (Exception | Error failure) {
      synchronized (lock) {
        inFlight.remove(k);
      }
      flight.completeExceptionally(failure);
      throw failure;
    }
  }

  /** The entry for {@code k} if it has not expired; drops it if it has. Holds the lock. */
  private @Nullable Entry<O> liveEntry(Object k, Instant now) {
    Entry<O> entry = entries.get(k);
    if (entry != null && !entry.liveAt(now)) {
      entries.remove(k);
      return null;
    }
    return entry;
  }

  private static void record(Step<?, ?> step, Context context, boolean hit) {
    context.telemetry().cacheLookup(step.name(), hit);
    context.span().setAttribute(HIT, hit);
  }

  /** Holds the lock. */
  private void store(Object k, Entry<O> entry, Instant now) {
    entries.put(k, entry);
    if (entries.size() > maxSize) {
      entries.values().removeIf(e -> !e.liveAt(now));
    }
    Iterator<Object> leastRecentlyUsed = entries.keySet().iterator();
    while (entries.size() > maxSize) {
      leastRecentlyUsed.next();
      leastRecentlyUsed.remove();
      evictions++;
    }
  }

  private record Entry<O>(O value, Instant expiresAt) {
    boolean liveAt(Instant now) {
      return now.isBefore(expiresAt);
    }
  }

  /** Configures a {@link Cache}; {@link #ttl} and {@link #maxSize} are required. Not thread-safe. */
  public static final class Builder<I, O> {
    private @Nullable Duration ttl;
    private int maxSize;
    private Function<? super I, ?> key = input -> input;

    private Builder() {}

    /** How long an entry lives after its step returned; must be positive. */
    public Builder<I, O> ttl(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("ttl must be positive, got " + value);
      }
      this.ttl = value;
      return this;
    }

    /** How many entries the cache holds at most; at least 1. */
    public Builder<I, O> maxSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxSize must be at least 1, got " + value);
      }
      this.maxSize = value;
      return this;
    }

    /** What identifies an input in the cache (equals and hashCode). Default: the input itself. */
    public Builder<I, O> key(Function<? super I, ?> value) {
      this.key = Objects.requireNonNull(value, "key");
      return this;
    }

    /**
     * The cache.
     *
     * @throws IllegalStateException if ttl or maxSize was not set
     */
    public Cache<I, O> build() {
      if (ttl == null) {
        throw new IllegalStateException("ttl is required: call ttl(Duration) with how long entries live");
      }
      if (maxSize == 0) {
        throw new IllegalStateException("maxSize is required: call maxSize(int) with how many entries to keep");
      }
      return new Cache<>(this);
    }
  }
}
