package dev.ace4j.coder;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import java.util.Objects;
import java.util.Optional;

/**
 * How one program fared against a task's visible tests: what {@link SandboxEnvironment} found, as it travels in
 * the loop's feedback to attempts, the history and the exports, with no string round trip on the way.
 *
 * @param code the program that ran; empty when the reply held none (and nothing ran)
 * @param status the sandbox's status id ({@code ok}, {@code error}, {@code timeout}, {@code memory_limit},
 *     {@code output_limit}, {@code sandbox_failure}), or {@value #NO_CODE}, or {@value #REFUSED} (the sandbox refused
 *     the request before running it: the program is larger than a file may be, say)
 * @param passed whether it passed every visible test (for a task without tests: whether it ran without error)
 * @param testsPassed visible tests that passed
 * @param testsFailed visible tests that failed or could not run (a module that does not import fails its collection)
 * @param errorType why it failed: the error it died of ({@code SyntaxError}, {@code NameError}), else
 *     {@code tests_failed} when tests failed, else its status ({@code timeout}, {@code no_code}); empty when it passed
 * @param text what the Reflector is told about the run (see {@link FeedbackText}): the same for identical runs
 */
public record ExecutionReport(Optional<String> code, String status, boolean passed, long testsPassed,
    long testsFailed, Optional<String> errorType, String text) {
  /** The status of a reply that held no program. */
  public static final String NO_CODE = "no_code";
  static final String NO_CODE_TEXT = "no code in the reply: put the program in the \"code\" field or a ```python block";

  public ExecutionReport {
    code = code == null ? Optional.empty() : code;
    Objects.requireNonNull(status, "status");
    errorType = errorType == null ? Optional.empty() : errorType;
    text = text == null ? "" : text;
  }

  /** The status of a program the sandbox refused before running it. */
  public static final String REFUSED = "refused";

  /** The report on a program the sandbox refused before running it, for {@code reason}. */
  static ExecutionReport refused(String code, String reason) {
    return new ExecutionReport(Optional.of(code), REFUSED, false, 0, 0, Optional.of(REFUSED),
        "The program was refused before it ran: " + reason);
  }

  /** The report on a reply without a program. */
  static ExecutionReport noCode() {
    return new ExecutionReport(Optional.empty(), NO_CODE, false, 0, 0, Optional.of(NO_CODE), NO_CODE_TEXT);
  }

  /** The report on {@code code} run against visible tests: it passes when the run ended OK and every test passed. */
  static ExecutionReport ofTests(String code, Execution run, Language language) {
    Optional<String> collectionError = collectionError(run, language);
    return of(code, run, allPassed(run), collectionError, FeedbackText.ofTests(run, collectionError));
  }

  /** The report on {@code code} run as a program, for a task without tests: it passes when it exits cleanly. */
  static ExecutionReport ofProgram(String code, Execution run) {
    return of(code, run, ranCleanly(run), Optional.empty(), FeedbackText.ofProgram(run));
  }

  private static ExecutionReport of(String code, Execution run, boolean passed, Optional<String> collectionError,
      String text) {
    Optional<String> error = run.error().map(ExecutionError::name).or(() -> collectionError);
    Optional<String> errorType = passed ? Optional.empty()
        : error.or(() -> Optional.of(run.failedTests() > 0 ? "tests_failed" : run.status().id()));
    return new ExecutionReport(Optional.of(code), run.status().id(), passed, run.passedTests(), run.failedTests(),
        errorType, text);
  }

  /** Whether a test run counts as a pass: it ended OK, ran at least one test and every test passed. */
  static boolean allPassed(Execution run) {
    return run.status() == Status.OK && !run.tests().isEmpty() && run.tests().stream().allMatch(TestResult::passed);
  }

  /** Whether a program run without tests counts as a pass: it ended OK with exit code 0. */
  static boolean ranCleanly(Execution run) {
    return run.status() == Status.OK && run.exitCode() == 0;
  }

  /**
   * The exception that stopped the tests from being collected (the module under test did not import), which the
   * runner reports in its output rather than as the program's error; empty when there is none.
   */
  static Optional<String> collectionError(Execution run, Language language) {
    if (!FeedbackText.collectionFailed(run) || language != Language.PYTHON) {
      return Optional.empty();
    }
    return FeedbackText.lastPytestError(run.stdout().text());
  }
}
