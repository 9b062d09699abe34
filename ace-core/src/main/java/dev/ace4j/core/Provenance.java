package dev.ace4j.core;

/**
 * Where a bullet or a change came from: the task and run that taught it, the operation that made it, and the
 * evidence the Curator gave. Empty strings mean unknown.
 */
public record Provenance(String taskId, String runId, String operation, String evidence) {
  public Provenance {
    taskId = taskId == null ? "" : taskId;
    runId = runId == null ? "" : runId;
    operation = operation == null ? "" : operation;
    evidence = evidence == null ? "" : evidence;
  }

  /** Nothing known. */
  public static Provenance none() {
    return new Provenance("", "", "", "");
  }

  /** Learned from {@code taskId} in {@code runId}. */
  public static Provenance of(String taskId, String runId) {
    return new Provenance(taskId, runId, "", "");
  }

  public Provenance withOperation(String value) {
    return new Provenance(taskId, runId, value, evidence);
  }

  public Provenance withEvidence(String value) {
    return new Provenance(taskId, runId, operation, value);
  }
}
