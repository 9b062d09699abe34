package dev.ace4j.coder;

import dev.ace4j.coder.HiddenTestScore.Verdict;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores programs with their tasks' hidden tests, out of the number of hidden tests each task has, whatever the
 * program does: a program that does not even import scores 0 of all of them, not 0 of the one collection error its
 * run reports. A task's count is taken once, from its reference solution's run, which sees parametrized tests and
 * test classes as pytest does, and is never less than the {@code test_} functions in its hidden tests (all a task
 * without a reference solution, or with one that fails to run, can count). Thread-safe; each task's count costs
 * one sandbox run the first time it is asked for, and scoring the reference solution itself reuses that run.
 *
 * <p>A task with {@linkplain CodeTask#ioTests() stdin/stdout cases} counts one test per case and runs the program
 * once per case, its stdout compared on the host; a case that times out ends the scoring, the cases after it
 * counting as failed without running, so a looping program costs one wall-clock limit rather than one per case.
 */
public final class HiddenTests {
  private static final Pattern EXCEPTION =
      Pattern.compile("([A-Za-z_][\\w.]*(?:Error|Exception|Exit|Interrupt|Warning))\\b");
  private static final Pattern TEST_FUNCTION = Pattern.compile("(?m)^\\s*(?:async\\s+)?def\\s+test_\\w*\\s*\\(");

  /**
   * A hidden suite's limits: a program's ten seconds are too few for a whole suite that runs beside other work.
   * hard_lru_cache's timing test makes ~100,000 calls across the seal (~5 s alone on 2 cores); three such suites at
   * once took 11 s each and were scored 0 of 10 as timeouts. A looping program costs this limit once per suite.
   */
  static final Limits SUITE = Limits.defaults().withWall(Duration.ofSeconds(30)).withCpu(Duration.ofSeconds(30));

  private final Sandbox sandbox;
  private final Map<String, Long> counts = new ConcurrentHashMap<>();
  private final Map<String, Execution> referenceRuns = new ConcurrentHashMap<>();

  /** @param sandbox runs the hidden tests; borrowed, closing it is the caller's job */
  public HiddenTests(Sandbox sandbox) {
    this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
  }

  /** How many hidden tests {@code task} has; 0 when it is not {@linkplain CodeTask#scored() scored}. */
  public long count(CodeTask task) {
    if (!task.scored()) {
      return 0;
    }
    if (!task.ioTests().isEmpty()) {
      return task.ioTests().size();
    }
    long functions = TEST_FUNCTION.matcher(task.hiddenTests()).results().count();
    // At least the test functions written: a reference that times out or crashes reports none of them.
    return counts.computeIfAbsent(task.id(), id -> task.referenceSolution()
        .map(reference -> Math.max(functions, referenceRun(task, reference).tests().size()))
        .orElse(functions));
  }

  /**
   * Runs {@code code} against the hidden tests of {@code task}: one sandbox run (two the first time). Code the
   * sandbox refuses before it runs (larger than the file-size limit) passes none of them.
   */
  public HiddenTestScore score(CodeTask task, String code) {
    if (!task.ioTests().isEmpty()) {
      return scoreIo(task, code);
    }
    Execution run;
    try {
      // The reference itself (as --model reference answers) was run once already, to count the tests.
      run = task.referenceSolution().filter(code::equals).isPresent() ? referenceRun(task, code) : run(task, code);
    } catch (InvalidRequestException refused) {
      return refused(count(task));
    }
    return scored(task, run);
  }

  private HiddenTestScore scored(CodeTask task, Execution run) {
    long total = Math.max(count(task), run.tests().size());
    boolean allPassed = run.passedTests() == total && ExecutionReport.allPassed(run);
    if (allPassed) {
      return new HiddenTestScore(run.passedTests(), total, true, Verdict.PASSED, Optional.empty(), run.duration());
    }
    if (run.status() == Status.TIMEOUT) {
      return new HiddenTestScore(run.passedTests(), total, false, Verdict.TIMEOUT, Optional.of(Status.TIMEOUT.id()),
          run.duration());
    }
    String error = run.error().map(ExecutionError::name)
        .or(() -> ExecutionReport.collectionError(run, task.language()))
        .or(() -> run.tests().stream().filter(test -> !test.passed()).findFirst()
            .flatMap(test -> errorName(test.message())))
        .orElse(run.status().id());
    Verdict verdict = error.equals("AssertionError") ? Verdict.FAILED : Verdict.ERROR;
    return new HiddenTestScore(run.passedTests(), total, false, verdict, Optional.of(error), run.duration());
  }

  /** The exception a failed test's message names; pytest words a failed {@code assert} as the assertion itself. */
  static Optional<String> errorName(String message) {
    if (message.startsWith("assert ") || message.startsWith("assert\n")) {
      return Optional.of("AssertionError");
    }
    Matcher name = EXCEPTION.matcher(message);
    return name.lookingAt() ? Optional.of(name.group(1)) : Optional.empty();
  }

  private HiddenTestScore scoreIo(CodeTask task, String code) {
    long total = task.ioTests().size();
    long passed = 0;
    Duration duration = Duration.ZERO;
    Optional<Execution> firstFailure = Optional.empty();
    try {
      for (IoTest test : task.ioTests()) {
        Execution run = sandbox.execute(ExecutionRequest.snippet(task.language(), code).stdin(test.input()).build());
        duration = duration.plus(run.duration());
        // Exit 0 and the whole stdout, compared here: a program that ends itself early has printed too little.
        if (run.status() == Status.OK && run.exitCode() == 0 && !run.stdout().truncated()
            && test.accepts(run.stdout().text())) {
          passed++;
          continue;
        }
        firstFailure = firstFailure.or(() -> Optional.of(run));
        if (run.status() == Status.TIMEOUT) {
          break;
        }
      }
    } catch (InvalidRequestException refused) {
      return refused(total);
    }
    if (firstFailure.isEmpty()) {
      return new HiddenTestScore(passed, total, true, Verdict.PASSED, Optional.empty(), duration);
    }
    Execution failure = firstFailure.get();
    Verdict verdict = failure.status() == Status.TIMEOUT ? Verdict.TIMEOUT
        : failure.status() == Status.OK ? Verdict.FAILED : Verdict.ERROR;
    String error = failure.status() == Status.OK ? HiddenTestScore.WRONG_ANSWER
        : failure.error().map(ExecutionError::name).orElse(failure.status().id());
    return new HiddenTestScore(passed, total, false, verdict, Optional.of(error), duration);
  }

  /** The score of code the sandbox refused before it ran (larger than a file may be): it passes nothing. */
  private static HiddenTestScore refused(long total) {
    return new HiddenTestScore(0, total, false, Verdict.ERROR, Optional.of(ExecutionReport.REFUSED), Duration.ZERO);
  }

  /** The run of the task's reference against its hidden tests, made once and kept while this object lives. */
  private Execution referenceRun(CodeTask task, String reference) {
    return referenceRuns.computeIfAbsent(task.id(), id -> run(task, reference));
  }

  private Execution run(CodeTask task, String code) {
    return sandbox.execute(ExecutionRequest.testSuite(task.language(), code, task.hiddenTests()).limits(SUITE)
        .build());
  }
}
