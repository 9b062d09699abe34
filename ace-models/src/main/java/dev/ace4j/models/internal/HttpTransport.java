package dev.ace4j.models.internal;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j's HTTP client contract over {@code java.net.http}, handed to the provider builders through
 * {@code httpClientBuilder(...)}. It exists for one reason: LangChain4j's JDK client throws an
 * {@link dev.langchain4j.exception.HttpException} without the response headers, so a 429's {@code Retry-After} is
 * lost; this one throws {@link HttpStatusException}, which keeps it. It logs nothing. Blocking calls are
 * interruptible, so ace-flow's {@code Timeout} stops them.
 */
public final class HttpTransport implements HttpClient {
  private final java.net.http.HttpClient client;
  private final @Nullable Duration readTimeout;

  private HttpTransport(@Nullable Duration connectTimeout, @Nullable Duration readTimeout) {
    java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1);
    if (connectTimeout != null) {
      builder.connectTimeout(connectTimeout);
    }
    this.client = builder.build();
    this.readTimeout = readTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    java.net.http.HttpRequest.Builder http = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
    request.headers().forEach((name, values) -> values.forEach(value -> http.header(name, value)));
    if (readTimeout != null) {
      http.timeout(readTimeout);
    }
    switch (request.method()) {
      case GET -> http.GET();
      case DELETE -> http.DELETE();
      case POST -> http.POST(java.net.http.HttpRequest.BodyPublishers.ofString(
          request.body() == null ? "" : request.body()));
    }
    HttpResponse<String> response;
    try {
      response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + URI.create(request.url()).getHost(), e);
    }
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw new HttpStatusException(response.statusCode(), response.body(),
          retryAfter(response.headers().firstValue("Retry-After")).orElse(null));
    }
    return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
        .headers(response.headers().map()).body(response.body()).build();
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("ace4j does not stream model replies");
  }

  /** A {@code Retry-After} value: seconds (possibly fractional, as some servers send) or an HTTP date. */
  static Optional<Duration> retryAfter(Optional<String> header) {
    if (header.isEmpty() || header.get().isBlank()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    try {
      double seconds = Double.parseDouble(value);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(ZonedDateTime.now(),
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  /** What the provider builders configure: the timeouts. */
  public static final class Builder implements HttpClientBuilder {
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;

    private Builder() {}

    @Override
    public @Nullable Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    @Override
    public @Nullable Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public Builder readTimeout(Duration value) {
      this.readTimeout = value;
      return this;
    }

    @Override
    public HttpTransport build() {
      return new HttpTransport(connectTimeout, readTimeout);
    }
  }

}
