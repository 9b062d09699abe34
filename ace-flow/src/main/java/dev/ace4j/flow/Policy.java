package dev.ace4j.flow;

/**
 * Wraps how a step runs without changing what it does: {@link Retry}, {@link Timeout}, {@link CircuitBreaker}.
 * Like an OkHttp interceptor, a policy gets the input and the rest of the chain, and decides how and whether to
 * call it. Policies are immutable and shared; per-run state lives on the stack, per-policy state (a breaker's
 * state) inside the policy.
 */
public interface Policy {

  /**
   * Runs {@code next} under this policy.
   *
   * @param next the rest of the chain: inner policies, then the step itself
   * @param context the run's context; its span is the step's span, where the policy records events
   */
  <I, O> O execute(I input, Context context, Step<I, O> next) throws Exception;
}
