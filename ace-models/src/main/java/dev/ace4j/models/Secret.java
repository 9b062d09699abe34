package dev.ace4j.models;

import java.util.Objects;

/**
 * A secret value (an API key) that does not print itself: {@link #toString()} is {@code ***}, so it is safe in
 * records, log lines and exception messages. Only the provider client that sends it calls {@link #reveal()}.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    return new Secret(value);
  }

  /** The secret itself, for the one place that must send it (an HTTP header). Never print it. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "***";
  }
}
