package dev.ace4j.coder.history;

import java.util.Objects;

/** The argument checks the history's records share, so their messages read alike. */
final class Checks {
  private Checks() {}

  static String notBlank(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is blank: give a non-empty " + field);
    }
    return value;
  }

  static String present(String value, String field) {
    return Objects.requireNonNull(value, () -> field + " is null: pass \"\" when there is none");
  }

  static long notNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " is " + value + ": it counts something, so it must be 0 or more");
    }
    return value;
  }

  static int positive(int value, String field) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " is " + value + ": it is 1-based, so it must be 1 or more");
    }
    return value;
  }
}
