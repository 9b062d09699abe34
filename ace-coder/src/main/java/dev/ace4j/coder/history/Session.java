package dev.ace4j.coder.history;

import java.util.Comparator;
import java.util.List;

/**
 * The runs of one {@code ace bench}, {@code solve} or {@code eval} invocation, resumed ones included.
 *
 * @param runs ordered by run number, then run id
 */
public record Session(String sessionId, String kind, String model, int plannedRuns, List<RunInfo> runs) {
  public Session {
    Checks.notBlank(sessionId, "sessionId");
    Checks.notBlank(kind, "kind");
    Checks.present(model, "model");
    Checks.positive(plannedRuns, "plannedRuns");
    runs = runs == null ? List.of() : runs.stream()
        .sorted(Comparator.comparingInt(RunInfo::runNumber).thenComparingLong(RunInfo::runId)).toList();
  }

  /** Whether every planned run exists and is finished: a resume has nothing left to do. */
  public boolean complete() {
    for (int number = 1; number <= plannedRuns; number++) {
      int wanted = number;
      if (runs.stream().noneMatch(r -> r.runNumber() == wanted && r.finished())) {
        return false;
      }
    }
    return true;
  }
}
