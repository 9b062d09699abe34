package dev.ace4j.perf;

import dev.ace4j.flow.Flow;
import dev.ace4j.flow.Step;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of running a chain of {@value #STEPS} trivial steps ({@code x -> x + 1}) through ace-flow, beside the
 * same chain as plain Java function calls:
 *
 * <ul>
 *   <li>{@code plainJava}: {@value #STEPS} {@link Function}s joined with {@code andThen}, the baseline;
 *   <li>{@code flowNoop}: the steps joined with {@link Step#then} and run with {@link Flow#run}, OpenTelemetry no-op;
 *   <li>{@code flowSdk}: the same with the OpenTelemetry SDK: every span sampled and exported (to an exporter that
 *       discards it) from the caller's thread, and the step metrics recorded into an SDK meter provider that a
 *       reader collects every second.
 * </ul>
 *
 * <p>A flow run is {@value #STEPS} + 1 spans: one per step and one for the sequence around them. The per-step
 * overhead that {@link FlowOverhead} prints is {@code (flow - plain) / STEPS}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlowChainBenchmark {
  static final int STEPS = 10;

  private Function<Integer, Integer> plainChain;
  private Step<Integer, Integer> flowChain;
  private Flow noopFlow;
  private Flow sdkFlow;
  private OpenTelemetrySdk sdk;
  /** Read from a field so that the JIT cannot fold the chain into a constant. */
  private Integer input = 1;

  @Setup
  public void setUp() {
    Function<Integer, Integer> plain = x -> x + 1;
    Step<Integer, Integer> flow = Step.of("step-1", (x, context) -> x + 1);
    for (int i = 2; i <= STEPS; i++) {
      plain = plain.andThen(x -> x + 1);
      flow = flow.then(Step.of("step-" + i, (x, context) -> x + 1));
    }
    plainChain = plain;
    flowChain = flow;
    noopFlow = Flow.builder().openTelemetry(OpenTelemetry.noop()).build();
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(SimpleSpanProcessor.create(new DiscardingSpanExporter()))
            .build())
        .setMeterProvider(SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.builder(new DiscardingMetricExporter())
                .setInterval(Duration.ofSeconds(1))
                .build())
            .build())
        .build();
    sdkFlow = Flow.builder().openTelemetry(sdk).build();
  }

  @TearDown
  public void tearDown() {
    noopFlow.close();
    sdkFlow.close();
    sdk.close();
  }

  @Benchmark
  public Integer plainJava() {
    return plainChain.apply(input);
  }

  @Benchmark
  public Integer flowNoop() throws Exception {
    return noopFlow.run(flowChain, input);
  }

  @Benchmark
  public Integer flowSdk() throws Exception {
    return sdkFlow.run(flowChain, input);
  }

  /** Accepts every span and keeps none: the export path runs, the I/O does not. */
  static final class DiscardingSpanExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Accepts every collection of metrics and keeps none. */
  static final class DiscardingMetricExporter implements MetricExporter {
    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
