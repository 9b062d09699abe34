package dev.ace4j.core;

/** Offline warm-up on a training set, then online adaptation on the test stream from the kept playbook. */
public record WarmUpResult(OfflineResult warmUp, RunResult online) {}
