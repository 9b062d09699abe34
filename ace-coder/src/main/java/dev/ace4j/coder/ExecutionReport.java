package dev.ace4j.coder;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compact account of one test run for the Reflector: which tests failed and why, the error the program died of,
 * the tail of its traceback, and limits said plainly. Short on purpose: it goes into every reflection prompt.
 */
final class ExecutionReport {
  static final int MAX_MESSAGE = 400;
  static final int MAX_TRACEBACK = 1_500;

  private ExecutionReport() {}

  /** Whether the run counts as a pass: it ended OK, ran at least one test and every test passed. */
  static boolean passed(Execution run) {
    return run.status() == Status.OK && !run.tests().isEmpty() && run.tests().stream().allMatch(TestResult::passed);
  }

  /** pytest's account of an exception while importing the tests: {@code E   SyntaxError: '(' was never closed}. */
  private static final Pattern PYTEST_ERROR =
      Pattern.compile("(?m)^E\\s+(\\w*(?:Error|Exception|Exit|Interrupt)):");

  /**
   * The exception that stopped the tests from being collected (the module under test did not import), which the
   * runner reports in its output rather than as the program's error; empty when there is none.
   */
  static Optional<String> collectionError(Execution run, Language language) {
    boolean collectionFailed = run.tests().isEmpty()
        || run.tests().stream().anyMatch(t -> t.outcome() == TestResult.Outcome.ERROR);
    if (!collectionFailed || language != Language.PYTHON) {
      return Optional.empty();
    }
    Matcher error = PYTEST_ERROR.matcher(run.stdout().text());
    String name = null;
    while (error.find()) {
      name = error.group(1);
    }
    return Optional.ofNullable(name);
  }

  /** Whether a module run without tests counts as a pass: it ended OK with exit code 0. */
  static boolean ran(Execution run) {
    return run.status() == Status.OK && run.exitCode() == 0;
  }

  /** The report of a module run without tests: only whether it ran, and the error it died of. */
  static String ofUntested(Execution run) {
    StringBuilder text = new StringBuilder();
    text.append(ran(run)
        ? "The module ran without error (the task has no tests, so nothing more was checked)."
        : summary(run).replace("no test results", "the task has no tests, and the module did not run cleanly"))
        .append('\n');
    run.error().ifPresent(error -> appendError(text, error, true));
    if (run.error().isEmpty() && !ran(run)) {
      appendOutput(text, "stderr", run.stderr().text());
    }
    return text.toString().strip();
  }

  static String of(Execution run) {
    StringBuilder text = new StringBuilder();
    text.append(summary(run)).append('\n');
    for (TestResult test : run.tests()) {
      if (test.outcome() == TestResult.Outcome.FAILED || test.outcome() == TestResult.Outcome.ERROR) {
        text.append("- ").append(test.name()).append(' ').append(test.outcome().id()).append(": ")
            .append(truncate(test.message().strip(), MAX_MESSAGE)).append('\n');
      }
    }
    run.error().ifPresent(error -> appendError(text, error, run.tests().isEmpty()));
    // A module that does not import shows up as a collection error whose cause only the runner's output names.
    boolean unexplained = run.tests().isEmpty()
        || run.tests().stream().anyMatch(t -> t.outcome() == TestResult.Outcome.ERROR);
    if (run.error().isEmpty() && unexplained) {
      appendOutput(text, "output", run.stdout().text());
      appendOutput(text, "stderr", run.stderr().text());
    }
    return text.toString().strip();
  }

  private static String summary(Execution run) {
    String counts = run.tests().isEmpty()
        ? "no test results"
        : run.passedTests() + " of " + run.tests().size() + " visible tests passed";
    return switch (run.status()) {
      case OK -> "All visible tests passed (" + counts + ").";
      case ERROR -> "The code failed: " + counts + ".";
      case TIMEOUT -> "The code ran out of time (" + detail(run, "time limit reached")
          + "): look for an infinite loop or an exponential algorithm. " + counts + ".";
      case MEMORY_LIMIT -> "The code ran out of memory (" + detail(run, "memory limit reached")
          + "): avoid building huge structures or unbounded recursion. " + counts + ".";
      case OUTPUT_LIMIT -> "The code printed too much output (" + detail(run, "output limit reached") + "). "
          + counts + ".";
      case SANDBOX_FAILURE -> "The sandbox could not run the code (" + detail(run, "no detail")
          + "); this is not the code's fault.";
    };
  }

  private static void appendError(StringBuilder text, ExecutionError error, boolean withTraceback) {
    text.append("error: ").append(error.name());
    if (!error.value().isBlank()) {
      text.append(": ").append(truncate(error.value().strip(), MAX_MESSAGE));
    }
    text.append('\n');
    // With per-test messages the traceback mostly repeats them; without any, it is the only clue.
    if (withTraceback && !error.traceback().isBlank()) {
      text.append("traceback (end):\n").append(tail(error.traceback().strip(), MAX_TRACEBACK)).append('\n');
    }
  }

  private static void appendOutput(StringBuilder text, String label, String output) {
    if (!output.isBlank()) {
      text.append(label).append(" (end):\n").append(tail(output.strip(), MAX_TRACEBACK)).append('\n');
    }
  }

  private static String detail(Execution run, String fallback) {
    return run.detail().isBlank() ? fallback : run.detail();
  }

  static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + " …";
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : "… " + text.substring(text.length() - max);
  }
}
