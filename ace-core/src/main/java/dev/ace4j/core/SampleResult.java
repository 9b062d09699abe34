package dev.ace4j.core;

import dev.ace4j.core.spi.TokenUsage;
import java.util.Optional;

/**
 * What happened to one sample.
 *
 * @param correct whether the first answer (the prediction, before any learning from this sample) was right, as
 *     scored against the label; empty when neither the label nor the environment can tell
 * @param rounds reflection rounds used: 0 in eval-only, 1 for a sample answered right at once
 * @param curated whether a Curator batch with operations was applied
 * @param playbookVersion the playbook's version after this sample
 * @param usage tokens of every model call for this sample
 * @param problem what went wrong, when a role's reply was unusable (the sample counts as incorrect if the
 *     Generator's was; nothing was applied for an unusable Reflector or Curator reply)
 */
public record SampleResult(
    String sampleId, Optional<Boolean> correct, int rounds, boolean curated, long playbookVersion, TokenUsage usage,
    Optional<String> problem) {}
