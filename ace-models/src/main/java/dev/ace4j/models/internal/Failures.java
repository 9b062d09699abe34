package dev.ace4j.models.internal;

import com.fasterxml.jackson.core.JacksonException;
import dev.ace4j.models.ModelException;
import dev.ace4j.models.ModelRefusedException;
import dev.langchain4j.exception.HttpException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Turns what a LangChain4j call threw into ace4j's two failures: {@link ModelException} (may pass: retried) and
 * {@link ModelRefusedException} (will not: the retry aborts). The original exception is not kept as the cause: its
 * message is a provider's raw body, which may echo the key, and a span's recorded stack trace prints every cause.
 * Its type and scrubbed message go into the new message instead.
 *
 * <p>A failure to connect is named in words after its root cause, as the JDK's HTTP client reports it: a
 * {@link ClosedChannelException} under a {@code ConnectException} is a refused connection (retried: a server may be
 * starting), an unresolved address is an unknown host and an {@link SSLException} a TLS failure (neither fixes
 * itself in seconds: not retried), an {@link HttpTimeoutException} a timeout (retried).
 *
 * @param provider the provider as users know it: "OpenAI", "Anthropic"
 * @param model the requested model
 * @param endpoint the base URL, already scrubbed of secrets, as messages name it
 * @param keyVariable the environment variable that holds the key, named in authentication errors
 * @param secret the key, scrubbed from every message
 */
public record Failures(String provider, String model, String endpoint, String keyVariable, String secret) {

  /** The failure to throw for {@code failure}. */
  public ModelException map(Throwable failure) {
    HttpException http = find(failure, HttpException.class);
    if (http != null) {
      return forStatus(http.statusCode(), Objects.toString(http.getMessage(), ""),
          http instanceof HttpStatusException withHeaders ? withHeaders.retryAfter().orElse(null) : null);
    }
    if (find(failure, InterruptedException.class) != null) {
      // not a refusal: whoever interrupted wants the call stopped, which the retry does on seeing the interrupt flag
      return new ModelException(provider + " " + model + " at " + endpoint + " was interrupted", "interrupted", 0,
          null);
    }
    if (find(failure, HttpTimeoutException.class) != null) {
      return new ModelException(provider + " " + model + " at " + endpoint + " did not answer in time (HTTP timeout)",
          "timeout", 0, null);
    }
    if (find(failure, UnresolvedAddressException.class) != null || find(failure, UnknownHostException.class) != null) {
      return new ModelRefusedException(unreachable("unknown host (the DNS lookup failed)") + "; check the host name "
          + "in the base URL", "unknown host", 0);
    }
    SSLException tls = find(failure, SSLException.class);
    if (tls != null) {
      return new ModelRefusedException(unreachable("TLS failure (" + describe(tls)
          + ")") + "; check http versus https in the base URL and the server's certificate", "TLS failure", 0);
    }
    if (find(failure, ClosedChannelException.class) != null || find(failure, ConnectException.class) != null) {
      return new ModelException(unreachable("connection refused") + "; check that the server is running and "
          + "the base URL's port", "connection refused", 0, null);
    }
    if (find(failure, JacksonException.class) != null) {
      return new ModelRefusedException(provider + " " + model + " sent a reply that is not " + provider
          + "'s JSON format; check the base URL points at a " + provider + "-compatible API ("
          + describe(root(failure)) + ")", 0);
    }
    if (find(failure, IOException.class) != null) {
      return new ModelException(unreachable(describe(root(failure))), "connection failed", 0, null);
    }
    return new ModelRefusedException(provider + " " + model + " call failed: " + describe(root(failure)), 0);
  }

  private ModelException forStatus(int status, String body, @Nullable Duration retryAfter) {
    String said = Redaction.scrub(body, secret);
    String detail = said.isEmpty() ? "" : ": " + said;
    if (status == 401 || status == 403) {
      String fix = keyVariable.isEmpty() ? "check the API key configured for it"
          : "set " + keyVariable + " to a valid " + provider + " API key";
      return new ModelRefusedException(provider + " rejected the API key (HTTP " + status + "); " + fix + detail,
          status);
    }
    if (status == 404) {
      return new ModelRefusedException(provider + " does not know model '" + model
          + "' or the endpoint " + endpoint + " (HTTP 404); check the model name and base URL" + detail, status);
    }
    if (status == 429) {
      return new ModelException(provider + " at " + endpoint + " is rate limiting " + model + " (HTTP 429"
          + (retryAfter == null ? "" : ", Retry-After " + retryAfter.toMillis() + " ms") + ")" + detail, status,
          retryAfter);
    }
    if (status >= 500 || status == 408) {
      return new ModelException(provider + " at " + endpoint + " failed to answer for " + model + " (HTTP " + status
          + ")" + detail, status, retryAfter);
    }
    return new ModelRefusedException(provider + " refused the request for " + model + " (HTTP " + status + ")"
        + detail, status);
  }

  private String unreachable(String cause) {
    return "could not reach " + provider + " at " + endpoint + " for " + model + ": " + cause;
  }

  private String describe(Throwable failure) {
    String message = Redaction.scrub(Objects.toString(failure.getMessage(), ""), secret);
    return failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  private static Throwable root(Throwable failure) {
    Throwable current = failure;
    while (current.getCause() != null && current.getCause() != current) {
      current = current.getCause();
    }
    return current;
  }

  private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
