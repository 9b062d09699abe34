package dev.ace4j.coder.testgen;

import dev.ace4j.core.spi.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What test generation produced for one module.
 *
 * @param module the module's name (its file's name without {@code .py}), which the tests import
 * @param rounds every suite written, in order, with its measurements
 * @param target the mutation score asked for
 * @param coverage what the best suite covers of the module; empty without a suite or a coverage tool
 * @param playbookVersion the test-generation playbook's version after the lesson
 * @param bulletsAdded how many strategies the lesson added
 * @param usage tokens of every model call
 * @param duration the whole generation's wall time
 * @param problem what went wrong when a role's reply was unusable
 */
public record GeneratedSuite(String module, List<SuiteRound> rounds, double target,
    Optional<Coverage> coverage, long playbookVersion, int bulletsAdded, TokenUsage usage, Duration duration,
    Optional<String> problem) {

  public GeneratedSuite {
    Objects.requireNonNull(module, "module");
    rounds = List.copyOf(rounds);
    Objects.requireNonNull(coverage, "coverage");
    Objects.requireNonNull(problem, "problem");
  }

  /**
   * The best suite: of those that passed on the module, the one with the highest mutation score (the earliest on a
   * tie); empty when no suite passed.
   */
  public Optional<String> tests() {
    return best().map(SuiteRound::tests);
  }

  /** The round whose suite is {@link #tests}. */
  public Optional<SuiteRound> best() {
    return best(rounds);
  }

  /** Of {@code rounds}, the one that passed on the module with the highest score, the earliest on a tie. */
  static Optional<SuiteRound> best(List<SuiteRound> rounds) {
    SuiteRound best = null;
    for (SuiteRound round : rounds) {
      if (round.passed() && (best == null || round.score().orElseThrow() > best.score().orElseThrow())) {
        best = round;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Whether the best suite's mutation score reached the target. */
  public boolean reachedTarget() {
    return best().map(round -> round.score().orElseThrow() >= target).orElse(false);
  }
}
