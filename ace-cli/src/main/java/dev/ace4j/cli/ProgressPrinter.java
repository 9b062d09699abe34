package dev.ace4j.cli;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.CodeAttempt;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.ExecutionReport;
import dev.ace4j.coder.Solution;
import dev.ace4j.coder.history.TaskRow;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Progress of a learning command on standard error: a line per program tested and per task finished. */
final class ProgressPrinter implements Benchmark.Progress {
  private final PrintWriter err;
  private final boolean showRuns;

  /** @param showRuns whether to say "run N/M" (a session of several runs) */
  ProgressPrinter(PrintWriter err, boolean showRuns) {
    this.err = err;
    this.showRuns = showRuns;
  }

  @Override
  public synchronized void runStarted(int run, int runs, int pendingTasks) {
    if (showRuns) {
      err.println("run " + run + "/" + runs + ": " + pendingTasks + " task" + (pendingTasks == 1 ? "" : "s"));
      err.flush();
    }
  }

  @Override
  public synchronized void attempted(int run, CodeTask task, CodeAttempt attempt) {
    ExecutionReport report = attempt.report();
    String outcome = report.passed()
        ? "passed the visible tests"
        : "failed (" + TerminalText.inline(report.errorType().orElse(report.status())) + ")";
    long ran = report.testsPassed() + report.testsFailed();
    String tests = ran == 0 ? "" : ", " + report.testsPassed() + "/" + ran + " visible tests";
    err.println("  " + task.id() + " attempt " + attempt.number() + ": " + outcome + tests + " ["
        + attempt.duration().toMillis() + " ms]");
    err.flush();
  }

  @Override
  public synchronized void taskFinished(int run, Solution solution, TaskRow row) {
    String hidden = row.hiddenTotal() == 0 ? "not scored" : "hidden " + row.hiddenPassed() + "/" + row.hiddenTotal();
    err.println((row.success() ? "✓ " : "✗ ") + row.taskId() + ": " + hidden + ", " + row.attempts() + " attempt"
        + (row.attempts() == 1 ? "" : "s") + ", playbook v" + row.playbookVersion() + " (" + row.playbookSize()
        + " bullets)" + row.errorType().map(e -> ", " + TerminalText.inline(e)).orElse("")
        + solution.problem().map(p -> "; nothing learned: " + p).orElse(""));
    err.flush();
  }

  @Override
  public synchronized void runFinished(int run, List<TaskRow> rows) {
    if (!showRuns || rows.isEmpty()) {
      return;
    }
    long passed = rows.stream().filter(TaskRow::success).count();
    long first = rows.stream().filter(TaskRow::firstAttemptPassed).count();
    err.println(String.format(Locale.ROOT, "run %d done: %d/%d passed the hidden tests (%.1f%%), %d/%d passed the "
        + "visible tests at the first attempt", run, passed, rows.size(), 100.0 * passed / rows.size(), first,
        rows.size()));
    err.flush();
  }
}
