package dev.ace4j.core;

import dev.ace4j.core.spi.TokenUsage;
import java.util.List;
import java.util.Objects;

/**
 * The Reflector's diagnosis of one attempt, and its verdict on each bullet the Generator cited.
 *
 * @param bulletTags verdicts on cited bullets only; the loop applies them as TAG operations
 */
public record Reflection(
    String reasoning, String errorIdentification, String rootCauseAnalysis, String correctApproach,
    String keyInsight, List<BulletTag> bulletTags, TokenUsage usage) {

  public Reflection {
    reasoning = reasoning == null ? "" : reasoning;
    errorIdentification = errorIdentification == null ? "" : errorIdentification;
    rootCauseAnalysis = rootCauseAnalysis == null ? "" : rootCauseAnalysis;
    correctApproach = correctApproach == null ? "" : correctApproach;
    keyInsight = keyInsight == null ? "" : keyInsight;
    bulletTags = bulletTags == null ? List.of() : List.copyOf(bulletTags);
    usage = usage == null ? TokenUsage.ZERO : usage;
  }

  /** One verdict: bullet {@code id} was helpful, harmful or neutral in this attempt. */
  public record BulletTag(String id, Operation.Verdict tag) {
    public BulletTag {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(tag, "tag");
    }
  }

  /** The reflection as the Generator and Curator read it: the five analysis fields, labelled. */
  public String render() {
    return "error_identification: " + errorIdentification + "\nroot_cause_analysis: " + rootCauseAnalysis
        + "\ncorrect_approach: " + correctApproach + "\nkey_insight: " + keyInsight;
  }
}
