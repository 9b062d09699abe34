package dev.ace4j.coder;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One case of a competitive-programming problem: the program reads {@code input} on stdin and must print
 * {@code output}. The comparison is made on the host from the captured stdout, never by the program: both texts are
 * split on whitespace and compared token by token, so line breaks and spacing do not matter; tokens that both parse
 * as numbers are equal within {@code floatTolerance}, absolute or relative (0 compares them exactly, as text).
 *
 * @param input the bytes fed to stdin, as UTF-8 text
 * @param output the expected stdout
 * @param floatTolerance the absolute-or-relative tolerance for numeric tokens; 0 for exact comparison
 */
public record IoTest(String input, String output, double floatTolerance) {
  public IoTest {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    if (!(floatTolerance >= 0) || Double.isInfinite(floatTolerance)) {
      throw new IllegalArgumentException("float tolerance " + floatTolerance + " is not a finite number >= 0: "
          + "give e.g. 1e-6, or 0 for exact comparison");
    }
  }

  /** Whether {@code stdout} is the expected output, token by token. */
  public boolean accepts(String stdout) {
    String[] expected = tokens(output);
    String[] actual = tokens(stdout);
    if (expected.length != actual.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (!expected[i].equals(actual[i]) && !(floatTolerance > 0 && close(expected[i], actual[i]))) {
        return false;
      }
    }
    return true;
  }

  private static String[] tokens(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
  }

  private boolean close(String expected, String actual) {
    try {
      // BigDecimal accepts exactly the plain and scientific notations; no NaN, Infinity or hex to slip through.
      double want = new BigDecimal(expected).doubleValue();
      double got = new BigDecimal(actual).doubleValue();
      double difference = Math.abs(want - got);
      return difference <= floatTolerance || difference <= floatTolerance * Math.abs(want);
    } catch (NumberFormatException notANumber) {
      return false;
    }
  }
}
