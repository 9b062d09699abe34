package dev.ace4j.models.internal;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A non-2xx response from {@link HttpTransport}: LangChain4j's {@link HttpException} plus the {@code Retry-After}
 * header, which LangChain4j's own exception does not carry. LangChain4j keeps it as the cause of the exception it
 * maps the status to, so {@link Failures} finds it in the cause chain.
 */
public final class HttpStatusException extends HttpException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Duration retryAfter;

  public HttpStatusException(int statusCode, String body, @Nullable Duration retryAfter) {
    super(statusCode, body);
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
