package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spans and metrics exported over OTLP/HTTP to a collector named by the standard variables; the collector here is
 * a real HTTP server on the loopback address that records what it is sent.
 */
class OtlpExportTest {
  private static final long WAIT_SECONDS = 10;

  private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
  private final AtomicInteger answer = new AtomicInteger(200);
  private HttpServer collector;

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext("/", this::record);
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  @Test
  void exportsTheSandboxRunsSpanAsProtobufToV1Traces() throws InterruptedException {
    AceRun run = AceRun.withEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", base()),
        "sandbox", "exec", "--lang", "bash", "--code", "echo hi");

    Request traces = awaitRequest("/v1/traces");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("hi\n");
    assertThat(traces.method()).isEqualTo("POST");
    assertThat(traces.contentType()).isEqualTo("application/x-protobuf");
    assertThat(traces.body()).isNotEmpty();
    assertThat(traces.text()).contains("sandbox.exec", "ace.sandbox.status", "service.name", "ace");
  }

  @Test
  void exportsTheStepMetricsToV1Metrics() throws InterruptedException {
    AceRun.withEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", base()),
        "sandbox", "exec", "--lang", "bash", "--code", "true");

    Request metrics = awaitRequest("/v1/metrics");
    assertThat(metrics.method()).isEqualTo("POST");
    assertThat(metrics.contentType()).isEqualTo("application/x-protobuf");
    assertThat(metrics.text()).contains("ace.flow.step.duration", "sandbox.exec");
  }

  @Test
  void sendsOnlyTheSignalWhoseOwnEndpointIsSetToThatUrl() throws InterruptedException {
    AceRun.withEnvironment(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", base() + "/custom/traces"),
        "sandbox", "exec", "--lang", "bash", "--code", "true");

    assertThat(awaitRequest("/custom/traces").text()).contains("sandbox.exec");
    // The SDK closed before the run returned: everything it was going to send has arrived.
    assertThat(received).extracting(Request::path).doesNotContain("/v1/metrics");
  }

  @Test
  void namesTheServiceAfterOtelServiceName() throws InterruptedException {
    AceRun.withEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", base(), "OTEL_SERVICE_NAME", "nightly-bench"),
        "sandbox", "exec", "--lang", "bash", "--code", "true");

    assertThat(awaitRequest("/v1/traces").text()).contains("nightly-bench");
  }

  @Test
  void neverExportsTheSandboxsVariables() throws InterruptedException {
    AceRun.withEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", base()),
        "sandbox", "exec", "--lang", "bash", "--code", "true", "--env", "API_TOKEN=s3cr3t-token-value");

    assertThat(awaitRequest("/v1/traces").text()).doesNotContain("s3cr3t-token-value", "API_TOKEN");
    assertThat(awaitRequest("/v1/metrics").text()).doesNotContain("s3cr3t-token-value", "API_TOKEN");
  }

  @Test
  void tracesAndExportsInTheSameRun() throws InterruptedException {
    AceRun run = AceRun.withEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", base()),
        "--trace", "sandbox", "exec", "--lang", "bash", "--code", "true");

    assertThat(awaitRequest("/v1/traces").text()).contains("sandbox.exec");
    assertThat(run.errLines()).anySatisfy(line -> assertThat(line).startsWith("  sandbox.exec  "));
  }

  @Test
  void saysInOneLineWhenTheCollectorRefusesTheExportAndKeepsTheExitCode() {
    answer.set(404);

    AceRun run = AceRun.withEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", base()),
        "sandbox", "exec", "--lang", "bash", "--code", "echo hi");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("hi\n");
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(1)).startsWith("ace: telemetry was not exported: ")
        .contains("404", "OTEL_EXPORTER_OTLP_ENDPOINT");
  }

  @Test
  void exitsTwoNamingTheVariableWhenTheEndpointIsNotAUrl() {
    AceRun run = AceRun.withEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url"),
        "sandbox", "exec", "--lang", "bash", "--code", "echo hi");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("ace: OTEL_EXPORTER_OTLP_ENDPOINT is not an http:// or https:// URL");
    assertThat(received).isEmpty();
  }

  private String base() {
    return "http://127.0.0.1:" + collector.getAddress().getPort();
  }

  /** The first request to {@code path}, waiting at most {@link #WAIT_SECONDS}. */
  private Request awaitRequest(String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    List<Request> seen = new java.util.ArrayList<>();
    while (System.nanoTime() < deadline) {
      Request request = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (request != null && request.path().equals(path)) {
        received.addAll(seen);
        return request;
      }
      if (request != null) {
        seen.add(request);
      }
    }
    throw new AssertionError("no request to " + path + " within " + WAIT_SECONDS + " s; got " + seen);
  }

  private void record(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      received.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")), body.readAllBytes()));
    }
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(answer.get(), -1);
    exchange.close();
  }

  /** One request the collector received. */
  record Request(String method, String path, String contentType, byte[] body) {
    /** The protobuf body as text: strings (span names, attribute keys and values) appear in it as they are. */
    String text() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return method + " " + path + " (" + body.length + " bytes)";
    }
  }
}
