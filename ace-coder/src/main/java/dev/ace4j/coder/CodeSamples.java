package dev.ace4j.coder;

import dev.ace4j.core.Sample;
import java.util.Optional;

/** Turns code tasks into samples for the ACE loop, leaving everything the learner must not see behind. */
public final class CodeSamples {
  private CodeSamples() {}

  /**
   * A sample whose id is the task's id, whose question is the task's prompt and whose context is its signature.
   * It has no ground truth: the hidden tests and the reference solution stay with the task, so no role can quote
   * them.
   */
  public static Sample of(CodeTask task) {
    String context = task.signature().isBlank() ? "" : "Signature: " + task.signature();
    return new Sample(task.id(), task.prompt(), context, Optional.empty());
  }
}
