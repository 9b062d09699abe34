package dev.ace4j.flow;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timeouts: interrupting blocking work, the deadline, the fallback, and what the span shows. */
class TimeoutTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final Duration SHORT = Duration.ofMillis(50);

  private final AtomicBoolean interrupted = new AtomicBoolean();
  private Flow flow;

  @BeforeEach
  void start() {
    flow = Flow.builder().openTelemetry(otel.getOpenTelemetry()).build();
  }

  @AfterEach
  void stop() {
    flow.close();
  }

  /**
   * A step that waits on a queue nobody fills, noting whether it was interrupted. It gives up after 10 s so that a
   * timeout that fails to interrupt fails the test instead of hanging it.
   */
  private Step<String, String> blocking() {
    return Step.of("wait", (input, context) -> {
      try {
        return new LinkedBlockingQueue<String>().poll(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
    });
  }

  private SpanData span(String name) {
    return otel.getSpans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private static EventData event(SpanData span, String name) {
    return span.getEvents().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void interruptsBlockingWorkWhenTimeIsUp() {
    Throwable thrown = catchThrowable(() -> flow.run(blocking().with(Timeout.of(SHORT)), "in"));

    assertThat(thrown).isExactlyInstanceOf(StepTimeoutException.class)
        .hasMessageContaining("step 'wait'").hasMessageContaining("PT0.05S");
    assertThat(((StepTimeoutException) thrown).timeout()).isEqualTo(SHORT);
    assertThat(interrupted).isTrue();
  }

  @Test
  void freesTheThreadForTheNextRun() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      Future<Throwable> timedOut = single.submit(() -> catchThrowable(
          () -> flow.run(blocking().with(Timeout.of(SHORT)), "in")));
      assertThat(timedOut.get(10, TimeUnit.SECONDS)).isInstanceOf(StepTimeoutException.class);

      Future<String> next = single.submit(() -> flow.run(Step.of("next", (String input, Context context) -> {
        Thread.sleep(1);
        return input;
      }), "still usable"));
      assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("still usable");
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void recordsTheLimitAndTheTimeoutOnTheSpan() {
    assertThat(catchThrowable(() -> flow.run(blocking().with(Timeout.of(SHORT)), "in")))
        .isExactlyInstanceOf(StepTimeoutException.class);

    assertThat(span("wait")).hasAttribute(Timeout.TIMEOUT_MS, 50L);
    assertThat(event(span("wait"), "timeout")).hasAttributesSatisfying(attributes -> assertThat(attributes)
        .containsEntry(Timeout.TIMEOUT_MS, 50L).containsEntry(Timeout.CAUSE, "timeout"));
  }

  @Test
  void returnsTheResultOfWorkThatFinishesInTime() throws Exception {
    Step<String, String> quick = Step.of("quick", (input, context) -> input.toUpperCase());

    assertThat(flow.run(quick.with(Timeout.of(Duration.ofSeconds(5))), "done")).isEqualTo("DONE");
    assertThat(span("quick").getEvents()).extracting(EventData::getName).doesNotContain("timeout");
  }

  @Test
  void stopsAtTheWorkflowDeadlineWhenItComesFirst() {
    long start = System.nanoTime();

    Throwable thrown = catchThrowable(() -> flow.newContext().withTimeout(Duration.ofMillis(100))
        .run(blocking().with(Timeout.of(Duration.ofSeconds(30))), "in"));

    assertThat(thrown).isExactlyInstanceOf(StepCancelledException.class).hasMessageContaining("deadline");
    assertThat(interrupted).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(span("wait").getAttributes().get(Timeout.TIMEOUT_MS)).isBetween(1L, 100L);
    assertThat(event(span("wait"), "timeout")).hasAttributesSatisfying(
        attributes -> assertThat(attributes).containsEntry(Timeout.CAUSE, "deadline"));
  }

  @Test
  void keepsItsOwnLimitWhenTheDeadlineIsLater() {
    Throwable thrown = catchThrowable(() -> flow.newContext().withTimeout(Duration.ofSeconds(30))
        .run(blocking().with(Timeout.of(SHORT)), "in"));

    assertThat(thrown).isExactlyInstanceOf(StepTimeoutException.class);
    assertThat(span("wait")).hasAttribute(Timeout.TIMEOUT_MS, 50L);
  }

  @Test
  void runsTheFallbackOnTheSameInputWhenTheStepTimesOut() throws Exception {
    Step<String, String> cached = Step.of("cached", (input, context) -> "cached " + input);

    String result = flow.run(Timeout.withFallback(blocking(), SHORT, cached), "answer");

    assertThat(result).isEqualTo("cached answer");
    assertThat(interrupted).isTrue();
    assertThat(span("cached")).hasParent(span("wait"));
    assertThat(event(span("wait"), "timeout.fallback")).hasAttributesSatisfying(
        attributes -> assertThat(attributes).containsEntry(Timeout.FALLBACK_STEP, "cached"));
  }

  @Test
  void leavesFailuresOtherThanTheTimeoutToPropagatePastTheFallback() {
    Step<String, String> broken = Step.of("broken", (input, context) -> {
      throw new IllegalStateException("bad input");
    });
    AtomicInteger fallbacks = new AtomicInteger();
    Step<String, String> fallback = Step.of("fallback", (input, context) -> "n" + fallbacks.incrementAndGet());

    assertThatThrownBy(() -> flow.run(Timeout.withFallback(broken, Duration.ofSeconds(5), fallback), "in"))
        .isExactlyInstanceOf(IllegalStateException.class).hasMessage("bad input");
    assertThat(fallbacks).hasValue(0);
  }

  @Test
  void rethrowsACheckedFailureOfTheStepAsItself() {
    IOException refused = new IOException("connection refused");
    Step<String, String> step = Step.of("connect", (input, context) -> {
      throw refused;
    });

    assertThatThrownBy(() -> flow.run(step.with(Timeout.of(Duration.ofSeconds(5))), "in")).isSameAs(refused);
  }

  @Test
  void letsARetryAroundItRetryATimedOutAttempt() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Step<String, String> slowOnce = Step.of("slow once", (input, context) -> {
      if (attempts.incrementAndGet() == 1) {
        Thread.sleep(10_000);
      }
      return "ok";
    });
    Retry retry = Retry.builder().maxAttempts(2).delay(Duration.ZERO).build();

    assertThat(flow.run(slowOnce.with(retry, Timeout.of(SHORT)), "in")).isEqualTo("ok");
    assertThat(span("slow once")).hasAttribute(Retry.ATTEMPTS, 2L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1S"})
  void rejectsADurationThatIsNotPositive(String duration) {
    assertThatThrownBy(() -> Timeout.of(Duration.parse(duration)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive, got " + duration);
  }
}
