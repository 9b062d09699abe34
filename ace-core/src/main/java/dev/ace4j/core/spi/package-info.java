/**
 * What users implement to plug into the ACE engine: a {@link dev.ace4j.core.spi.LanguageModel} and an
 * {@link dev.ace4j.core.spi.Environment} that judges answers, with the values they exchange.
 */
@NullMarked
package dev.ace4j.core.spi;

import org.jspecify.annotations.NullMarked;
