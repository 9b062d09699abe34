package dev.ace4j.coder.refactor;

import dev.ace4j.core.spi.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What refactoring produced for one module.
 *
 * @param module the module's name, which its tests import
 * @param cases how many differential cases the original's behaviour was pinned by
 * @param attempts every rewrite, in order
 * @param playbookVersion the refactoring playbook's version after the lesson
 * @param bulletsAdded how many strategies the lesson added
 * @param usage tokens of every model call
 * @param duration the whole refactoring's wall time
 * @param problem what went wrong when a role's reply was unusable
 */
public record RefactorResult(String module, int cases, List<RefactorAttempt> attempts, long playbookVersion,
    int bulletsAdded, TokenUsage usage, Duration duration, Optional<String> problem) {
  public RefactorResult {
    Objects.requireNonNull(module, "module");
    attempts = List.copyOf(attempts);
    Objects.requireNonNull(problem, "problem");
  }

  /** The accepted rewrite; empty when none was. */
  public Optional<String> code() {
    return attempts.stream().filter(RefactorAttempt::accepted).map(RefactorAttempt::code).findFirst();
  }

  public boolean accepted() {
    return code().isPresent();
  }

  /** Why the last rewrite was rejected, in one line; empty when one was accepted. */
  public Optional<String> reason() {
    if (accepted()) {
      return Optional.empty();
    }
    if (attempts.isEmpty()) {
      return Optional.of(problem.orElse("no rewrite was written"));
    }
    RefactorAttempt last = attempts.get(attempts.size() - 1);
    if (last.problem().isPresent()) {
      return last.problem();
    }
    if (!last.failedTests().isEmpty()) {
      return Optional.of(last.failedTests().size() + " of the module's tests failed on it, first "
          + last.failedTests().get(0));
    }
    return Optional.of("it behaves differently on " + last.differences().size() + " input"
        + (last.differences().size() == 1 ? "" : "s") + ", first " + last.differences().get(0));
  }
}
