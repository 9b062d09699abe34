package dev.ace4j.models;

/**
 * A model call that cannot succeed as configured, so {@link ProviderModel}'s retry policy aborts on it: a rejected
 * API key (401/403), an unknown model (404), a request the provider refuses (400), a reply that is not the provider's
 * format (usually a wrong base URL), an unknown host or a TLS failure. The message says what to fix (for a key: the
 * environment variable) and never contains an API key.
 */
public class ModelRefusedException extends ModelException {
  private static final long serialVersionUID = 1L;

  /** @param statusCode the HTTP status, or 0 when the response had none worth naming (a malformed body) */
  public ModelRefusedException(String message, int statusCode) {
    super(message, statusCode, null);
  }

  /**
   * @param summary what went wrong in a few words: {@code HTTP 401}, {@code unknown host}
   * @param statusCode the HTTP status, or 0 when there was none
   */
  public ModelRefusedException(String message, String summary, int statusCode) {
    super(message, summary, statusCode, null);
  }
}
