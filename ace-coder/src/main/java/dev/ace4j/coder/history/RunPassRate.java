package dev.ace4j.coder.history;

/**
 * How one run of a session scored: in a bench session, learning shows up as this rate rising run over run, on the
 * same tasks.
 */
public record RunPassRate(int runNumber, long runId, int tasks, int passed, double passRate) {}
