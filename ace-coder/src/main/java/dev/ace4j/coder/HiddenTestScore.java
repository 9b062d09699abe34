package dev.ace4j.coder;

import dev.ace4j.sandbox.Execution;

/**
 * The score of code against a task's hidden tests, for reports only: it is never fed back to the learner. Made by
 * {@link HiddenTests#score}.
 *
 * @param passed hidden tests that passed
 * @param total the task's hidden tests, however many of them the code let run
 * @param execution the run itself, for the report
 */
public record HiddenTestScore(long passed, long total, Execution execution) {

  /** Whether the run ended OK and every hidden test passed. */
  public boolean allPassed() {
    return passed == total && ExecutionReport.allPassed(execution);
  }
}
