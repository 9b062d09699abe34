package dev.ace4j.coder.history;

/**
 * One task type's share of a {@link Summary}, as the original {@code task_type_breakdown} holds it.
 *
 * @param avgIterations mean attempts per task of this type
 */
public record TaskTypeStats(int count, int successes, long strategiesLearned, double avgIterations,
    double successRate) {}
