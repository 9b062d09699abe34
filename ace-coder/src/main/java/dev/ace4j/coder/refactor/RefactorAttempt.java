package dev.ace4j.coder.refactor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rewrite the Generator proposed, and how it fared.
 *
 * @param number from 1, in the order written
 * @param code the rewritten module; blank when the reply held none
 * @param failedTests the module's own tests that failed on it, each as {@code name: message}
 * @param differences the differential cases it failed, each as {@code f(args): the original returned x, the
 *     refactored one returned y}
 * @param problem why it could not be judged at all (no code in the reply, the run failed); empty when it was
 */
public record RefactorAttempt(int number, String code, List<String> failedTests, List<String> differences,
    Optional<String> problem) {
  public RefactorAttempt {
    Objects.requireNonNull(code, "code");
    failedTests = List.copyOf(failedTests);
    differences = List.copyOf(differences);
    Objects.requireNonNull(problem, "problem");
  }

  /** Whether the rewrite passed the tests and agreed with the original on every case. */
  public boolean accepted() {
    return problem.isEmpty() && failedTests.isEmpty() && differences.isEmpty();
  }
}
