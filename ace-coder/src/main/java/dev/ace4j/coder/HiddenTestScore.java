package dev.ace4j.coder;

/**
 * The score of code against a task's hidden tests, for reports only: it is never fed back to the learner. Made by
 * {@link HiddenTests#score}.
 *
 * @param passed hidden tests that passed
 * @param total the task's hidden tests, however many of them the code let run
 * @param allPassed whether the run ended OK and every one of the {@code total} hidden tests ran and passed
 */
public record HiddenTestScore(long passed, long total, boolean allPassed) {}
