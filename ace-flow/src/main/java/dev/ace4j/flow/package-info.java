/**
 * Composable, observable workflow steps: {@link dev.ace4j.flow.Step}, {@link dev.ace4j.flow.Context},
 * {@link dev.ace4j.flow.Flow}, policies (retry, timeout, circuit breaker) and composites (parallel, fallback,
 * cache, saga). Every step run is an OpenTelemetry span. Knows nothing of language models or code.
 */
@NullMarked
package dev.ace4j.flow;

import org.jspecify.annotations.NullMarked;
