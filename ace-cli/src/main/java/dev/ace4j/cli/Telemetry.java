package dev.ace4j.cli;

import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintWriter;

/**
 * The OpenTelemetry of one {@code ace} run. ace-cli is the only module that builds the SDK: the libraries take the
 * {@link OpenTelemetry} this hands out. With neither {@code --trace} nor an OTLP endpoint it is
 * {@link OpenTelemetry#noop()}, and no class of the SDK is even loaded ({@link SdkTelemetry} holds them all).
 *
 * <p>Spans and metrics carry what the steps record; ace never puts environment variables, HTTP headers or the
 * sandbox's {@code --env} values on them.
 */
interface Telemetry {
  /** Builds the SDK that {@code settings} ask for, or hands out the no-op when they ask for nothing. */
  static Telemetry start(TelemetrySettings settings) {
    return settings.enabled() ? SdkTelemetry.start(settings) : Off.OFF;
  }

  /** Where the commands send their spans and metrics. */
  OpenTelemetry openTelemetry();

  /**
   * Ends the run's telemetry: prints what {@code --trace} collected on {@code err}, flushes the exports, and says in
   * one line if an export failed.
   */
  void finish(PrintWriter err);

  /** Nothing collected: the no-op OpenTelemetry, and nothing to finish. */
  enum Off implements Telemetry {
    OFF;

    @Override
    public OpenTelemetry openTelemetry() {
      return OpenTelemetry.noop();
    }

    @Override
    public void finish(PrintWriter err) {}
  }
}
