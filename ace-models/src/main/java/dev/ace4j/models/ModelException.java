package dev.ace4j.models;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A model call that failed: the base of ace4j's model failures. A {@code ModelException} itself is a failure that may
 * pass: the provider is rate limiting (429), failing (5xx), slow (timeout) or refusing connections.
 * {@link ProviderModel}'s retry policy retries these and aborts on the subclass {@link ModelRefusedException}
 * (a call that cannot succeed as configured), so when either reaches the caller the provider's attempts are done. A
 * transient failure is safe to retry later, not at once. Messages name the endpoint and never contain an API key.
 */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String summary;
  private final int statusCode;
  private final transient @Nullable Duration retryAfter;

  /**
   * @param statusCode the HTTP status, or 0 when there was no response (timeout, connection failure)
   * @param retryAfter the wait the provider asked for (its {@code Retry-After} header), or null
   */
  public ModelException(String message, int statusCode, @Nullable Duration retryAfter) {
    this(message, statusCode == 0 ? "failure" : "HTTP " + statusCode, statusCode, retryAfter);
  }

  /**
   * @param summary what went wrong in a few words, for a progress line: {@code HTTP 429}, {@code connection refused}
   * @param statusCode the HTTP status, or 0 when there was no response (timeout, connection failure)
   * @param retryAfter the wait the provider asked for (its {@code Retry-After} header), or null
   */
  public ModelException(String message, String summary, int statusCode, @Nullable Duration retryAfter) {
    super(message);
    this.summary = Objects.requireNonNull(summary, "summary");
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
  }

  /** What went wrong in a few words: {@code HTTP 503}, {@code connection refused}, {@code no answer within 120 s}. */
  public String summary() {
    return summary;
  }

  /** The HTTP status of the failed response; empty when there was none. */
  public OptionalInt statusCode() {
    return statusCode == 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }

  /** How long the provider asked to wait before the next request, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
