package dev.ace4j.flow;

import dev.ace4j.flow.internal.Telemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs workflows: makes each run's root {@link Context} with the OpenTelemetry instance, the executor for
 * parallel branches and timeouts, and the clock.
 *
 * <pre>{@code
 * Flow flow = Flow.builder().openTelemetry(openTelemetry).build();
 * String answer = flow.run(fetch.then(parse).with(retry), request);
 * }</pre>
 *
 * <p>The library depends on the OpenTelemetry API only; without {@link Builder#openTelemetry} it is a no-op.
 */
public final class Flow implements AutoCloseable {
  private final Telemetry telemetry;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final Clock clock;

  private Flow(Builder builder) {
    this.telemetry = new Telemetry(builder.openTelemetry);
    ExecutorService given = builder.executor;
    this.ownsExecutor = given == null;
    this.executor = given == null ? Executors.newCachedThreadPool(daemonThreads()) : given;
    this.clock = builder.clock;
  }

  /** A flow with no-op telemetry and its own thread pool. */
  public static Flow create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs {@code step} on {@code input} as a new workflow. */
  public <I, O> O run(Step<I, O> step, I input) throws Exception {
    return newContext().run(step, input);
  }

  /** {@link #run} without checked failures, as {@link Context#call} does it. */
  public <I, O> O call(Step<I, O> step, I input) {
    return newContext().call(step, input);
  }

  /**
   * A new workflow's root context, to set a deadline, a correlation id or attributes before running:
   * {@code flow.newContext().withTimeout(Duration.ofSeconds(30)).run(step, input)}.
   */
  public Context newContext() {
    return Context.root(null, telemetry, executor, clock);
  }

  /** A new workflow's root context that carries an outside correlation id (a request id, a task id). */
  public Context newContext(String correlationId) {
    if (correlationId == null || correlationId.isBlank()) {
      throw new IllegalArgumentException("correlationId must not be blank");
    }
    return Context.root(correlationId, telemetry, executor, clock);
  }

  /** Stops the flow's own thread pool (not one passed in). */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "ace4j-flow-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Configures a {@link Flow}; not thread-safe. */
  public static final class Builder {
    private OpenTelemetry openTelemetry = OpenTelemetry.noop();
    private @Nullable ExecutorService executor;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Where spans and metrics go. Default: no-op. */
    public Builder openTelemetry(OpenTelemetry value) {
      this.openTelemetry = Objects.requireNonNull(value, "openTelemetry");
      return this;
    }

    /** Threads for parallel branches and timeouts. Default: a cached pool of daemon threads, closed with the flow. */
    public Builder executor(ExecutorService value) {
      this.executor = Objects.requireNonNull(value, "executor");
      return this;
    }

    /** The clock for deadlines and cache expiry. Default: the system clock. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Flow build() {
      return new Flow(this);
    }
  }
}
