package dev.ace4j.flow;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ace4j.flow.internal.Telemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retries: attempts, backoff, what is retried, cancellation and deadlines, and what the span and metrics show. */
class RetryTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private final AtomicInteger attempts = new AtomicInteger();
  private Flow flow;

  @BeforeEach
  void start() {
    flow = Flow.builder().openTelemetry(otel.getOpenTelemetry()).build();
  }

  @AfterEach
  void stop() {
    flow.close();
  }

  /** A step that fails with {@code failure(n)} on its first {@code failures} attempts, then returns "ok". */
  private Step<String, String> failing(int failures) {
    return Step.of("fetch", (input, context) -> {
      int attempt = attempts.incrementAndGet();
      if (attempt <= failures) {
        throw new IOException("attempt " + attempt);
      }
      return "ok";
    });
  }

  /** A step that always fails, noting when each attempt starts and fails, to measure the waits between them. */
  private final class Timed {
    private final List<long[]> attemptTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final int failures;

    Timed(int failures) {
      this.failures = failures;
    }

    Step<String, String> step() {
      return Step.of("fetch", (input, context) -> {
        long started = System.nanoTime();
        int attempt = attempts.incrementAndGet();
        attemptTimes.add(new long[] {started, System.nanoTime()});
        if (attempt <= failures) {
          throw new IOException("attempt " + attempt);
        }
        return "ok";
      });
    }

    /** The time from each failed attempt's end to the next attempt's start, as measured in the step. */
    List<Duration> waits() {
      List<Duration> waits = new java.util.ArrayList<>();
      for (int i = 1; i < attemptTimes.size(); i++) {
        waits.add(Duration.ofNanos(attemptTimes.get(i)[0] - attemptTimes.get(i - 1)[1]));
      }
      return waits;
    }
  }

  private static Retry.Builder quick() {
    return Retry.builder().delay(Duration.ofMillis(1)).jitter(0);
  }

  private SpanData onlySpan() {
    assertThat(otel.getSpans()).hasSize(1);
    return otel.getSpans().get(0);
  }

  private List<EventData> retryEvents() {
    return onlySpan().getEvents().stream().filter(e -> e.getName().equals("retry")).toList();
  }

  @Test
  void succeedsOnTheThirdAttemptAfterTwoRetries() throws Exception {
    String result = flow.run(failing(2).with(quick().maxAttempts(3).build()), "in");

    assertThat(result).isEqualTo("ok");
    assertThat(onlySpan()).hasName("fetch").hasAttribute(Retry.ATTEMPTS, 3L);
    assertThat(retryEvents()).satisfiesExactly(
        first -> assertThat(first).hasAttributesSatisfying(attributes -> assertThat(attributes)
            .containsEntry(Retry.ATTEMPT, 1L)
            .containsEntry(Retry.EXCEPTION_TYPE, IOException.class.getName())
            .containsEntry(Retry.EXCEPTION_MESSAGE, "attempt 1")),
        second -> assertThat(second).hasAttributesSatisfying(attributes -> assertThat(attributes)
            .containsEntry(Retry.ATTEMPT, 2L)
            .containsEntry(Retry.EXCEPTION_MESSAGE, "attempt 2")));
    assertThat(otel.getMetrics()).anySatisfy(metric -> assertThat(metric).hasName("ace.flow.retries")
        .hasLongSumSatisfying(sum -> sum.hasPointsSatisfying(
            point -> point.hasValue(2).hasAttributes(Attributes.of(Telemetry.STEP, "fetch")))));
  }

  @Test
  void rethrowsTheLastFailureWithTheEarlierOnesSuppressedWhenExhausted() {
    Throwable thrown = catchThrowable(() -> flow.run(failing(5).with(quick().maxAttempts(3).build()), "in"));

    assertThat(thrown).isExactlyInstanceOf(IOException.class).hasMessage("attempt 3");
    assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("attempt 1", "attempt 2");
    assertThat(onlySpan()).hasAttribute(Retry.ATTEMPTS, 3L);
    assertThat(retryEvents()).hasSize(2);
  }

  @Test
  void rethrowsACheckedFailureAsItselfRatherThanWrapped() {
    class QuotaExceeded extends Exception {
      private static final long serialVersionUID = 1L;
    }
    QuotaExceeded quota = new QuotaExceeded();
    Step<String, String> step = Step.of("fetch", (input, context) -> {
      throw quota;
    });

    assertThatThrownBy(() -> flow.run(step.with(quick().maxAttempts(2).build()), "in")).isSameAs(quota);
  }

  @Test
  void doesNotRetryAFailureTheRetryOnPredicateRefuses() {
    Retry onlyTimeouts = quick().maxAttempts(3).retryOn(e -> e instanceof StepTimeoutException).build();

    assertThatThrownBy(() -> flow.run(failing(5).with(onlyTimeouts), "in")).hasMessage("attempt 1");
    assertThat(attempts).hasValue(1);
    assertThat(retryEvents()).isEmpty();
    assertThat(otel.getMetrics()).noneSatisfy(metric -> assertThat(metric).hasName("ace.flow.retries"));
  }

  @Test
  void neverRetriesCancellationEvenWhenThePredicateAcceptsEverything() {
    Step<String, String> cancelled = Step.of("fetch", (input, context) -> {
      attempts.incrementAndGet();
      throw new StepCancelledException("stopped by the user");
    });

    assertThatThrownBy(() -> flow.run(cancelled.with(quick().maxAttempts(3).retryOn(e -> true).build()), "in"))
        .isInstanceOf(StepCancelledException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void waitsADelayMultipliedAfterEachRetryUntilItReachesTheCap() {
    Retry backoff = Retry.builder().maxAttempts(5).delay(Duration.ofMillis(20)).multiplier(2)
        .maxDelay(Duration.ofMillis(80)).jitter(0).build();
    Timed step = new Timed(10);

    assertThatThrownBy(() -> flow.run(step.step().with(backoff), "in")).isExactlyInstanceOf(IOException.class)
        .hasMessage("attempt 5");

    assertThat(retryEvents()).extracting(e -> e.getAttributes().get(Retry.DELAY_MS))
        .containsExactly(20L, 40L, 80L, 80L);
    // Lower bounds only: a busy machine may wait longer, never shorter.
    List<Duration> waits = step.waits();
    assertThat(waits).hasSize(4);
    assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    assertThat(waits.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    assertThat(waits.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
    assertThat(waits.get(3)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
  }

  @Test
  void keepsJitteredDelaysWithinTheJitterFactorAndUnderTheCap() {
    Retry jittered = Retry.builder().maxAttempts(8).delay(Duration.ofMillis(4)).multiplier(2)
        .maxDelay(Duration.ofMillis(8)).jitter(0.5).build();

    assertThatThrownBy(() -> flow.run(failing(10).with(jittered), "in")).isExactlyInstanceOf(IOException.class)
        .hasMessage("attempt 8");

    List<Long> delays = retryEvents().stream().map(e -> e.getAttributes().get(Retry.DELAY_MS)).toList();
    assertThat(delays).hasSize(7);
    assertThat(delays.get(0)).isBetween(2L, 6L);
    assertThat(delays).allSatisfy(delay -> assertThat(delay).isBetween(2L, 8L));
  }

  /**
   * Failsafe's jitter takes no seed, so this asks for a spread that uniform jitter of ±5 ms gives all but never:
   * 16 delays of 10 ms ± 50% all falling within 2 ms of each other has a chance far below one in a million.
   */
  @Test
  void spreadsTheWaitsAcrossTheJitterRangeAndWaitsEachOneOut() {
    Retry jittered = Retry.builder().maxAttempts(17).delay(Duration.ofMillis(10)).multiplier(1).jitter(0.5).build();
    Timed step = new Timed(100);

    assertThatThrownBy(() -> flow.run(step.step().with(jittered), "in")).isExactlyInstanceOf(IOException.class)
        .hasMessage("attempt 17");

    List<Long> delays = retryEvents().stream().map(e -> e.getAttributes().get(Retry.DELAY_MS)).toList();
    assertThat(delays).hasSize(16).allSatisfy(delay -> assertThat(delay).isBetween(5L, 15L));
    LongSummaryStatistics spread = delays.stream().mapToLong(Long::longValue).summaryStatistics();
    assertThat(spread.getMax() - spread.getMin()).as("spread of the delays %s", delays).isGreaterThanOrEqualTo(2);
    assertThat(new java.util.HashSet<>(delays)).as("distinct delays of %s", delays).hasSizeGreaterThanOrEqualTo(3);
    List<Duration> waits = step.waits();
    for (int i = 0; i < delays.size(); i++) {
      assertThat(waits.get(i)).as("wait %d, after a delay of %d ms", i + 1, delays.get(i))
          .isGreaterThanOrEqualTo(Duration.ofMillis(delays.get(i)));
    }
  }

  @Test
  void stopsWaitingForTheNextAttemptWhenTheWorkflowIsCancelled() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    Step<String, String> step = Step.of("fetch", (input, context) -> {
      attempts.incrementAndGet();
      failed.countDown();
      throw new IOException("down");
    });
    Retry patient = Retry.builder().maxAttempts(3).delay(Duration.ofSeconds(30)).build();
    Context context = flow.newContext();
    Thread canceller = new Thread(() -> {
      try {
        failed.await();
        context.cancellation().cancel("user pressed stop");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    canceller.start();

    long start = System.nanoTime();
    Throwable thrown = catchThrowable(() -> context.run(step.with(patient), "in"));

    assertThat(thrown).isInstanceOf(StepCancelledException.class).hasMessageContaining("user pressed stop");
    assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("down");
    assertThat(attempts).hasValue(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    canceller.join();
  }

  @Test
  void givesUpAtOnceWhenTheNextAttemptWouldStartAfterTheDeadline() {
    Retry patient = Retry.builder().maxAttempts(3).delay(Duration.ofSeconds(30)).build();
    long start = System.nanoTime();

    Throwable thrown = catchThrowable(
        () -> flow.newContext().withTimeout(Duration.ofSeconds(5)).run(failing(5).with(patient), "in"));

    assertThat(thrown).isExactlyInstanceOf(IOException.class).hasMessage("attempt 1");
    assertThat(attempts).hasValue(1);
    assertThat(onlySpan().getEvents()).extracting(EventData::getName)
        .contains("retry.abandoned").doesNotContain("retry");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void retriesOnlyTheHandledFailureTypes() {
    Step<String, String> step = Step.of("fetch", (input, context) -> {
      int attempt = attempts.incrementAndGet();
      throw attempt == 1 ? new IOException("flaky") : new IllegalStateException("broken");
    });

    Throwable thrown = catchThrowable(
        () -> flow.run(step.with(quick().maxAttempts(5).handle(IOException.class).build()), "in"));

    assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class).hasMessage("broken");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void abortsAtOnceOnAFailureTypeItAbortsOnEvenWhenRetryOnAcceptsIt() {
    class KeyRejected extends IOException {
      private static final long serialVersionUID = 1L;
    }
    Step<String, String> step = Step.of("fetch", (input, context) -> {
      attempts.incrementAndGet();
      throw new KeyRejected();
    });
    Retry retry = quick().maxAttempts(4).retryOn(e -> true).abortOn(KeyRejected.class).build();

    assertThatThrownBy(() -> flow.run(step.with(retry), "in")).isInstanceOf(KeyRejected.class);
    assertThat(attempts).hasValue(1);
    assertThat(retryEvents()).isEmpty();
  }

  /** A failure that says how long to wait, as an HTTP 429 with Retry-After does. */
  static final class SlowDown extends IOException {
    private static final long serialVersionUID = 1L;
    final Duration wait;

    SlowDown(Duration wait) {
      super("slow down for " + wait.toMillis() + " ms");
      this.wait = wait;
    }
  }

  @Test
  void waitsTheDelayTheDelayFunctionComputesFromTheFailureInsteadOfTheBackoff() throws Exception {
    List<Long> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
    Step<String, String> step = Step.of("fetch", (input, context) -> {
      starts.add(System.nanoTime());
      if (attempts.incrementAndGet() == 1) {
        throw new SlowDown(Duration.ofMillis(300));
      }
      return "ok";
    });
    Retry retry = quick().maxAttempts(2).delayFnOn(SlowDown.class, slow -> java.util.Optional.of(slow.wait))
        .build();

    assertThat(flow.run(step.with(retry), "in")).isEqualTo("ok");

    assertThat(Duration.ofNanos(starts.get(1) - starts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(retryEvents()).extracting(e -> e.getAttributes().get(Retry.DELAY_MS)).containsExactly(300L);
  }

  @Test
  void keepsTheBackoffWhenTheDelayFunctionHasNoWaitOrTheFailureIsOfAnotherType() {
    Step<String, String> step = Step.of("fetch", (input, context) -> {
      int attempt = attempts.incrementAndGet();
      throw attempt == 1 ? new SlowDown(Duration.ofSeconds(30)) : new IOException("other");
    });
    Retry retry = Retry.builder().maxAttempts(3).delay(Duration.ofMillis(2)).multiplier(1).jitter(0)
        .delayFnOn(SlowDown.class, slow -> java.util.Optional.<Duration>empty()).build();

    assertThatThrownBy(() -> flow.run(step.with(retry), "in")).isExactlyInstanceOf(IOException.class)
        .hasMessage("other");

    assertThat(retryEvents()).extracting(e -> e.getAttributes().get(Retry.DELAY_MS)).containsExactly(2L, 2L);
  }

  @Test
  void givesUpAtOnceWhenTheComputedDelayEndsAfterTheDeadline() {
    Step<String, String> step = Step.of("fetch", (input, context) -> {
      attempts.incrementAndGet();
      throw new SlowDown(Duration.ofSeconds(30));
    });
    Retry retry = quick().maxAttempts(3).delayFnOn(SlowDown.class, slow -> java.util.Optional.of(slow.wait))
        .build();
    long start = System.nanoTime();

    Throwable thrown = catchThrowable(
        () -> flow.newContext().withTimeout(Duration.ofSeconds(5)).run(step.with(retry), "in"));

    assertThat(thrown).isInstanceOf(SlowDown.class);
    assertThat(attempts).hasValue(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void tellsTheListenerOfEachRetryOnceWithItsAttemptDelayAndFailure() {
    List<Retry.Scheduled> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    Retry retry = Retry.builder().maxAttempts(3).delay(Duration.ofMillis(3)).multiplier(1).jitter(0)
        .onRetryScheduled(heard::add).build();

    assertThatThrownBy(() -> flow.run(failing(5).with(retry), "in")).isExactlyInstanceOf(IOException.class)
        .hasMessage("attempt 3");

    assertThat(heard).extracting(Retry.Scheduled::step, Retry.Scheduled::nextAttempt, Retry.Scheduled::maxAttempts,
            Retry.Scheduled::delay, scheduled -> scheduled.failure().getMessage())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fetch", 2, 3, Duration.ofMillis(3), "attempt 1"),
            org.assertj.core.groups.Tuple.tuple("fetch", 3, 3, Duration.ofMillis(3), "attempt 2"));
  }

  @Test
  void aListenerThatThrowsDoesNotStopTheRetry() throws Exception {
    Retry retry = quick().maxAttempts(2).onRetryScheduled(scheduled -> {
      throw new IllegalStateException("progress stream closed");
    }).build();

    assertThat(flow.run(failing(1).with(retry), "in")).isEqualTo("ok");
    assertThat(onlySpan().getEvents()).extracting(EventData::getName).contains("retry", "exception");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void rejectsAnAttemptCountBelowOne(int maxAttempts) {
    assertThatThrownBy(() -> Retry.builder().maxAttempts(maxAttempts).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, got " + maxAttempts);
  }

  @Test
  void rejectsANegativeDelay() {
    assertThatThrownBy(() -> Retry.builder().delay(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative, got PT-0.001S");
  }

  @Test
  void rejectsAMaxDelayShorterThanTheDelay() {
    assertThatThrownBy(() -> Retry.builder().delay(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must be at least delay (PT2S), got PT1S");
  }

  @Test
  void rejectsAMultiplierBelowOne() {
    assertThatThrownBy(() -> Retry.builder().multiplier(0.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must be at least 1, got 0.5");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.5, Double.NaN})
  void rejectsJitterOutsideZeroToOne(double jitter) {
    assertThatThrownBy(() -> Retry.builder().jitter(jitter).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jitter must be between 0 and 1, got " + jitter);
  }
}
