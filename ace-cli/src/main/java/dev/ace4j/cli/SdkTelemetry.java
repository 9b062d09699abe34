package dev.ace4j.cli;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The {@link Telemetry} of a run that collects something: the OpenTelemetry SDK, with the {@code --trace} span
 * collector and the OTLP exports that its {@link TelemetrySettings} ask for.
 */
final class SdkTelemetry implements Telemetry {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final OpenTelemetrySdk sdk;
  private final Optional<SpanCollector> collector;
  private final Optional<OtlpExport> export;

  private SdkTelemetry(OpenTelemetrySdk sdk, Optional<SpanCollector> collector, Optional<OtlpExport> export) {
    this.sdk = sdk;
    this.collector = collector;
    this.export = export;
  }

  /** Builds the SDK that {@code settings} ask for; they ask for something ({@link TelemetrySettings#enabled()}). */
  static SdkTelemetry start(TelemetrySettings settings) {
    Resource resource = Resource.getDefault()
        .merge(Resource.create(Attributes.of(SERVICE_NAME, settings.serviceName())));
    Optional<SpanCollector> collector = settings.trace() ? Optional.of(new SpanCollector()) : Optional.empty();
    boolean exporting = settings.tracesEndpoint().isPresent() || settings.metricsEndpoint().isPresent();
    Optional<OtlpExport> export = exporting ? Optional.of(new OtlpExport()) : Optional.empty();
    OpenTelemetrySdkBuilder builder = OpenTelemetrySdk.builder();
    if (collector.isPresent() || settings.tracesEndpoint().isPresent()) {
      builder.setTracerProvider(tracerProvider(resource, collector, export, settings.tracesEndpoint()));
    }
    settings.metricsEndpoint().ifPresent(url -> builder.setMeterProvider(SdkMeterProvider.builder()
        .setResource(resource)
        .registerMetricReader(PeriodicMetricReader.create(export.orElseThrow().metricExporter(url)))
        .build()));
    return new SdkTelemetry(builder.build(), collector, export);
  }

  @Override
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /**
   * Prints the span tree on {@code err} when tracing, then flushes what is left to the OTLP endpoints and closes the
   * SDK (a few seconds at most when the collector does not answer), and says in one line if the export failed.
   */
  @Override
  public void finish(PrintWriter err) {
    collector.ifPresent(spans -> TraceSummary.lines(spans.spans()).forEach(err::println));
    sdk.close();
    export.ifPresent(otlp -> {
      otlp.close();
      otlp.problem().ifPresent(problem -> err.println("ace: telemetry was not exported: " + problem
          + "; check the endpoint in " + TelemetrySettings.ENDPOINT + " and that a collector there accepts OTLP/HTTP"));
    });
    err.flush();
  }

  private static SdkTracerProvider tracerProvider(Resource resource, Optional<SpanCollector> collector,
      Optional<OtlpExport> export, Optional<URI> endpoint) {
    SdkTracerProviderBuilder tracing = SdkTracerProvider.builder().setResource(resource);
    collector.ifPresent(spans -> tracing.addSpanProcessor(SimpleSpanProcessor.create(spans)));
    endpoint.ifPresent(url -> tracing.addSpanProcessor(
        BatchSpanProcessor.builder(export.orElseThrow().spanExporter(url)).build()));
    return tracing.build();
  }

  /** Keeps every ended span in memory for the {@code --trace} summary. */
  private static final class SpanCollector implements SpanExporter {
    private final Collection<SpanData> spans = new ConcurrentLinkedQueue<>();

    List<SpanData> spans() {
      return new ArrayList<>(spans);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
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
