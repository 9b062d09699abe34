package dev.ace4j.coder.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one task in one run: the row the summaries and the exports are computed from.
 *
 * @param success every hidden test passed: the score
 * @param firstAttemptPassed the first generation passed the visible tests
 * @param attempts generations made
 * @param rounds reflections made
 * @param strategiesUsed playbook bullets the generator cited
 * @param strategiesLearned bullets the task's lesson added that were active once it was applied (a bullet merged away
 *     at once does not count)
 * @param costUsd empty when some call's price was unknown; never guessed
 * @param patternsFound the original benchmark's text checks that matched; information only
 * @param validationPassed whether all of those text checks matched; information only
 */
public record TaskRow(long runId, String taskId, String taskName, String taskType, String difficulty,
    String language, String model, boolean success, boolean firstAttemptPassed, int attempts, int rounds,
    long hiddenPassed, long hiddenTotal, Optional<String> errorType, int strategiesUsed, int strategiesLearned,
    long playbookVersion, int playbookSize, long inputTokens, long outputTokens, Optional<BigDecimal> costUsd,
    long durationMillis, List<String> patternsFound, boolean validationPassed, Instant finishedAt) {
  public TaskRow {
    Checks.notBlank(taskId, "taskId");
    Checks.present(taskName, "taskName");
    Checks.present(taskType, "taskType");
    Checks.present(difficulty, "difficulty");
    Checks.present(language, "language");
    Checks.present(model, "model");
    Checks.notNegative(attempts, "attempts");
    Checks.notNegative(rounds, "rounds");
    Checks.notNegative(hiddenPassed, "hiddenPassed");
    Checks.notNegative(hiddenTotal, "hiddenTotal");
    errorType = errorType == null ? Optional.empty() : errorType;
    Checks.notNegative(strategiesUsed, "strategiesUsed");
    Checks.notNegative(strategiesLearned, "strategiesLearned");
    Checks.notNegative(playbookVersion, "playbookVersion");
    Checks.notNegative(playbookSize, "playbookSize");
    Checks.notNegative(inputTokens, "inputTokens");
    Checks.notNegative(outputTokens, "outputTokens");
    costUsd = costUsd == null ? Optional.empty() : costUsd;
    Checks.notNegative(durationMillis, "durationMillis");
    patternsFound = patternsFound == null ? List.of() : List.copyOf(patternsFound);
    Objects.requireNonNull(finishedAt, "finishedAt is null: pass the instant the task finished");
  }

  /** The duration in seconds, as the original metrics files hold it. */
  public double durationSeconds() {
    return durationMillis / 1000.0;
  }
}
