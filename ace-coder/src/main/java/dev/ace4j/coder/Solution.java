package dev.ace4j.coder;

import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.Operation;
import dev.ace4j.core.spi.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the self-learning coder produced for one task: the last program, every attempt, and what the playbook learned.
 *
 * @param code the last program written, empty when no reply held one
 * @param passed whether the last program passed the visible tests
 * @param attempts every program in order, with its test run and reflection
 * @param rounds reflections made (a program right at once still gets one, crediting the bullets it used)
 * @param delta the Curator's batch as applied to the playbook, when it changed anything
 * @param playbookVersion the playbook's version after this task
 * @param usage tokens of every model call for the task, curation included
 * @param costUsd what those tokens cost, when the model's price is known
 * @param duration wall time of the whole task
 * @param problem what went wrong when a model reply was unusable twice
 */
public record Solution(
    CodeTask task, Optional<String> code, boolean passed, List<CodeAttempt> attempts, int rounds,
    Optional<DeltaBatch> delta, long playbookVersion, TokenUsage usage, Optional<BigDecimal> costUsd,
    Duration duration, Optional<String> problem) {
  public Solution {
    Objects.requireNonNull(task, "task");
    code = code == null ? Optional.empty() : code;
    attempts = List.copyOf(attempts);
    delta = delta == null ? Optional.empty() : delta;
    usage = usage == null ? TokenUsage.ZERO : usage;
    costUsd = costUsd == null ? Optional.empty() : costUsd;
    duration = duration == null ? Duration.ZERO : duration;
    problem = problem == null ? Optional.empty() : problem;
  }

  /** Whether the first program already passed the visible tests. */
  public boolean firstAttemptPassed() {
    return !attempts.isEmpty() && attempts.get(0).passed();
  }

  /** The error of the last program, or the problem that stopped the task. */
  public Optional<String> errorType() {
    if (passed) {
      return Optional.empty();
    }
    if (attempts.isEmpty()) {
      return Optional.of("model_error");
    }
    return attempts.get(attempts.size() - 1).report().errorType();
  }

  /** The bullets any attempt cited, in first-cited order. */
  public List<String> citedBullets() {
    Set<String> ids = new LinkedHashSet<>();
    attempts.forEach(attempt -> ids.addAll(attempt.citedBullets()));
    return List.copyOf(ids);
  }

  /**
   * The bullets the Curator's batch for this task added. What stays learned is told by the playbook: a later batch
   * may merge or remove them (see {@code TaskRow#strategiesLearned}).
   */
  public int bulletsAdded() {
    return delta.map(batch -> (int) batch.operations().stream().filter(Operation.Add.class::isInstance).count())
        .orElse(0);
  }
}
