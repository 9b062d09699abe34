package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Output;
import dev.ace4j.sandbox.OutputFile;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns what a process did into an {@link Execution}, the same way for every backend.
 *
 * <p>A verdict rests on what the program cannot write: the host's clock and output caps, bubblewrap's status file,
 * and the control groups' counters (OOM kills, peak memory, CPU time of all the run's processes). The program's
 * exit code and stderr only decide between {@code ok} and {@code error}, and name the error. Without control groups
 * (and for the unsafe-process backend) the limits are per-process rlimits and runtime flags, whose only trace is an
 * exit code or a runtime's message; those are read instead, as a documented fallback that a program can imitate.
 */
final class Results {
  private static final Pattern REPORT_NOTICE =
      Pattern.compile("(?m)^-+ generated xml file: \\S*" + Pattern.quote(Runners.REPORT) + " -+\\R");

  /** Exit status of a process killed by SIGXCPU, the soft CPU-time limit. */
  private static final int SIGXCPU_EXIT = 128 + 24;
  private static final int SIGKILL_EXIT = 128 + 9;
  /** Exit status of a program that was not found, as shells report it. */
  static final int NOT_FOUND_EXIT = 127;
  /** Exit status of a program that was found but could not be executed, as shells report it. */
  static final int NOT_EXECUTABLE_EXIT = 126;
  /** Error name of a program that could not be executed (one not found is {@link ErrorParser#COMMAND_NOT_FOUND}). */
  static final String CANNOT_EXECUTE = "CannotExecute";
  /**
   * Why {@code execve} refuses a program, as strerror words them, for which the program's own path is to blame. Any
   * other reason (no memory, too many processes) is the host's, and stays a sandbox failure.
   */
  private static final Set<String> PROGRAM_REASONS = Set.of("No such file or directory", "Permission denied",
      "Not a directory", "Is a directory", "Exec format error", "Too many levels of symbolic links",
      "File name too long");

  private Results() {}

  /**
   * What one run left behind, for {@link #assemble}.
   *
   * @param outcome the process's exit, streams and timing
   * @param files every file copied out, the test report included
   * @param rejected outputs that were not copied out, each with the reason (a link, a FIFO, over a cap)
   * @param usage what the run's control groups counted; empty without control groups
   * @param failure set when the sandbox itself failed (the program never ran): what went wrong, in one line
   * @param stoppedCopying why copying outputs out stopped before the last one (a cap on their count or bytes);
   *     empty when every output was looked at
   */
  record Run(
      ProcessRun.Outcome outcome,
      List<OutputFile> files,
      List<String> rejected,
      Optional<ControlGroups.Usage> usage,
      Optional<String> failure,
      Optional<String> stoppedCopying) {}

  static Execution assemble(ExecutionRequest request, RunPlan plan, Run run, String backend) {
    ProcessRun.Outcome outcome = run.outcome();
    List<TestResult> tests = List.of();
    List<OutputFile> files = new ArrayList<>();
    // The request's outputs, and those of its runner (a mutation test's report); a sealed run's come from its code.
    List<String> wanted = new ArrayList<>(plan.outputs());
    wanted.addAll(request.outputs());
    for (OutputFile file : run.files()) {
      if (plan.report().isPresent() && file.path().equals(plan.report().get())) {
        tests = JUnitReportParser.parse(file.content());
      } else if (wanted.stream().anyMatch(o -> file.path().equals(o) || file.path().startsWith(o + "/"))) {
        files.add(file);
      }
    }
    Optional<ExecutionError> error = ErrorParser.parse(request.language(), outcome.stderr().text());
    boolean killed = outcome.killed() || run.failure().isPresent();
    int exitCode = killed ? Execution.NO_EXIT_CODE : outcome.exitCode();
    Optional<Duration> cpu = run.usage().flatMap(ControlGroups.Usage::cpu);
    Status status;
    String detail;
    if (run.failure().isPresent()) {
      status = Status.SANDBOX_FAILURE;
      detail = run.failure().get();
    } else if (outcome.timedOut()) {
      status = Status.TIMEOUT;
      detail = "wall-clock limit of " + millis(request.limits().wall()) + " reached; every process was killed";
    } else if (cpu.isPresent() && cpu.get().compareTo(request.limits().cpu()) >= 0) {
      status = Status.TIMEOUT;
      detail = "CPU-time limit of " + millis(request.limits().cpu()) + " reached by all the run's processes "
          + "together (" + cpu.get().toMillis() + " ms used)"
          + (outcome.overLimit() ? "; every process was killed" : "");
    } else if (cpu.isEmpty() && killedAtCpuLimit(request, run)) {
      status = Status.TIMEOUT;
      detail = "CPU-time limit of " + millis(request.limits().cpu()) + " reached";
    } else if (outcome.outputOverflow()) {
      status = Status.OUTPUT_LIMIT;
      detail = "output over " + request.limits().outputBytes() + " bytes on one stream; the program was killed";
    } else if (outOfMemory(request, run, error)) {
      status = Status.MEMORY_LIMIT;
      detail = "memory limit of " + request.limits().memoryBytes() / (1024 * 1024) + " MiB reached";
    } else if (outcome.exitCode() != 0 || tests.stream().anyMatch(t -> !t.passed()
        && t.outcome() != TestResult.Outcome.SKIPPED)) {
      status = Status.ERROR;
      detail = "";
    } else {
      status = Status.OK;
      detail = "";
    }
    if (!run.rejected().isEmpty()) {
      String note = run.rejected().size() + " output(s) not copied out: "
          + String.join("; ", run.rejected().subList(0, Math.min(5, run.rejected().size())));
      detail = detail.isEmpty() ? note : detail + "; " + note;
    }
    if (run.stoppedCopying().isPresent()) {
      String note = "outputs not all copied out: " + run.stoppedCopying().get();
      detail = detail.isEmpty() ? note : detail + "; " + note;
    }
    Output stdout = plan.report().isPresent() ? withoutReportNotice(outcome.stdout()) : outcome.stdout();
    return new Execution(status, exitCode, stdout, outcome.stderr(), error, tests, outcome.duration(), files,
        backend, detail);
  }

  /**
   * The stream without pytest's line about the report it writes for ace ({@code ---- generated xml file:
   * /work/.ace-report.xml ----}): a file of the harness, which the user never asked for.
   */
  static Output withoutReportNotice(Output stdout) {
    return new Output(REPORT_NOTICE.matcher(stdout.text()).replaceFirst(""), stdout.truncated());
  }

  /**
   * Whether a run under a plan with a {@linkplain RunPlan#fallback fallback} decides the request: a limit ended it
   * (the fallback's runner, slower, would have met the same limit), or every test of a non-empty suite passed with
   * exit 0. Otherwise the fallback runs the request again.
   */
  static boolean conclusive(Execution run) {
    return switch (run.status()) {
      case TIMEOUT, MEMORY_LIMIT, OUTPUT_LIMIT -> true;
      case OK -> run.exitCode() == 0 && !run.tests().isEmpty() && run.tests().stream().allMatch(TestResult::passed);
      case ERROR, SANDBOX_FAILURE -> false;
    };
  }

  /**
   * The run of {@code plan}, or when it is not {@linkplain #conclusive conclusive}, of its fallback (with the time
   * both took).
   */
  static Execution withFallback(RunPlan plan, Function<RunPlan, Execution> execute) {
    Execution run = execute.apply(plan);
    if (plan.fallback().isEmpty() || conclusive(run)) {
      return run;
    }
    Execution decided = withFallback(plan.fallback().get(), execute);
    return new Execution(decided.status(), decided.exitCode(), decided.stdout(), decided.stderr(), decided.error(),
        decided.tests(), run.duration().plus(decided.duration()), decided.files(), decided.backend(),
        decided.detail());
  }

  /** The result of a run the sandbox could not carry out at all. */
  static Execution failure(String backend, String detail) {
    return new Execution(Status.SANDBOX_FAILURE, Execution.NO_EXIT_CODE, Output.empty(), Output.empty(),
        Optional.empty(), List.of(), Duration.ZERO, List.of(), backend, detail);
  }

  /**
   * The result of a program that could not be started because of its own path ({@code reason}, as strerror words
   * it: not found, not executable): the program's error, not the sandbox's, with the exit code a shell gives, 127
   * when it was not found and 126 otherwise. Empty for a reason that is the host's.
   */
  static Optional<Execution> notStarted(String program, String reason, Duration duration, String backend) {
    if (!PROGRAM_REASONS.contains(reason)) {
      return Optional.empty();
    }
    boolean notFound = reason.equals("No such file or directory");
    String message = program + ": " + reason;
    return Optional.of(new Execution(Status.ERROR, notFound ? NOT_FOUND_EXIT : NOT_EXECUTABLE_EXIT, Output.empty(),
        new Output(message + "\n", false),
        Optional.of(new ExecutionError(notFound ? ErrorParser.COMMAND_NOT_FOUND : CANNOT_EXECUTE, message, message)),
        List.of(), duration, List.of(), backend, ""));
  }

  /**
   * Without a CPU counter, the fallback: RLIMIT_CPU ends a process with SIGXCPU at the soft limit, or with SIGKILL
   * at the hard one a second later if it ignores SIGXCPU. Either exit status counts only after at least the CPU
   * limit of wall time (a process cannot use more CPU time than the time it ran), SIGKILL only when neither the
   * host nor the OOM killer sent it.
   */
  private static boolean killedAtCpuLimit(ExecutionRequest request, Run run) {
    int exit = run.outcome().exitCode();
    boolean oomKill = run.usage().map(u -> u.oomKills() > 0).orElse(false);
    return (exit == SIGXCPU_EXIT || exit == SIGKILL_EXIT && !oomKill && !run.outcome().killed())
        && run.outcome().duration().compareTo(request.limits().cpu()) >= 0;
  }

  /**
   * The memory limit ended the run when the OOM killer ended one of its processes. A runtime that reports running
   * out of its own heap cap (Java's {@code -Xmx}, Node's old space: at least half the memory limit) counts only
   * when the run's peak memory shows that it really used that much; otherwise the report is the program's own
   * error. Without control groups the runtime's report is all there is.
   */
  private static boolean outOfMemory(ExecutionRequest request, Run run, Optional<ExecutionError> error) {
    boolean reported = error.map(Results::isOutOfMemory).orElse(false);
    if (run.usage().isEmpty()) {
      return reported;
    }
    ControlGroups.Usage usage = run.usage().get();
    return usage.oomKills() > 0 || reported && usage.peakMemoryBytes().isPresent()
        && usage.peakMemoryBytes().getAsLong() >= request.limits().memoryBytes() / 2;
  }

  private static boolean isOutOfMemory(ExecutionError error) {
    String name = error.name();
    return name.equals("MemoryError") || name.endsWith("OutOfMemoryError") || name.equals("HeapOutOfMemory");
  }

  private static String millis(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }
}
