package dev.ace4j.coder.history;

/**
 * How one run of a session scored: in a bench session, learning shows up as this rate rising run over run, on the
 * same tasks.
 *
 * @param sessionId the run's session; empty when not at hand
 */
public record RunPassRate(int runNumber, long runId, int tasks, int passed, double passRate, String sessionId) {
  public RunPassRate {
    Checks.present(sessionId, "sessionId");
  }

  /** A run whose session is not at hand. */
  public RunPassRate(int runNumber, long runId, int tasks, int passed, double passRate) {
    this(runNumber, runId, tasks, passed, passRate, "");
  }
}
