package dev.ace4j.core;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a role calls its model: the prompt template (a resource under {@code dev/ace4j/core/prompts/}, by name
 * without {@code .txt}) and sampling. Retries and time limits are not here: the model owns them (one retry policy
 * per model call, see {@link dev.ace4j.core.spi.LanguageModel}), and the caller's context bounds the whole role call.
 * A reply that is not usable gets one re-ask, see {@link ModelReplyException}.
 */
public record RoleConfig(String template, double temperature, OptionalInt maxTokens) {

  public RoleConfig {
    Objects.requireNonNull(template, "template");
    maxTokens = maxTokens == null ? OptionalInt.empty() : maxTokens;
  }

  /** The defaults for {@code template}: temperature 0, no token cap. */
  public static RoleConfig defaults(String template) {
    return new RoleConfig(template, 0, OptionalInt.empty());
  }

  public RoleConfig withTemplate(String value) {
    return new RoleConfig(value, temperature, maxTokens);
  }

  public RoleConfig withTemperature(double value) {
    return new RoleConfig(template, value, maxTokens);
  }

  public RoleConfig withMaxTokens(int value) {
    return new RoleConfig(template, temperature, OptionalInt.of(value));
  }
}
