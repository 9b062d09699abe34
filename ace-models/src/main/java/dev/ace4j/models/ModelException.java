package dev.ace4j.models;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model call that failed for a reason that may pass: the provider is rate limiting (429), failing (5xx), slow
 * (timeout) or unreachable. {@link ProviderModel} has already retried it when this reaches the caller, so it is safe
 * to retry later, not at once. Messages never contain an API key.
 */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final transient Duration retryAfter;

  /**
   * @param statusCode the HTTP status, or 0 when there was no response (timeout, connection failure)
   * @param retryAfter the wait the provider asked for (its {@code Retry-After} header), or null
   */
  public ModelException(String message, int statusCode, Duration retryAfter) {
    super(message);
    this.statusCode = statusCode;
    this.retryAfter = retryAfter;
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
