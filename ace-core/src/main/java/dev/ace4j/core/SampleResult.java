package dev.ace4j.core;

import dev.ace4j.core.spi.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one sample.
 *
 * @param correct whether the first answer (the prediction, before any learning from this sample) was right, as
 *     scored against the label; empty when neither the label nor the environment can tell
 * @param rounds reflections made: 0 in eval-only, 1 for a sample answered right at once (the crediting reflection)
 * @param attempts every answer in order, with its feedback and reflection; empty when the first generation failed
 * @param delta the Curator's batch as applied, when it had operations
 * @param playbookVersion the playbook's version after this sample
 * @param usage tokens of every model call for this sample
 * @param duration wall time spent on this sample: answering, judging, reflecting and learning
 * @param problem what went wrong, when a role's reply was unusable (the sample counts as incorrect if the
 *     Generator's was; nothing was applied for an unusable Reflector or Curator reply)
 */
public record SampleResult(
    String sampleId, Optional<Boolean> correct, int rounds, List<Attempt> attempts, Optional<DeltaBatch> delta,
    long playbookVersion, TokenUsage usage, Duration duration, Optional<String> problem) {
  public SampleResult {
    attempts = List.copyOf(attempts);
    delta = delta == null ? Optional.empty() : delta;
    usage = usage == null ? TokenUsage.ZERO : usage;
    duration = duration == null ? Duration.ZERO : duration;
    problem = problem == null ? Optional.empty() : problem;
  }

  /** Whether a Curator batch with operations was applied. */
  public boolean curated() {
    return delta.isPresent();
  }

  /** How many bullets the applied batch added. */
  public int bulletsAdded() {
    return delta.map(batch -> (int) batch.operations().stream().filter(Operation.Add.class::isInstance).count())
        .orElse(0);
  }

  /** The last answer, which is the sample's outcome. */
  public Optional<Attempt> last() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }

  /** Whether the last answer passed the environment's check (after learning from this sample's failures). */
  public boolean solved() {
    return last().map(Attempt::passed).orElse(false);
  }
}
