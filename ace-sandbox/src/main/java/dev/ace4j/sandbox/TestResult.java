package dev.ace4j.sandbox;

import java.time.Duration;
import java.util.Locale;

/**
 * One test case of a test suite run, read from the runner's JUnit XML report.
 *
 * @param suite the class or file that holds the test
 * @param name the test's own name
 * @param outcome how it ended
 * @param message the failure or error message, empty when it passed
 * @param duration as the runner measured it
 */
public record TestResult(String suite, String name, Outcome outcome, String message, Duration duration) {
  public TestResult {
    suite = suite == null ? "" : suite;
    name = name == null ? "" : name;
    message = message == null ? "" : message;
    duration = duration == null ? Duration.ZERO : duration;
  }

  /** Whether the test passed. */
  public boolean passed() {
    return outcome == Outcome.PASSED;
  }

  /** How one test ended. */
  public enum Outcome {
    PASSED,
    FAILED,
    ERROR,
    SKIPPED;

    /** The wire name, lower case. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
