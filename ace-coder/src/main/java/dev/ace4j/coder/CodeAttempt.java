package dev.ace4j.coder;

import dev.ace4j.core.Attempt;
import dev.ace4j.core.Reflection;
import dev.ace4j.core.spi.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One program the learner wrote for a task and how it fared against the visible tests.
 *
 * @param number 1 for the first program, 2 for the first regeneration, …
 * @param report the program and its run against the visible tests, as the sandbox environment reported it
 * @param citedBullets the playbook bullets the Generator said it used
 * @param reflection the Reflector's diagnosis of this program, when it was reflected on
 * @param usage tokens of the generation and of the reflection on it
 * @param duration wall time of the generation and the test run
 */
public record CodeAttempt(int number, ExecutionReport report, List<String> citedBullets,
    Optional<Reflection> reflection, TokenUsage usage, Duration duration) {
  public CodeAttempt {
    Objects.requireNonNull(report, "report");
    citedBullets = citedBullets == null ? List.of() : List.copyOf(citedBullets);
    reflection = reflection == null ? Optional.empty() : reflection;
    usage = usage == null ? TokenUsage.ZERO : usage;
    duration = duration == null ? Duration.ZERO : duration;
  }

  /** The coder's view of one loop attempt: the execution report its feedback carries, and what it cost. */
  static CodeAttempt of(Attempt attempt) {
    TokenUsage usage = attempt.output().usage()
        .plus(attempt.reflection().map(Reflection::usage).orElse(TokenUsage.ZERO));
    return new CodeAttempt(attempt.number(), SandboxEnvironment.report(attempt.feedback()),
        attempt.output().bulletIds(), attempt.reflection(), usage, attempt.duration());
  }

  /** The program, empty when the reply held none. */
  public Optional<String> code() {
    return report.code();
  }

  /** Whether it passed every visible test (or, for a task without tests, ran without error). */
  public boolean passed() {
    return report.passed();
  }
}
