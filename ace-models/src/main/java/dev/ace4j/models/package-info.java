/**
 * {@link dev.ace4j.core.spi.LanguageModel}s over LangChain4j (OpenAI and compatible servers, Anthropic,
 * Gemini), model specs and their resolution from flags, environment and {@code .env}, prices, the response
 * cache, and recording and replay of exchanges.
 */
@NullMarked
package dev.ace4j.models;

import org.jspecify.annotations.NullMarked;
