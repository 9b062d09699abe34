package dev.ace4j.coder;

import dev.ace4j.core.Attempt;
import dev.ace4j.core.Reflection;
import dev.ace4j.core.spi.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One program the learner wrote for a task and how it fared against the visible tests.
 *
 * @param number 1 for the first program, 2 for the first regeneration, …
 * @param code the program, empty when the reply held none
 * @param passed whether it passed every visible test (or, for a task without tests, ran without error)
 * @param status the sandbox's status id ({@code ok}, {@code error}, {@code timeout}, …) or {@code no_code}
 * @param errorType why a program failed: the error it died of ({@code SyntaxError}, {@code NameError}), else
 *     {@code tests_failed} when tests failed, else its status ({@code timeout}, {@code no_code}); empty when it passed
 * @param report what the Reflector was told about the run
 * @param citedBullets the playbook bullets the Generator said it used
 * @param reflection the Reflector's diagnosis of this program, when it was reflected on
 * @param usage tokens of the generation and of the reflection on it
 * @param duration wall time of the generation and the test run
 */
public record CodeAttempt(
    int number, Optional<String> code, boolean passed, String status, long testsPassed, long testsFailed,
    Optional<String> errorType, String report, List<String> citedBullets, Optional<Reflection> reflection,
    TokenUsage usage, Duration duration) {
  public CodeAttempt {
    code = code == null ? Optional.empty() : code;
    Objects.requireNonNull(status, "status");
    errorType = errorType == null ? Optional.empty() : errorType;
    report = report == null ? "" : report;
    citedBullets = citedBullets == null ? List.of() : List.copyOf(citedBullets);
    reflection = reflection == null ? Optional.empty() : reflection;
    usage = usage == null ? TokenUsage.ZERO : usage;
    duration = duration == null ? Duration.ZERO : duration;
  }

  /** The coder's view of one loop attempt, read from the code in the reply and the sandbox environment's signals. */
  static CodeAttempt of(Attempt attempt) {
    Map<String, String> signals = attempt.feedback().signals();
    TokenUsage usage = attempt.output().usage()
        .plus(attempt.reflection().map(Reflection::usage).orElse(TokenUsage.ZERO));
    String status = signals.getOrDefault("status", "unknown");
    long failed = count(signals, "tests_failed");
    Optional<String> errorType = attempt.passed()
        ? Optional.empty()
        : Optional.ofNullable(signals.get("error")).or(() -> Optional.of(failed > 0 ? "tests_failed" : status));
    return new CodeAttempt(attempt.number(), GeneratedCode.of(attempt.output()), attempt.passed(), status,
        count(signals, "tests_passed"), failed, errorType, attempt.feedback().text(), attempt.output().bulletIds(),
        attempt.reflection(), usage, attempt.duration());
  }

  private static long count(Map<String, String> signals, String name) {
    try {
      return Long.parseLong(signals.getOrDefault(name, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
