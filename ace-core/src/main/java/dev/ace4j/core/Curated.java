package dev.ace4j.core;

import dev.ace4j.core.spi.TokenUsage;
import java.util.Optional;

/**
 * What the Curator made of a sample's last reflection.
 *
 * @param batch its batch, when it had operations
 * @param usage the tokens it cost
 * @param problem the message, when its reply was unusable (then there is no batch)
 */
record Curated(Optional<DeltaBatch> batch, TokenUsage usage, Optional<String> problem) {
  /** No curation: the sample was not reflected on, or its exploration ended with a problem. */
  static final Curated NOTHING = new Curated(Optional.empty(), TokenUsage.ZERO, Optional.empty());
}
