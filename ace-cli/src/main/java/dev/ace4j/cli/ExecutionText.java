package dev.ace4j.cli;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.TestResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Execution} for a person at a terminal: the program's stdout and stderr passed through as they were,
 * then, on stderr, one line per failed test, a one-line summary and the output files copied out. What ace's own lines
 * quote from the program is escaped ({@link TerminalText}).
 */
final class ExecutionText {
  private ExecutionText() {}

  /**
   * Prints {@code run}; {@code filesWent} ends the line listing the output files, saying where their content is
   * (e.g. {@code --json carries their content}).
   */
  static void print(Execution run, PrintWriter out, PrintWriter err, String filesWent) {
    out.print(run.stdout().text());
    out.flush();
    String stderr = run.stderr().text();
    err.print(stderr);
    if (!stderr.isEmpty() && !stderr.endsWith("\n")) {
      err.println();
    }
    for (TestResult test : run.tests()) {
      if (test.outcome() == TestResult.Outcome.FAILED || test.outcome() == TestResult.Outcome.ERROR) {
        String quoted = TerminalText.inline(testName(test) + firstLine(test.message()));
        err.println("ace: " + test.outcome().id() + ": " + quoted);
      }
    }
    err.println(summary(run));
    if (!run.files().isEmpty()) {
      List<String> files =
          run.files().stream().map(f -> TerminalText.inline(f.path()) + " (" + f.size() + " bytes)").toList();
      err.println("ace: copied out " + String.join(", ", files) + "; " + filesWent);
    }
    err.flush();
  }

  /** E.g. {@code ace: error, exit 1, 212 ms, tests: 2 passed, 1 failed}. */
  static String summary(Execution run) {
    List<String> parts = new ArrayList<>();
    parts.add(run.status().id());
    parts.add(run.exitCode() == Execution.NO_EXIT_CODE ? "no exit code" : "exit " + run.exitCode());
    parts.add(run.duration().toMillis() + " ms");
    if (!run.tests().isEmpty()) {
      long skipped = run.tests().stream().filter(t -> t.outcome() == TestResult.Outcome.SKIPPED).count();
      parts.add("tests: " + run.passedTests() + " passed, " + run.failedTests() + " failed"
          + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    }
    if (run.stdout().truncated()) {
      parts.add("stdout truncated");
    }
    if (run.stderr().truncated()) {
      parts.add("stderr truncated");
    }
    String line = "ace: " + String.join(", ", parts);
    return run.detail().isEmpty() ? line : line + " (" + TerminalText.inline(run.detail()) + ")";
  }

  private static String testName(TestResult test) {
    return test.suite().isEmpty() ? test.name() : test.suite() + "." + test.name();
  }

  private static String firstLine(String message) {
    String first = message.strip().lines().findFirst().orElse("");
    return first.isEmpty() ? "" : ": " + first;
  }
}
