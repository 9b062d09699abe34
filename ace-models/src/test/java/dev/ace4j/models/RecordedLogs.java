package dev.ace4j.models;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of this module's tests: every logger is enabled at every level, and each event (its formatted
 * message and its exception's messages) goes to the recordings open at the time. LangChain4j logs through SLF4J, so
 * a test that promises "nothing logs the key" must see these lines; without a backend SLF4J drops them unseen.
 */
public final class RecordedLogs implements AutoCloseable {
  private static final List<RecordedLogs> OPEN = new CopyOnWriteArrayList<>();

  private final List<String> lines = new CopyOnWriteArrayList<>();

  private RecordedLogs() {}

  /** Records every SLF4J event from now until {@link #close}. */
  static RecordedLogs start() {
    RecordedLogs recording = new RecordedLogs();
    OPEN.add(recording);
    return recording;
  }

  /** The events recorded so far, one line each: level, logger, message, exception messages. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    OPEN.remove(this);
  }

  private static void publish(String line) {
    for (RecordedLogs recording : OPEN) {
      recording.lines.add(line);
    }
  }

  /** Found by SLF4J through {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}. */
  public static final class Provider implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private final ILoggerFactory loggers = RecordingLogger::new;

    @Override
    public ILoggerFactory getLoggerFactory() {
      return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
      return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
      return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }

    @Override
    public void initialize() {}
  }

  private static final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    RecordingLogger(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
        Throwable throwable) {
      StringBuilder line = new StringBuilder(level + " " + name + " "
          + MessageFormatter.basicArrayFormat(messagePattern, arguments));
      for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
        line.append(" | ").append(cause);
      }
      publish(line.toString());
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
