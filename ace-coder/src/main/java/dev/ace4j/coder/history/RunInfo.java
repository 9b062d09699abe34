package dev.ace4j.coder.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A run as the history holds it; {@code finishedAt} is empty while it runs or after it was interrupted. */
public record RunInfo(long runId, int runNumber, String model, String suite, String playbook, Instant startedAt,
    Optional<Instant> finishedAt) {
  public RunInfo {
    Checks.positive(runNumber, "runNumber");
    Checks.present(model, "model");
    Checks.present(suite, "suite");
    Checks.present(playbook, "playbook");
    Objects.requireNonNull(startedAt, "startedAt is null: pass the instant the run started");
    finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
  }

  public boolean finished() {
    return finishedAt.isPresent();
  }
}
