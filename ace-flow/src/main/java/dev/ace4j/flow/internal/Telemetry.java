package dev.ace4j.flow.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;

/**
 * The tracer and the instruments of ace-flow, made once per {@link dev.ace4j.flow.Flow}. Metric names follow
 * OpenTelemetry's conventions ({@code ace.flow.*}, seconds for durations); every point carries the step's name.
 */
public final class Telemetry {
  public static final String SCOPE = "dev.ace4j.flow";
  public static final AttributeKey<String> STEP = AttributeKey.stringKey("ace.flow.step");
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("ace.flow.outcome");

  private final Tracer tracer;
  private final DoubleHistogram stepDuration;
  private final LongCounter stepFailures;
  private final LongCounter retries;
  private final LongCounter cacheHits;
  private final LongCounter cacheMisses;
  private final LongGauge breakerState;

  public Telemetry(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SCOPE, version());
    Meter meter = openTelemetry.getMeter(SCOPE);
    this.stepDuration = meter.histogramBuilder("ace.flow.step.duration").setUnit("s")
        .setDescription("Duration of step runs").build();
    this.stepFailures = meter.counterBuilder("ace.flow.step.failures").setUnit("{failure}")
        .setDescription("Step runs that ended with an exception").build();
    this.retries = meter.counterBuilder("ace.flow.retries").setUnit("{retry}")
        .setDescription("Retries scheduled by retry policies").build();
    this.cacheHits = meter.counterBuilder("ace.flow.cache.hits").setUnit("{hit}")
        .setDescription("Cache lookups that found a live entry").build();
    this.cacheMisses = meter.counterBuilder("ace.flow.cache.misses").setUnit("{miss}")
        .setDescription("Cache lookups that ran the step").build();
    this.breakerState = meter.gaugeBuilder("ace.flow.breaker.state").ofLongs()
        .setDescription("Circuit breaker state: 0 closed, 1 half-open, 2 open").build();
  }

  public Tracer tracer() {
    return tracer;
  }

  public void stepEnded(String step, long nanos, boolean failed) {
    Attributes attributes = Attributes.of(STEP, step, OUTCOME, failed ? "failure" : "success");
    stepDuration.record(nanos / 1e9, attributes);
    if (failed) {
      stepFailures.add(1, Attributes.of(STEP, step));
    }
  }

  public void retried(String step) {
    retries.add(1, Attributes.of(STEP, step));
  }

  public void cacheLookup(String step, boolean hit) {
    (hit ? cacheHits : cacheMisses).add(1, Attributes.of(STEP, step));
  }

  /** Records a breaker's new state: 0 closed, 1 half-open, 2 open. */
  public void breakerState(String breaker, long state) {
    breakerState.set(state, Attributes.of(AttributeKey.stringKey("ace.flow.breaker"), breaker));
  }

  private static String version() {
    String version = Telemetry.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
