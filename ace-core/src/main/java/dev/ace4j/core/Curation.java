package dev.ace4j.core;

import dev.ace4j.core.spi.TokenUsage;

/**
 * The Curator's reply as a batch ready for {@link PlaybookStore#apply}: already checked against the playbook it was
 * made for.
 */
public record Curation(DeltaBatch batch, TokenUsage usage) {}
