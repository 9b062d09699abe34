package dev.ace4j.models;

/**
 * The model configuration is wrong or missing: a bad {@code --model} spec, no model configured at all, a missing API
 * key, a malformed prices file. The message is one line that names the bad input and says how to fix it; it never
 * contains a secret. The CLI maps it to exit code 2.
 */
public class ModelConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelConfigurationException(String message) {
    super(message);
  }

  public ModelConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }

  /** What was wrong and how to fix it; never null. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }
}
