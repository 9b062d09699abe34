package dev.ace4j.models;

import dev.ace4j.flow.Retry;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One retry of a model call, as {@link ProviderModel.Builder#onRetry} hears of it before the wait: the retry as
 * ace-flow scheduled it, and the endpoint the call went to.
 *
 * @param endpoint the base URL the call went to (never with a key)
 * @param retry the failed attempt, its failure, the wait and the attempt count
 */
public record RetryNotice(String endpoint, Retry.Scheduled retry) {
  public RetryNotice {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(retry, "retry");
  }

  /** What went wrong in a few words: {@code HTTP 429}, {@code connection refused}, {@code timeout}. */
  public String cause() {
    return retry.failure() instanceof ModelException model ? model.summary()
        : retry.failure().getClass().getSimpleName();
  }

  /** The wait before the next attempt. */
  public Duration delay() {
    return retry.delay();
  }

  /** The number of the next attempt, from 2. */
  public int attempt() {
    return retry.nextAttempt();
  }

  /** The most attempts the call makes. */
  public int maxAttempts() {
    return retry.maxAttempts();
  }

  /** One line for a person: {@code HTTP 429 from http://127.0.0.1:8080/v1, retrying in 3 s (2/4)}. */
  public String describe() {
    return cause() + " from " + endpoint + ", retrying in " + readable(delay()) + " (" + attempt() + "/"
        + maxAttempts() + ")";
  }

  /** Whole seconds as {@code 3 s}, a second and more as {@code 1.5 s}, less as {@code 250 ms}. */
  static String readable(Duration wait) {
    long millis = wait.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
