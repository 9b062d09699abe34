package dev.ace4j.coder;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The score of code against a task's hidden tests, for reports only: it is never fed back to the learner. Made by
 * {@link HiddenTests#score}.
 *
 * @param passed hidden tests that passed
 * @param total the task's hidden tests, however many of them the code let run
 * @param allPassed whether the run ended OK and every one of the {@code total} hidden tests ran and passed
 * @param verdict passed, failed (a check ran and did not hold: an assertion, a wrong answer), timeout, or error
 *     (the program raised something else, crashed, hit a limit or was refused)
 * @param error the name of what failed it: {@code AssertionError}, {@code SyntaxError}, {@value #WRONG_ANSWER}, or
 *     the sandbox's status ({@code output_limit}, {@code memory_limit}, {@code error}); empty when it passed
 * @param duration the sandbox runs' wall-clock time
 */
public record HiddenTestScore(long passed, long total, boolean allPassed, Verdict verdict, Optional<String> error,
    Duration duration) {
  /** The error of an I/O case whose program exited cleanly with other output than expected. */
  public static final String WRONG_ANSWER = "wrong_answer";

  public HiddenTestScore {
    Objects.requireNonNull(verdict, "verdict");
    error = error == null ? Optional.empty() : error;
    Objects.requireNonNull(duration, "duration");
  }

  /** How a program fared against its checks, as a per-task results file reports it. */
  public enum Verdict {
    PASSED,
    FAILED,
    TIMEOUT,
    ERROR;

    /** The wire name, lower case. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
