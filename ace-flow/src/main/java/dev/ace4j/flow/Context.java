package dev.ace4j.flow;

import dev.ace4j.flow.internal.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * What a step run knows about the workflow it belongs to: the workflow, correlation and causation ids,
 * attributes, a deadline, a cancellation token and the OpenTelemetry context (the current span). Immutable: the
 * {@code withX} methods and {@link #run} derive new contexts.
 *
 * <p>{@link #run} is the one way steps run: it opens the step's span as a child of this context's span, records
 * the step's duration and failures, and passes the step a context whose causation id is this run's id.
 */
public final class Context {
  static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("ace.flow.workflow_id");
  static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("ace.flow.correlation_id");
  static final AttributeKey<String> CAUSATION_ID = AttributeKey.stringKey("ace.flow.causation_id");
  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("ace.flow.run_id");

  private final String workflowId;
  private final String correlationId;
  private final String causationId;
  private final String runId;
  private final Map<String, Object> attributes;
  private final Optional<Instant> deadline;
  private final Cancellation cancellation;
  private final io.opentelemetry.context.Context otel;
  private final Telemetry telemetry;
  private final ExecutorService executor;
  private final Clock clock;

  private Context(String workflowId, String correlationId, String causationId, String runId,
      Map<String, Object> attributes, Optional<Instant> deadline, Cancellation cancellation,
      io.opentelemetry.context.Context otel, Telemetry telemetry, ExecutorService executor, Clock clock) {
    this.workflowId = workflowId;
    this.correlationId = correlationId;
    this.causationId = causationId;
    this.runId = runId;
    this.attributes = attributes;
    this.deadline = deadline;
    this.cancellation = cancellation;
    this.otel = otel;
    this.telemetry = telemetry;
    this.executor = executor;
    this.clock = clock;
  }

  static Context root(@Nullable String correlationId, Telemetry telemetry, ExecutorService executor, Clock clock) {
    String workflow = newId();
    return new Context(workflow, correlationId == null ? workflow : correlationId, "", workflow, Map.of(),
        Optional.empty(), Cancellation.create(), io.opentelemetry.context.Context.current(), telemetry, executor,
        clock);
  }

  /**
   * Runs {@code step} on {@code input} as a child of this context: a new span named after the step (parent: this
   * context's span), a new run id, this run's id as the child's causation id. Refuses to start when the workflow
   * is cancelled or past its deadline.
   *
   * @throws StepCancelledException when the workflow is cancelled or past its deadline
   */
  public <I, O> O run(Step<I, O> step, I input) throws Exception {
    checkActive();
    String childRun = newId();
    Span span = telemetry.tracer().spanBuilder(step.name()).setParent(otel).setSpanKind(step.spanKind())
        .setAttribute(WORKFLOW_ID, workflowId)
        .setAttribute(CORRELATION_ID, correlationId)
        .setAttribute(CAUSATION_ID, runId)
        .setAttribute(RUN_ID, childRun)
        .startSpan();
    Context child = new Context(workflowId, correlationId, runId, childRun, attributes, deadline, cancellation,
        otel.with(span), telemetry, executor, clock);
    long start = System.nanoTime();
    boolean failed = true;
    Scope scope = span.makeCurrent();
    try {
      O output = step.apply(input, child);
      failed = false;
      return output;
    } catch (Exception | Error e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      throw e;
    } finally {
      scope.close();
      telemetry.stepEnded(step.name(), System.nanoTime() - start, failed);
      span.end();
    }
  }

  /**
   * {@link #run} for callers that do not handle checked failures: unchecked failures and errors pass as they are,
   * an interruption restores the thread's interrupt flag and becomes a {@link StepCancelledException}, and any
   * other checked failure is wrapped once in a {@link StepFailedException}.
   *
   * @throws StepCancelledException when the workflow is cancelled, past its deadline, or the thread is interrupted
   */
  public <I, O> O call(Step<I, O> step, I input) {
    try {
      return run(step, input);
    } catch (RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      StepCancelledException cancelled = new StepCancelledException(step.name() + " was interrupted");
      cancelled.initCause(e);
      throw cancelled;
    } catch (Exception e) {
      throw new StepFailedException(step.name(), e);
    }
  }

  /**
   * Throws if the workflow was cancelled or its deadline has passed; long steps call it between pieces of work.
   *
   * @throws StepCancelledException naming the reason
   */
  public void checkActive() {
    if (cancellation.isCancelled()) {
      throw new StepCancelledException("workflow " + workflowId + " was cancelled: " + cancellation.reason());
    }
    if (deadline.isPresent() && !clock.instant().isBefore(deadline.get())) {
      throw new StepCancelledException("workflow " + workflowId + " passed its deadline " + deadline.get());
    }
  }

  /** The id shared by every run of one workflow. */
  public String workflowId() {
    return workflowId;
  }

  /** The id that ties this workflow to outside work (a request, a task); the workflow id unless given. */
  public String correlationId() {
    return correlationId;
  }

  /** The run id of the step run that started this one; empty at the root. */
  public String causationId() {
    return causationId;
  }

  /** This step run's own id. */
  public String runId() {
    return runId;
  }

  /** An attribute set on this context or an ancestor. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> attribute(String name, Class<T> type) {
    Object value = attributes.get(name);
    return type.isInstance(value) ? Optional.of((T) value) : Optional.empty();
  }

  public Map<String, Object> attributes() {
    return attributes;
  }

  /** A context with one more attribute, passed down to every step run from it. */
  public Context withAttribute(String name, Object value) {
    Map<String, Object> copy = new HashMap<>(attributes);
    copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new Context(workflowId, correlationId, causationId, runId, Map.copyOf(copy), deadline, cancellation, otel,
        telemetry, executor, clock);
  }

  /** When the workflow must be done by, if it has a deadline. */
  public Optional<Instant> deadline() {
    return deadline;
  }

  /** Time left before the deadline (zero when past it); empty without a deadline. */
  public Optional<Duration> remaining() {
    return deadline.map(d -> {
      Duration left = Duration.between(clock.instant(), d);
      return left.isNegative() ? Duration.ZERO : left;
    });
  }

  /** A context whose deadline is {@code at}, or the existing one if that is earlier. */
  public Context withDeadline(Instant at) {
    Instant effective = deadline.filter(d -> d.isBefore(at)).orElse(Objects.requireNonNull(at, "at"));
    return new Context(workflowId, correlationId, causationId, runId, attributes, Optional.of(effective),
        cancellation, otel, telemetry, executor, clock);
  }

  /** A context whose deadline is {@code timeout} from now (or the existing one if earlier). */
  public Context withTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return withDeadline(clock.instant().plus(timeout));
  }

  public Cancellation cancellation() {
    return cancellation;
  }

  /** A context with its own child cancellation token: cancelling it leaves this context's token alone. */
  public Context withChildCancellation() {
    return new Context(workflowId, correlationId, causationId, runId, attributes, deadline, cancellation.child(),
        otel, telemetry, executor, clock);
  }

  /**
   * A context for clean-up that must run even when this workflow is cancelled or past its deadline (saga
   * compensations): the same ids, attributes and span, but no deadline and a cancellation token of its own.
   */
  Context detached() {
    return new Context(workflowId, correlationId, causationId, runId, attributes, Optional.empty(),
        Cancellation.create(), otel, telemetry, executor, clock);
  }

  /** The current step run's span, for events and attributes. */
  public Span span() {
    return Span.fromContext(otel);
  }

  /** The OpenTelemetry context whose current span is this step run's. */
  public io.opentelemetry.context.Context otelContext() {
    return otel;
  }

  /** The workflow's executor, for steps that run work on other threads (parallel branches, timeouts). */
  public ExecutorService executor() {
    return executor;
  }

  /** The workflow's clock. */
  public Clock clock() {
    return clock;
  }

  /** ace-flow's instruments; for policies and composite steps of this module. */
  Telemetry telemetry() {
    return telemetry;
  }

  /**
   * A random id in UUID form. Ids only need to be unique, not unguessable: ThreadLocalRandom costs a few
   * nanoseconds where {@code UUID.randomUUID()}'s SecureRandom cost ~400 ns, most of a no-op step run.
   */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
