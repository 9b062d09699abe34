package dev.ace4j.core;

import dev.ace4j.flow.Retry;
import dev.ace4j.flow.Timeout;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a role calls its model: the prompt template (a resource under {@code dev/ace4j/core/prompts/}, by name
 * without {@code .txt}), sampling, and the retry and timeout policies each model call runs under (the timeout is per
 * attempt). Bad JSON is not retried by these: it gets one re-ask, see {@link ModelReplyException}.
 */
public record RoleConfig(String template, double temperature, OptionalInt maxTokens, Retry retry, Timeout timeout) {

  public RoleConfig {
    Objects.requireNonNull(template, "template");
    maxTokens = maxTokens == null ? OptionalInt.empty() : maxTokens;
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * The defaults for {@code template}: temperature 0, 3 attempts 1 s apart (doubling), 120 s per attempt; failures
   * that cannot succeed on another attempt ({@link IllegalArgumentException}, {@link IllegalStateException}) are
   * not retried.
   */
  public static RoleConfig defaults(String template) {
    Retry retry = Retry.builder().maxAttempts(3).delay(Duration.ofSeconds(1))
        .retryOn(e -> !(e instanceof IllegalArgumentException) && !(e instanceof IllegalStateException)).build();
    return new RoleConfig(template, 0, OptionalInt.empty(), retry, Timeout.of(Duration.ofSeconds(120)));
  }

  public RoleConfig withTemplate(String value) {
    return new RoleConfig(value, temperature, maxTokens, retry, timeout);
  }

  public RoleConfig withTemperature(double value) {
    return new RoleConfig(template, value, maxTokens, retry, timeout);
  }

  public RoleConfig withMaxTokens(int value) {
    return new RoleConfig(template, temperature, OptionalInt.of(value), retry, timeout);
  }

  public RoleConfig withRetry(Retry value) {
    return new RoleConfig(template, temperature, maxTokens, value, timeout);
  }

  public RoleConfig withTimeout(Timeout value) {
    return new RoleConfig(template, temperature, maxTokens, retry, value);
  }
}
