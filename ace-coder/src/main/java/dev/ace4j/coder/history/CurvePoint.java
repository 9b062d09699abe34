package dev.ace4j.coder.history;

/**
 * One point of the learning curve: after the task that finished at {@code timestamp}, the share of all tasks so far
 * that succeeded.
 *
 * @param timestamp epoch seconds, with fraction, as the original metrics files hold it
 */
public record CurvePoint(double timestamp, double successRate) {}
