package dev.ace4j.core;

/**
 * How much of a sample's label the learner gets. The paper's released "no ground truth" mode hid the label text but
 * still told the loop whether each answer matched it; here those are two different modes.
 */
public enum LabelMode {
  /** The environment judges with the label and the Reflector sees the label text. */
  FULL,
  /** The environment judges with the label (correct or not), but the Reflector never sees the label text. */
  HIDE_LABEL_TEXT,
  /**
   * No label at all: the environment gets samples without ground truth, so the loop learns from execution signals
   * (errors, exit codes, visible tests) only. Runs are still scored against the label, apart from learning.
   */
  NO_ORACLE
}
