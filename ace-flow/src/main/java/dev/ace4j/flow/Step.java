package dev.ace4j.flow;

import io.opentelemetry.api.trace.SpanKind;
import java.util.List;
import java.util.Objects;

/**
 * A named unit of work from {@code I} to {@code O}: a model call, a sandbox run, a whole workflow. Steps compose
 * into bigger steps ({@link #then}, {@link Parallel#all}, {@link Steps#route}, {@link Fallback}, {@link Saga}),
 * take policies ({@link #with}) and caches ({@link Cache#wrap}); every run of a step through {@link Context#run} is
 * one OpenTelemetry span named after it.
 *
 * <p>A step is a value: immutable and safe to run from many threads at once.
 *
 * @param <I> what the step takes
 * @param <O> what it returns
 */
public interface Step<I, O> {

  /** The step's name: its span's name and the {@code ace.flow.step} attribute of its metrics. */
  String name();

  /**
   * Does the work. Called by {@link Context#run}, which opens the span; composite steps run their parts through
   * {@code context.run(part, input)} so each part gets its own span. Failures propagate as they are.
   *
   * @param context this run's context: ids, attributes, deadline, cancellation, the current span
   */
  O apply(I input, Context context) throws Exception;

  /** The work of a step, as a lambda. */
  @FunctionalInterface
  interface Body<I, O> {
    O apply(I input, Context context) throws Exception;
  }

  /** The kind of this step's spans: INTERNAL, or CLIENT for a call to another service (a model, an API). */
  default SpanKind spanKind() {
    return SpanKind.INTERNAL;
  }

  /** A step named {@code name} that does {@code body}. */
  static <I, O> Step<I, O> of(String name, Body<I, O> body) {
    return new Steps.Named<>(Steps.requireName(name), Objects.requireNonNull(body, "body"), SpanKind.INTERNAL);
  }

  /** The same work, its spans marked as calls to another service (span kind CLIENT). */
  default Step<I, O> asClient() {
    return new Steps.Named<>(name(), this::apply, SpanKind.CLIENT);
  }

  /** This step, then {@code next} on its result: one step whose parts run in order. */
  default <R> Step<I, R> then(Step<? super O, R> next) {
    return Steps.sequence(this, next);
  }

  /**
   * This step under policies, listed outer to inner as in Failsafe: {@code step.with(retry, breaker, timeout)} is
   * {@code retry(breaker(timeout(step)))}. The result keeps this step's name and runs as one span, in which the
   * policies record their events (attempts, retries, timeouts, breaker transitions).
   */
  default Step<I, O> with(Policy... policies) {
    return Steps.withPolicies(this, List.of(policies));
  }

  /** The same work under another name. */
  default Step<I, O> named(String newName) {
    return new Steps.Named<>(Steps.requireName(newName), this::apply, spanKind());
  }
}
