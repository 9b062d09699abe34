package dev.ace4j.models;

import java.time.Duration;
import java.util.Objects;

/**
 * One retry of a model call, as {@link ProviderModel.Builder#onRetry} hears of it before the wait: what failed, where,
 * how long until the next attempt, and which attempt that is.
 *
 * @param cause what went wrong in a few words: {@code HTTP 429}, {@code connection refused}, {@code timeout}
 * @param endpoint the base URL the call went to (never with a key)
 * @param delay the wait before the next attempt
 * @param attempt the number of the next attempt, from 2
 * @param maxAttempts the most attempts the call makes
 */
public record RetryNotice(String cause, String endpoint, Duration delay, int attempt, int maxAttempts) {
  public RetryNotice {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(delay, "delay");
  }

  /** One line for a person: {@code HTTP 429 from http://127.0.0.1:8080/v1, retrying in 3 s (2/4)}. */
  public String describe() {
    return cause + " from " + endpoint + ", retrying in " + readable(delay) + " (" + attempt + "/" + maxAttempts + ")";
  }

  /** Whole seconds as {@code 3 s}, a second and more as {@code 1.5 s}, less as {@code 250 ms}. */
  private static String readable(Duration wait) {
    long millis = wait.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
