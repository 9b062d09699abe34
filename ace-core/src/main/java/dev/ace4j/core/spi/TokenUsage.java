package dev.ace4j.core.spi;

/** Tokens a call (or a run) consumed: prompt tokens in, reply tokens out. */
public record TokenUsage(long inputTokens, long outputTokens) {
  public static final TokenUsage ZERO = new TokenUsage(0, 0);

  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative: " + inputTokens + "/" + outputTokens);
    }
  }

  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }

  public long total() {
    return inputTokens + outputTokens;
  }
}
