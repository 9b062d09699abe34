package dev.ace4j.coder;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.TestResult;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place the Reflector's account of a test run is written: which tests failed and why, the error the
 * program died of, the tail of its traceback, and limits said plainly. Short on purpose: it goes into every
 * reflection prompt.
 *
 * <p>It is a function of what the run meant, not of when or where it ran, so an identical rerun sends an identical
 * prompt (served from the response cache, replayable offline). Every piece taken from the run's output is
 * {@linkplain #normalise normalised} before it is cut to length, so a cut falls in the same place too.
 */
public final class FeedbackText {
  static final int MAX_MESSAGE = 400;
  static final int MAX_TRACEBACK = 1_500;

  /** pytest's account of an exception while importing the tests: {@code E   SyntaxError: '(' was never closed}. */
  private static final Pattern PYTEST_ERROR =
      Pattern.compile("(?m)^E\\s+(\\w*(?:Error|Exception|Exit|Interrupt)):");

  /** What varies between identical runs, and what stands in for it. */
  private static final List<Replacement> VARIABLE = List.of(
      // pytest's closing tally, "==== 1 failed, 1 passed in 0.61s (0:00:01) ====" or "1 error in 0.60s": the counts
      // are in the report already, the time is noise.
      new Replacement("(?m)^[=\\s]*(?:\\d+ \\w+(?:, \\d+ \\w+)* )?in \\d+(?:\\.\\d+)?s(?: \\(\\d+:\\d\\d:\\d\\d\\))?"
          + "[=\\s]*$\\n?", ""),
      // Frames of pytest and the import machinery, with their source line: the harness, not the program.
      new Replacement("(?m)^(?:\\S*/(?:_pytest|pluggy|importlib)/\\S*|<frozen importlib\\.[\\w.]+>):\\d+: in \\S+\\n"
          + "(?:    .*\\n)?", ""),
      // node --test and JUnit timings.
      new Replacement("duration_ms:? \\d+(?:\\.\\d+)?", "duration_ms …"),
      new Replacement("(?i)\\b(after|in) \\d+(?:\\.\\d+)? ?(ms|s|seconds?|milliseconds?)\\b", "$1 …"),
      // CPython's default repr, "<solution.Node object at 0x7f4f493a8990>".
      new Replacement("\\b0x[0-9a-fA-F]{6,}\\b", "0x…"),
      // The sandbox's work folder: /work in bubblewrap, a fresh run-NNN folder for a plain process.
      new Replacement("(?<![\\w.])(?:/[^\\s/\"'():,<>\\[\\]]+)*/(?:work|run-[\\w-]+)/", ""),
      new Replacement("(?<![\\w.])(?:/[^\\s/\"'():,<>\\[\\]]+)*/run-[\\w-]+(?![\\w/-])", "."),
      // Temporary names: Python's tempfile (tmpk2j3h4_x) and pytest's numbered tmp_path base (pytest-12).
      new Replacement("\\btmp[a-z0-9_]{8}\\b", "tmpXXXXXXXX"),
      new Replacement("\\bpytest-\\d+\\b", "pytest-N"));

  private FeedbackText() {}

  /**
   * The account of a run against tests.
   *
   * @param collectionError the exception that kept the tests from being collected, when there was one
   */
  static String ofTests(Execution run, Optional<String> collectionError) {
    StringBuilder text = new StringBuilder();
    text.append(summary(run)).append('\n');
    for (TestResult test : run.tests()) {
      if (test.outcome() == TestResult.Outcome.FAILED || test.outcome() == TestResult.Outcome.ERROR) {
        text.append("- ").append(test.name()).append(' ').append(test.outcome().id()).append(": ")
            .append(truncate(normalise(test.message().strip()), MAX_MESSAGE)).append('\n');
      }
    }
    run.error().ifPresent(error -> appendError(text, error, run.tests().isEmpty()));
    // A module that does not import shows up as a collection error whose cause only the runner's output names.
    if (run.error().isEmpty() && collectionFailed(run)) {
      collectionError.ifPresent(name -> text.append("error while collecting the tests: ").append(name).append('\n'));
      appendOutput(text, "output", run.stdout().text());
      appendOutput(text, "stderr", run.stderr().text());
    }
    return text.toString().strip();
  }

  /** The account of a program run without tests: only whether it ran, and the error it died of. */
  static String ofProgram(Execution run) {
    boolean ran = ExecutionReport.ranCleanly(run);
    StringBuilder text = new StringBuilder();
    text.append(ran
        ? "The module ran without error (the task has no tests, so nothing more was checked)."
        : summary(run).replace("no test results", "the task has no tests, and the module did not run cleanly"))
        .append('\n');
    run.error().ifPresent(error -> appendError(text, error, true));
    if (run.error().isEmpty() && !ran) {
      appendOutput(text, "stderr", run.stderr().text());
    }
    return text.toString().strip();
  }

  /** Whether the tests could not all be collected: none ran, or one is an error of the runner's. */
  static boolean collectionFailed(Execution run) {
    return run.tests().isEmpty() || run.tests().stream().anyMatch(t -> t.outcome() == TestResult.Outcome.ERROR);
  }

  /** The last exception pytest reports in {@code output} ({@code E   NameError: …}). */
  static Optional<String> lastPytestError(String output) {
    Matcher error = PYTEST_ERROR.matcher(output);
    String name = null;
    while (error.find()) {
      name = error.group(1);
    }
    return Optional.ofNullable(name);
  }

  /** {@code text} with what varies between identical runs taken out or replaced by a fixed stand-in. */
  public static String normalise(String text) {
    String result = text.replace("\r\n", "\n");
    for (Replacement replacement : VARIABLE) {
      result = replacement.pattern().matcher(result).replaceAll(replacement.with());
    }
    return result;
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
      text.append(": ").append(truncate(normalise(error.value().strip()), MAX_MESSAGE));
    }
    text.append('\n');
    // With per-test messages the traceback mostly repeats them; without any, it is the only clue.
    if (withTraceback && !error.traceback().isBlank()) {
      text.append("traceback (end):\n").append(tail(normalise(error.traceback()).strip(), MAX_TRACEBACK))
          .append('\n');
    }
  }

  private static void appendOutput(StringBuilder text, String label, String output) {
    String kept = normalise(output).strip();
    if (!kept.isEmpty()) {
      text.append(label).append(" (end):\n").append(tail(kept, MAX_TRACEBACK)).append('\n');
    }
  }

  private static String detail(Execution run, String fallback) {
    return run.detail().isBlank() ? fallback : normalise(run.detail());
  }

  static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + " …";
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : "… " + text.substring(text.length() - max);
  }

  private record Replacement(Pattern pattern, String with) {
    Replacement(String regex, String with) {
      this(Pattern.compile(regex), with);
    }
  }
}
