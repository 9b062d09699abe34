package dev.ace4j.cli;

import dev.ace4j.coder.Benchmark;
import dev.ace4j.coder.CodeAttempt;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.ExecutionReport;
import dev.ace4j.coder.Solution;
import dev.ace4j.coder.history.TaskRow;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress of a learning command on standard error: a line per task finished, counted against all the tasks of the
 * invocation ({@code [3/16]}) with the time elapsed and an estimate of the time left. On a terminal the programs
 * being tested show on one status line that is redrawn in place; elsewhere (a file, CI) each is a plain line.
 * Quiet, it prints nothing.
 */
final class ProgressPrinter implements Benchmark.Progress {
  /** Where the progress goes and how. */
  enum Mode {
    /** A terminal: attempts on one status line redrawn in place. */
    LIVE,
    /** A file or a pipe: a plain line per attempt. */
    LINES,
    /** Nothing. */
    QUIET;

    /** {@code LIVE} on a terminal that draws, else {@code LINES}; {@code QUIET} when asked. */
    static Mode of(boolean quiet, Map<String, String> environment) {
      if (quiet) {
        return QUIET;
      }
      return onTerminal() && !"dumb".equals(environment.get("TERM")) ? LIVE : LINES;
    }

    /**
     * Whether ace runs on a terminal, not redirected: the case where redrawing works. Up to Java 21 a console
     * exists only then; from Java 22 it exists redirected too, and says so with {@code isTerminal()}.
     */
    private static boolean onTerminal() {
      Console console = System.console();
      if (console == null) {
        return false;
      }
      try {
        return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
      } catch (ReflectiveOperationException e) {
        return true; // Java 17 to 21
      }
    }
  }

  private static final String CLEAR_LINE = "\r\u001b[2K";

  private final PrintWriter err;
  private final boolean showRuns;
  private final int tasksPerRun;
  private final Mode mode;
  private final LongSupplier nanoTime;
  private long started;
  private int total;
  private int finished;
  private boolean statusShown;

  /** Progress without counts: one task of unknown length (solve). */
  ProgressPrinter(PrintWriter err, boolean showRuns) {
    this(err, showRuns, 0, Mode.LINES, System::nanoTime);
  }

  /**
   * @param showRuns whether to say "run N/M" (a session of several runs)
   * @param tasksPerRun the tasks of one run, to count what is left; 0 for no counts
   */
  ProgressPrinter(PrintWriter err, boolean showRuns, int tasksPerRun, Mode mode, LongSupplier nanoTime) {
    this.err = err;
    this.showRuns = showRuns;
    this.tasksPerRun = tasksPerRun;
    this.mode = mode;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized void runStarted(int run, int runs, int pendingTasks) {
    if (total == 0 && tasksPerRun > 0) {
      total = pendingTasks + (runs - run) * tasksPerRun; // a resumed run may have fewer tasks left than a new one
      started = nanoTime.getAsLong();
    }
    if (showRuns) {
      line("run " + run + "/" + runs + ": " + Plural.of(pendingTasks, "task"));
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
    String text = task.id() + " attempt " + attempt.number() + ": " + outcome + tests + " ["
        + attempt.duration().toMillis() + " ms]";
    if (mode == Mode.LIVE) {
      err.print(CLEAR_LINE + counter(finished + 1) + text + timing());
      err.flush();
      statusShown = true;
    } else {
      line("  " + text);
    }
  }

  @Override
  public synchronized void taskFinished(int run, Solution solution, TaskRow row) {
    finished++;
    String hidden = row.hiddenTotal() == 0 ? "not scored" : "hidden " + row.hiddenPassed() + "/" + row.hiddenTotal();
    line(counter(finished) + (row.success() ? "✓ " : "✗ ") + row.taskId() + ": " + hidden + ", "
        + Plural.of(row.attempts(), "attempt") + ", playbook v" + row.playbookVersion() + " ("
        + Plural.of(row.playbookSize(), "bullet") + ")"
        + row.errorType().map(e -> ", " + TerminalText.inline(e)).orElse("")
        + solution.problem().map(p -> "; nothing learned: " + p).orElse("") + timing());
  }

  @Override
  public synchronized void runFinished(int run, List<TaskRow> rows) {
    if (!showRuns || rows.isEmpty()) {
      return;
    }
    long passed = rows.stream().filter(TaskRow::success).count();
    long first = rows.stream().filter(TaskRow::firstAttemptPassed).count();
    line(String.format(Locale.ROOT, "run %d done: %d/%d passed the hidden tests (%.1f%%), %d/%d passed the "
        + "visible tests at the first attempt", run, passed, rows.size(), 100.0 * passed / rows.size(), first,
        rows.size()));
  }

  /** A line that stays, in place of the status line if one is shown. */
  private void line(String text) {
    if (mode == Mode.QUIET) {
      return;
    }
    if (statusShown) {
      err.print(CLEAR_LINE);
      statusShown = false;
    }
    err.println(text);
    err.flush();
  }

  private String counter(int number) {
    return total == 0 ? "" : "[" + Math.min(number, total) + "/" + total + "] ";
  }

  /** " · 0:42 elapsed, about 1:10 left", from the pace of the tasks finished so far. */
  private String timing() {
    if (total == 0) {
      return "";
    }
    long elapsed = nanoTime.getAsLong() - started;
    String text = " · " + clock(elapsed) + " elapsed";
    if (finished > 0 && finished < total) {
      text += ", about " + clock(elapsed / finished * (total - finished)) + " left";
    }
    return text;
  }

  private static String clock(long nanos) {
    long seconds = Duration.ofNanos(nanos).toSeconds();
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
