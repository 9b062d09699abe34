package dev.ace4j.coder.history;

import java.time.Instant;
import java.util.Objects;

/**
 * The start of one run over a task suite, as the history records it.
 *
 * @param sessionId groups the runs of one {@code ace bench} invocation; a resumed bench continues its session
 * @param kind {@code bench}, {@code solve} or {@code eval}
 * @param playbook the playbook file's path, as text
 * @param runNumber 1-based position of this run in its session
 * @param plannedRuns how many runs the session means to make; {@link Session#complete()} compares against it
 */
public record RunStart(String sessionId, String kind, String suite, String model, String playbook,
    long playbookVersion, int runNumber, int plannedRuns, Instant startedAt) {
  public RunStart {
    Checks.notBlank(sessionId, "sessionId");
    Checks.notBlank(kind, "kind");
    Checks.present(suite, "suite");
    Checks.present(model, "model");
    Checks.present(playbook, "playbook");
    Checks.notNegative(playbookVersion, "playbookVersion");
    Checks.positive(runNumber, "runNumber");
    Checks.positive(plannedRuns, "plannedRuns");
    Objects.requireNonNull(startedAt, "startedAt is null: pass the instant the run started");
  }
}
