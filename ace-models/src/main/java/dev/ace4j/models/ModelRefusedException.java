package dev.ace4j.models;

import java.util.OptionalInt;

/**
 * A model call that cannot succeed as configured, so nothing retries it: a rejected API key (401/403), an unknown
 * model (404), a request the provider refuses (400), or a reply that is not the provider's format (usually a wrong
 * base URL). An {@link IllegalStateException} because ace-core's roles do not retry those. The message says what to
 * fix (for a key: the environment variable) and never contains an API key.
 */
public class ModelRefusedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  /** @param statusCode the HTTP status, or 0 when the response had none worth naming (a malformed body) */
  public ModelRefusedException(String message, int statusCode) {
    super(message);
    this.statusCode = statusCode;
  }

  /** The HTTP status of the refusing response; empty for a malformed reply. */
  public OptionalInt statusCode() {
    return statusCode == 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }
}
