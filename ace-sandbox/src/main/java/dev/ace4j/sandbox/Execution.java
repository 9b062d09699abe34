package dev.ace4j.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run did, shaped like E2B's results so agent code ports: a status, the exit code, both output streams
 * (capped), the parsed error, per-test results, the duration and the files copied out.
 *
 * @param status how the run ended
 * @param exitCode the program's exit code; 127 or 126 when it could not be started (not found, not executable), as
 *     a shell reports it; {@link #NO_EXIT_CODE} when it was killed or the sandbox never started it
 * @param stdout standard output, capped at the request's output limit
 * @param stderr standard error, capped the same way
 * @param error the error the program died of, when its runtime reported one
 * @param tests per-test results of a test suite, in report order; empty for a snippet
 * @param duration wall-clock time from launch to teardown
 * @param files output files copied out after teardown
 * @param backend the sandbox backend that ran it: {@code bubblewrap} or {@code unsafe-process}
 * @param detail a one-line explanation for statuses other than ok and error (which limit was hit, what failed)
 */
public record Execution(
    Status status,
    int exitCode,
    Output stdout,
    Output stderr,
    Optional<ExecutionError> error,
    List<TestResult> tests,
    Duration duration,
    List<OutputFile> files,
    String backend,
    String detail) {

  /** The exit code of a program that did not exit on its own. */
  public static final int NO_EXIT_CODE = -1;

  public Execution {
    Objects.requireNonNull(status, "status");
    stdout = stdout == null ? Output.empty() : stdout;
    stderr = stderr == null ? Output.empty() : stderr;
    error = error == null ? Optional.empty() : error;
    tests = tests == null ? List.of() : List.copyOf(tests);
    duration = duration == null ? Duration.ZERO : duration;
    files = files == null ? List.of() : List.copyOf(files);
    backend = backend == null ? "" : backend;
    detail = detail == null ? "" : detail;
  }

  /** Whether the run ended {@link Status#OK}. */
  public boolean ok() {
    return status == Status.OK;
  }

  /** How many tests passed. */
  public long passedTests() {
    return tests.stream().filter(TestResult::passed).count();
  }

  /** How many tests failed or errored. */
  public long failedTests() {
    return tests.stream()
        .filter(t -> t.outcome() == TestResult.Outcome.FAILED || t.outcome() == TestResult.Outcome.ERROR)
        .count();
  }

  /** The output file at {@code path}, if it was copied out. */
  public Optional<OutputFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }
}
