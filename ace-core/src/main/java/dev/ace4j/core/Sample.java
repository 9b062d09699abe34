package dev.ace4j.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One task for the loop: a question (or a code task's text), its context, and, when known, its ground truth.
 *
 * @param context extra material the Generator reads (a document, a function signature); may be empty
 * @param groundTruth the reference answer; what the Reflector may see of it depends on the {@link LabelMode}
 */
public record Sample(String id, String question, String context, Optional<String> groundTruth) {
  public Sample {
    Objects.requireNonNull(id, "id");
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("sample " + id + " has no question");
    }
    context = context == null ? "" : context;
    groundTruth = groundTruth == null ? Optional.empty() : groundTruth;
  }

  public static Sample of(String id, String question, String groundTruth) {
    return new Sample(id, question, "", Optional.ofNullable(groundTruth));
  }

  /** The same sample with no ground truth: what an environment sees in {@link LabelMode#NO_ORACLE}. */
  public Sample withoutGroundTruth() {
    return new Sample(id, question, context, Optional.empty());
  }
}
