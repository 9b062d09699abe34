package dev.ace4j.coder;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Status;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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
  private static final Pattern TEST_FUNCTION = Pattern.compile("(?m)^\\s*(?:async\\s+)?def\\s+test_\\w*\\s*\\(");

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
      return new HiddenTestScore(0, count(task), false);
    }
    long total = Math.max(count(task), run.tests().size());
    return new HiddenTestScore(run.passedTests(), total,
        run.passedTests() == total && ExecutionReport.allPassed(run));
  }

  private HiddenTestScore scoreIo(CodeTask task, String code) {
    long passed = 0;
    try {
      for (IoTest test : task.ioTests()) {
        Execution run = sandbox.execute(ExecutionRequest.snippet(task.language(), code).stdin(test.input()).build());
        // Exit 0 and the whole stdout, compared here: a program that ends itself early has printed too little.
        if (run.status() == Status.OK && run.exitCode() == 0 && !run.stdout().truncated()
            && test.accepts(run.stdout().text())) {
          passed++;
        } else if (run.status() == Status.TIMEOUT) {
          break;
        }
      }
    } catch (InvalidRequestException refused) {
      // Refused before it ran (larger than a file may be): it passes no case.
    }
    long total = task.ioTests().size();
    return new HiddenTestScore(passed, total, passed == total);
  }

  /** The run of the task's reference against its hidden tests, made once and kept while this object lives. */
  private Execution referenceRun(CodeTask task, String reference) {
    return referenceRuns.computeIfAbsent(task.id(), id -> run(task, reference));
  }

  private Execution run(CodeTask task, String code) {
    return sandbox.execute(ExecutionRequest.testSuite(task.language(), code, task.hiddenTests()).build());
  }
}
