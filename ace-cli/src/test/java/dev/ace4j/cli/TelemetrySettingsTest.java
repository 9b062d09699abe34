package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the standard {@code OTEL_*} variables become where spans and metrics go. */
class TelemetrySettingsTest {
  @Test
  void collectsNothingWithoutTraceOrAnEndpoint() {
    TelemetrySettings settings = TelemetrySettings.from(false, Map.of("PATH", "/usr/bin"));

    assertThat(settings.enabled()).isFalse();
  }

  @Test
  void collectsSpansInMemoryForTraceAlone() {
    TelemetrySettings settings = TelemetrySettings.from(true, Map.of());

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.tracesEndpoint()).isEmpty();
    assertThat(settings.metricsEndpoint()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://collector:4318", "http://collector:4318/"})
  void sendsEachSignalToItsPathBeneathTheBaseEndpoint(String base) {
    TelemetrySettings settings = TelemetrySettings.from(false, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", base));

    assertThat(settings.tracesEndpoint()).contains(URI.create("http://collector:4318/v1/traces"));
    assertThat(settings.metricsEndpoint()).contains(URI.create("http://collector:4318/v1/metrics"));
  }

  @Test
  void usesASignalsOwnEndpointAsItIsAndBeforeTheBaseOne() {
    TelemetrySettings settings = TelemetrySettings.from(false, Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://traces.example/otlp"));

    assertThat(settings.tracesEndpoint()).contains(URI.create("https://traces.example/otlp"));
    assertThat(settings.metricsEndpoint()).contains(URI.create("http://collector:4318/v1/metrics"));
  }

  @Test
  void exportsOnlyTheSignalWhoseEndpointIsSet() {
    TelemetrySettings settings = TelemetrySettings.from(false,
        Map.of("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://collector:4318/v1/metrics"));

    assertThat(settings.tracesEndpoint()).isEmpty();
    assertThat(settings.metricsEndpoint()).isPresent();
  }

  @Test
  void treatsAnEmptyVariableAsUnset() {
    TelemetrySettings settings = TelemetrySettings.from(false,
        Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " ", "OTEL_SERVICE_NAME", ""));

    assertThat(settings.enabled()).isFalse();
    assertThat(settings.serviceName()).isEqualTo("ace");
  }

  @Test
  void takesTheServiceNameFromOtelServiceName() {
    TelemetrySettings settings = TelemetrySettings.from(true, Map.of("OTEL_SERVICE_NAME", "nightly-bench"));

    assertThat(settings.serviceName()).isEqualTo("nightly-bench");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "collector:4318", "ftp://collector:4318", "https://user:s3cret@"})
  void refusesAnEndpointThatIsNotAnHttpUrlNamingTheVariableButNotItsValue(String endpoint) {
    assertThatThrownBy(() -> TelemetrySettings.from(false, Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint)))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not an http:// or https:// URL")
        .message().doesNotContain(endpoint);
  }

  @Test
  void refusesAProtocolOtherThanHttpProtobuf() {
    assertThatThrownBy(() -> TelemetrySettings.from(false, Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL")
        .hasMessageContaining("http/protobuf");
  }
}
