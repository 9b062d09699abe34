package dev.ace4j.cli;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Catches what the OpenTelemetry SDK reports through {@code java.util.logging} while ace exports (a collector that
 * refuses the connection or answers 404), so that ace can say it in one line on stderr instead of the SDK's
 * multi-line stack traces. Attached for the length of one run.
 */
final class ExportProblems extends Handler {
  /** Held here: the log manager keeps loggers only weakly, and a collected logger would lose this handler. */
  private static final Logger OPEN_TELEMETRY = Logger.getLogger("io.opentelemetry");

  private final AtomicReference<String> first = new AtomicReference<>();
  private final boolean parentHandlers;

  private ExportProblems() {
    this.parentHandlers = OPEN_TELEMETRY.getUseParentHandlers();
    setLevel(Level.WARNING);
  }

  /** Starts catching the SDK's warnings and errors; {@link #close} gives them back to the usual handlers. */
  static ExportProblems catchThem() {
    ExportProblems problems = new ExportProblems();
    OPEN_TELEMETRY.addHandler(problems);
    OPEN_TELEMETRY.setUseParentHandlers(false);
    return problems;
  }

  /** The first problem reported, as one line: the SDK's message and the exception's, if it had one. */
  Optional<String> first() {
    return Optional.ofNullable(first.get());
  }

  @Override
  public void publish(LogRecord record) {
    if (isLoggable(record)) {
      Throwable thrown = record.getThrown();
      String cause = thrown == null ? "" : " (" + thrown.getClass().getSimpleName()
          + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()) + ")";
      first.compareAndSet(null, new SimpleFormatter().formatMessage(record) + cause);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    OPEN_TELEMETRY.removeHandler(this);
    OPEN_TELEMETRY.setUseParentHandlers(parentHandlers);
  }
}
