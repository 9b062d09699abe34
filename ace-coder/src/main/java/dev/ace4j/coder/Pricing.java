package dev.ace4j.coder;

import dev.ace4j.core.spi.TokenUsage;
import java.math.BigDecimal;
import java.util.Optional;

/** What tokens cost, in US dollars; empty when unknown, which is never guessed at. */
@FunctionalInterface
public interface Pricing {
  Optional<BigDecimal> cost(TokenUsage usage);

  /** The price of every model whose price nobody told us. */
  static Pricing unknown() {
    return usage -> Optional.empty();
  }

  /** For answers that cost nothing (the reference solutions, a local scripted model). */
  static Pricing free() {
    return usage -> Optional.of(BigDecimal.ZERO);
  }
}
