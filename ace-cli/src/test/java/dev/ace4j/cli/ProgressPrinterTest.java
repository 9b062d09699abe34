package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeAttempt;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.ExecutionReport;
import dev.ace4j.coder.Solution;
import dev.ace4j.coder.history.TaskRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress on a terminal, in a log and when quiet, with a clock the test moves. */
class ProgressPrinterTest {
  private static final CodeTask TASK = BuiltinBenchmark.tasks().get(0);
  private final AtomicLong nanos = new AtomicLong();
  private final StringWriter text = new StringWriter();

  private ProgressPrinter printer(ProgressPrinter.Mode mode) {
    return new ProgressPrinter(new PrintWriter(text, true), true, 3, mode, nanos::get);
  }

  @Test
  void onATerminalRedrawsOneStatusLineAndCountsTasksWithElapsedAndTimeLeft() {
    ProgressPrinter progress = printer(ProgressPrinter.Mode.LIVE);

    progress.runStarted(1, 2, 3);
    nanos.set(Duration.ofSeconds(10).toNanos());
    progress.attempted(1, TASK, attempt());
    nanos.set(Duration.ofSeconds(20).toNanos());
    progress.taskFinished(1, solution(), row());

    assertThat(text.toString()).isEqualTo("run 1/2: 3 tasks\n"
        + "\r\u001b[2K[1/6] " + TASK.id() + " attempt 1: passed the visible tests, 2/2 visible tests [770 ms]"
        + " · 0:10 elapsed"
        + "\r\u001b[2K[1/6] ✓ " + TASK.id() + ": hidden 10/10, 1 attempt, playbook v3 (1 bullet)"
        + " · 0:20 elapsed, about 1:40 left\n");
  }

  @Test
  void inALogPrintsPlainLinesAndCountsAResumedRunFromWhatIsLeft() {
    ProgressPrinter progress = printer(ProgressPrinter.Mode.LINES);

    progress.runStarted(2, 2, 1); // resumed: one task of the last run left
    progress.attempted(2, TASK, attempt());
    nanos.set(Duration.ofMinutes(61).toNanos());
    progress.taskFinished(2, solution(), row());

    assertThat(text.toString()).isEqualTo("run 2/2: 1 task\n"
        + "  " + TASK.id() + " attempt 1: passed the visible tests, 2/2 visible tests [770 ms]\n"
        + "[1/1] ✓ " + TASK.id() + ": hidden 10/10, 1 attempt, playbook v3 (1 bullet) · 1:01:00 elapsed\n");
  }

  @Test
  void quietPrintsNothing() {
    ProgressPrinter progress = printer(ProgressPrinter.Mode.QUIET);

    progress.runStarted(1, 1, 3);
    progress.attempted(1, TASK, attempt());
    progress.taskFinished(1, solution(), row());
    progress.runFinished(1, List.of(row()));

    assertThat(text.toString()).isEmpty();
  }

  private static CodeAttempt attempt() {
    return new CodeAttempt(1, new ExecutionReport(Optional.of("pass"), "ok", true, 2, 0, Optional.empty(), ""),
        List.of(), Optional.empty(), null, Duration.ofMillis(770));
  }

  private static Solution solution() {
    return new Solution(TASK, Optional.of("pass"), true, List.of(attempt()), 1, Optional.empty(), 3, null,
        Optional.empty(), Duration.ofSeconds(1), Optional.empty());
  }

  private static TaskRow row() {
    return new TaskRow(1, TASK.id(), TASK.id(), "algorithm", "easy", "python", "reference", true, true, 1, 0, 10, 10,
        Optional.empty(), 0, 1, 3, 1, 0, 0, Optional.empty(), 1000, List.of(), true,
        Instant.parse("2026-12-05T10:00:00Z"));
  }
}
