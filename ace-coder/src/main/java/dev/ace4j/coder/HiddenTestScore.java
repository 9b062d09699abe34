package dev.ace4j.coder;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Sandbox;

/**
 * The score of code against a task's hidden tests, for reports only: it is never fed back to the learner.
 *
 * @param passed hidden tests that passed
 * @param total hidden tests that ran (0 when the code did not even import)
 * @param execution the run itself, for the report
 */
public record HiddenTestScore(long passed, long total, Execution execution) {

  /** Runs {@code code} against the hidden tests of {@code task} in {@code sandbox}: one sandbox run. */
  public static HiddenTestScore of(CodeTask task, String code, Sandbox sandbox) {
    Execution run = sandbox.execute(ExecutionRequest.testSuite(task.language(), code, task.hiddenTests()).build());
    return new HiddenTestScore(run.passedTests(), run.tests().size(), run);
  }

  /** Whether the run ended OK and every hidden test passed. */
  public boolean allPassed() {
    return ExecutionReport.allPassed(execution);
  }
}
