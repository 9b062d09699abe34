package dev.ace4j.core.spi;

import java.util.Objects;

/**
 * What a model answered.
 *
 * @param modelId the model that answered, as the provider names it
 */
public record ModelReply(String text, TokenUsage usage, String modelId) {
  public ModelReply {
    Objects.requireNonNull(text, "text");
    usage = usage == null ? TokenUsage.ZERO : usage;
    modelId = modelId == null ? "" : modelId;
  }
}
