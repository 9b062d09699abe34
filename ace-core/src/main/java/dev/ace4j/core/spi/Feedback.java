package dev.ace4j.core.spi;

import java.util.Map;
import java.util.Optional;

/**
 * What an {@link Environment} found about one output.
 *
 * @param text what the Reflector reads: test reports, errors, "answer matches"
 * @param correct whether the output is right; empty when the environment cannot tell (no oracle)
 * @param signals execution signals by name (exit code, exception type, tests passed), for the Reflector and reports
 */
public record Feedback(String text, Optional<Boolean> correct, Map<String, String> signals) {
  public Feedback {
    text = text == null ? "" : text;
    correct = correct == null ? Optional.empty() : correct;
    signals = signals == null ? Map.of() : Map.copyOf(signals);
  }

  public static Feedback correct(String text) {
    return new Feedback(text, Optional.of(true), Map.of());
  }

  public static Feedback incorrect(String text) {
    return new Feedback(text, Optional.of(false), Map.of());
  }

  /** Feedback that says nothing about correctness. */
  public static Feedback unknown(String text) {
    return new Feedback(text, Optional.empty(), Map.of());
  }

  public boolean isCorrect() {
    return correct.orElse(false);
  }
}
