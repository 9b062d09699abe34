package dev.ace4j.models.internal;

import dev.ace4j.flow.Cancellation;
import dev.ace4j.flow.Context;
import dev.ace4j.models.ModelException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes the next attempt of one call wait until the time a provider's {@code Retry-After} named. ace-flow's
 * {@code Retry} computes its own backoff and cannot take a per-failure delay, so this gate runs at the start of
 * every attempt, inside the retry and outside the timeout: the retry's backoff counts towards the wait, and the wait
 * does not count against the attempt's timeout. One gate per call; not shared between threads.
 */
public final class RetryAfterGate {
  static final AttributeKey<Long> WAIT_MS = AttributeKey.longKey("ace.models.retry_after.wait_ms");

  private final Duration longest;
  private Instant notBefore;

  /** A gate that waits at most {@code longest}, whatever a provider asks. */
  public RetryAfterGate(Duration longest) {
    this.longest = longest;
  }

  /** Notes the wait {@code failure} asked for, from {@code context}'s clock. */
  public void failed(ModelException failure, Context context) {
    failure.retryAfter().ifPresent(wait -> notBefore = context.clock().instant()
        .plus(wait.compareTo(longest) > 0 ? longest : wait));
  }

  /**
   * Waits until the time the last failure named, if any is left; records a {@code retry_after} event with the
   * wait. Wakes early and throws when the workflow is cancelled.
   */
  public void await(Context context) throws InterruptedException {
    if (notBefore == null) {
      return;
    }
    Duration wait = Duration.between(context.clock().instant(), notBefore);
    notBefore = null;
    if (wait.isNegative() || wait.isZero()) {
      return;
    }
    context.span().addEvent("retry_after", Attributes.of(WAIT_MS, wait.toMillis()));
    CountDownLatch cancelled = new CountDownLatch(1);
    Cancellation.Registration wake = context.cancellation().onCancel(cancelled::countDown);
    try {
      cancelled.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      wake.remove();
    }
    context.checkActive();
  }
}
