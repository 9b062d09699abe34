package dev.ace4j.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where this run's spans and metrics go: kept in memory for the {@code --trace} summary, and exported over OTLP/HTTP
 * to the endpoints the standard variables name. Only these variables are read, and none of them ends up in a span:
 *
 * <ul>
 *   <li>{@code OTEL_EXPORTER_OTLP_ENDPOINT}: the collector's base URL; spans go to {@code /v1/traces} and metrics to
 *       {@code /v1/metrics} beneath it.
 *   <li>{@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT}: one signal's full
 *       URL, used as it is; each wins over the base URL for its signal.
 *   <li>{@code OTEL_EXPORTER_OTLP_PROTOCOL}: only {@code http/protobuf} is spoken.
 *   <li>{@code OTEL_SERVICE_NAME}: the {@code service.name} of the resource; default {@code ace}.
 * </ul>
 *
 * <p>An empty variable counts as unset, as the OpenTelemetry specification says.
 *
 * @param trace whether {@code --trace} asked for the span tree on stderr
 * @param tracesEndpoint where to export spans, if anywhere
 * @param metricsEndpoint where to export metrics, if anywhere
 * @param serviceName the resource's {@code service.name}
 */
record TelemetrySettings(boolean trace, Optional<URI> tracesEndpoint, Optional<URI> metricsEndpoint,
    String serviceName) {
  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  static final String METRICS_ENDPOINT = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
  static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
  static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
  static final String DEFAULT_SERVICE_NAME = "ace";

  /**
   * The settings {@code --trace} and {@code environment} describe.
   *
   * @throws BadInputException naming the variable whose value cannot be used (its value is not repeated: an
   *     endpoint may carry credentials)
   */
  static TelemetrySettings from(boolean trace, Map<String, String> environment) {
    protocol(environment);
    Optional<URI> base = url(environment, ENDPOINT);
    Optional<URI> traces = url(environment, TRACES_ENDPOINT).or(() -> base.map(b -> beneath(b, "v1/traces")));
    Optional<URI> metrics = url(environment, METRICS_ENDPOINT).or(() -> base.map(b -> beneath(b, "v1/metrics")));
    String service = value(environment, SERVICE_NAME).orElse(DEFAULT_SERVICE_NAME);
    return new TelemetrySettings(trace, traces, metrics, service);
  }

  /** Whether anything is collected at all; without it OpenTelemetry stays a no-op. */
  boolean enabled() {
    return trace || tracesEndpoint.isPresent() || metricsEndpoint.isPresent();
  }

  private static void protocol(Map<String, String> environment) {
    Optional<String> protocol = value(environment, PROTOCOL);
    if (protocol.isPresent() && !protocol.get().equals("http/protobuf")) {
      throw new BadInputException(PROTOCOL + " is '" + protocol.get() + "', but ace exports over http/protobuf "
          + "only: set it to http/protobuf (port 4318 on most collectors), or unset it");
    }
  }

  private static Optional<URI> url(Map<String, String> environment, String name) {
    return value(environment, name).map(text -> {
      try {
        URI uri = new URI(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // Reported below, with the same message as a URL of the wrong kind.
      }
      throw new BadInputException(name + " is not an http:// or https:// URL: set it to the collector's OTLP/HTTP "
          + "address, e.g. http://localhost:4318, or unset it");
    });
  }

  /** {@code path} beneath the base URL, whether or not the base ends with a slash. */
  private static URI beneath(URI base, String path) {
    String text = base.toString();
    return URI.create(text.endsWith("/") ? text + path : text + "/" + path);
  }

  private static Optional<String> value(Map<String, String> environment, String name) {
    return Optional.ofNullable(environment.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
