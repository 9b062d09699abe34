package dev.ace4j.core;

import dev.ace4j.core.spi.TokenUsage;
import java.util.List;
import java.util.Optional;

/**
 * One pass over a list of samples.
 *
 * @param mode online, eval-only or offline epoch N
 * @param playbookVersion the playbook's version at the end
 */
public record RunResult(String mode, List<SampleResult> samples, long playbookVersion) {
  public RunResult {
    samples = List.copyOf(samples);
  }

  /** Right answers over scored samples; 0 when none could be scored. */
  public double accuracy() {
    long scored = samples.stream().filter(s -> s.correct().isPresent()).count();
    long right = samples.stream().filter(s -> s.correct().orElse(false)).count();
    return scored == 0 ? 0 : (double) right / scored;
  }

  public TokenUsage usage() {
    return samples.stream().map(SampleResult::usage).reduce(TokenUsage.ZERO, TokenUsage::plus);
  }

  /** The result for {@code sampleId} (the first, if a sample appears twice). */
  public Optional<SampleResult> sample(String sampleId) {
    return samples.stream().filter(s -> s.sampleId().equals(sampleId)).findFirst();
  }
}
