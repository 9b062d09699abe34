package dev.ace4j.cli;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The OTLP/HTTP exporters of one run, tuned for a command that exports once, at exit: the JDK's HttpClient (no
 * OkHttp), short timeouts, one retry, and the SDK's export errors caught to be told in one line.
 */
final class OtlpExport implements AutoCloseable {
  /** A collector that is down costs about a second, not the SDK's default of five attempts up to 5 s apart. */
  private static final RetryPolicy RETRY = RetryPolicy.builder().setMaxAttempts(2)
      .setInitialBackoff(Duration.ofMillis(250)).setMaxBackoff(Duration.ofSeconds(1)).build();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Ours rather than the sender's own: on Java 17 the sender waits 5 s for its own pool to end when it shuts down,
   * which would delay every command's exit. This one is shut down without waiting, after the last export.
   */
  private final ExecutorService senderThreads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "ace-otlp-export");
    thread.setDaemon(true);
    return thread;
  });
  private final ExportProblems problems = ExportProblems.catchThem();

  SpanExporter spanExporter(URI endpoint) {
    return OtlpHttpSpanExporter.builder()
        .setEndpoint(endpoint.toString())
        .setConnectTimeout(CONNECT_TIMEOUT)
        .setTimeout(EXPORT_TIMEOUT)
        .setRetryPolicy(RETRY)
        .setExecutorService(senderThreads)
        .setMeterProvider(MeterProvider::noop)
        .build();
  }

  MetricExporter metricExporter(URI endpoint) {
    return OtlpHttpMetricExporter.builder()
        .setEndpoint(endpoint.toString())
        .setConnectTimeout(CONNECT_TIMEOUT)
        .setTimeout(EXPORT_TIMEOUT)
        .setRetryPolicy(RETRY)
        .setExecutorService(senderThreads)
        .setMeterProvider(MeterProvider::noop)
        .build();
  }

  /** The first export failure the SDK reported, as one line. */
  Optional<String> problem() {
    return problems.first();
  }

  /** Call after the SDK has closed (its exports are done by then). */
  @Override
  public void close() {
    senderThreads.shutdownNow();
    problems.close();
  }
}
