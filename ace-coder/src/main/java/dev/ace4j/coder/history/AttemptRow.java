package dev.ace4j.coder.history;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One generation of code for a task and its run against the visible tests.
 *
 * @param attempt 1-based number of the generation within the task
 * @param playbookVersion the playbook version the generator saw
 * @param status the sandbox status id ({@code ok}, {@code error}, {@code timeout}, {@code memory_limit},
 *     {@code output_limit}, {@code sandbox_failure}), or {@code no_code} or {@code model_error}
 * @param costUsd empty when the model's price is unknown; never guessed
 * @param code the generated code, empty when there was none
 */
public record AttemptRow(long runId, String taskId, int attempt, long playbookVersion, boolean passed,
    String status, Optional<String> errorType, long inputTokens, long outputTokens, Optional<BigDecimal> costUsd,
    long durationMillis, String code) {
  public AttemptRow {
    Checks.notBlank(taskId, "taskId");
    Checks.positive(attempt, "attempt");
    Checks.notNegative(playbookVersion, "playbookVersion");
    Checks.notBlank(status, "status");
    errorType = errorType == null ? Optional.empty() : errorType;
    Checks.notNegative(inputTokens, "inputTokens");
    Checks.notNegative(outputTokens, "outputTokens");
    costUsd = costUsd == null ? Optional.empty() : costUsd;
    Checks.notNegative(durationMillis, "durationMillis");
    code = code == null ? "" : code;
  }
}
