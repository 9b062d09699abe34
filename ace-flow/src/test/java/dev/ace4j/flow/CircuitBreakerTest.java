package dev.ace4j.flow;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Circuit breakers: opening, failing fast, the half-open probe, and the span events and gauge of transitions. */
class CircuitBreakerTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final Duration LONG = Duration.ofSeconds(30);
  private static final Duration COOL_DOWN = Duration.ofMillis(20);

  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicBoolean healthy = new AtomicBoolean();
  private Flow flow;

  @BeforeEach
  void start() {
    flow = Flow.builder().openTelemetry(otel.getOpenTelemetry()).build();
  }

  @AfterEach
  void stop() {
    flow.close();
  }

  /** A dependency that succeeds while {@link #healthy} and fails with an IOException otherwise. */
  private Step<String, String> dependency(CircuitBreaker breaker) {
    return Step.of("call", (String input, Context context) -> {
      calls.incrementAndGet();
      if (!healthy.get()) {
        throw new IOException("unavailable");
      }
      return "ok";
    }).with(breaker);
  }

  private Throwable call(Step<String, String> step) {
    return catchThrowable(() -> flow.run(step, "in"));
  }

  /** Opens {@code breaker} with failing calls, then waits out its delay. */
  private void openAndCoolDown(CircuitBreaker breaker, Step<String, String> step) throws InterruptedException {
    call(step);
    call(step);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    Thread.sleep(COOL_DOWN.toMillis() * 3);
    otel.clearSpans();
  }

  private List<String> transitions() {
    return otel.getSpans().stream().flatMap(span -> span.getEvents().stream())
        .map(EventData::getName).filter(name -> name.startsWith("breaker.")).toList();
  }

  private void assertGauge(long state) {
    assertThat(otel.getMetrics()).anySatisfy(metric -> assertThat(metric).hasName("ace.flow.breaker.state")
        .hasLongGaugeSatisfying(gauge -> gauge.hasPointsSatisfying(point -> point.hasValue(state)
            .hasAttributes(Attributes.of(AttributeKey.stringKey("ace.flow.breaker"), "sandbox")))));
  }

  @Test
  void opensAfterTheFailureThresholdAndRecordsItOnTheRunThatCausedIt() {
    CircuitBreaker breaker = CircuitBreaker.builder("sandbox").failureThreshold(2).delay(LONG).build();
    Step<String, String> step = dependency(breaker);

    call(step);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    call(step);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    List<SpanData> spans = otel.getSpans();
    assertThat(spans.get(0).getEvents()).extracting(EventData::getName).doesNotContain("breaker.open");
    assertThat(spans.get(1).getEvents()).filteredOn(e -> e.getName().equals("breaker.open")).singleElement()
        .satisfies(event -> assertThat(event).hasAttributesSatisfying(attributes -> assertThat(attributes)
            .containsEntry(CircuitBreaker.BREAKER, "sandbox")
            .containsEntry(CircuitBreaker.PREVIOUS_STATE, "closed")));
    assertGauge(2);
  }

  @Test
  void failsFastWhileOpenWithoutRunningTheStep() {
    CircuitBreaker breaker = CircuitBreaker.builder("sandbox").failureThreshold(2).delay(LONG).build();
    Step<String, String> step = dependency(breaker);
    call(step);
    call(step);
    otel.clearSpans();

    Throwable thrown = call(step);

    assertThat(thrown).isExactlyInstanceOf(CircuitOpenException.class)
        .hasMessageContaining("'sandbox'").hasMessageContaining("is open");
    assertThat(((CircuitOpenException) thrown).retryAfter()).isPositive().isLessThanOrEqualTo(LONG);
    assertThat(calls).hasValue(2);
    assertThat(otel.getSpans()).singleElement().satisfies(span -> assertThat(span)
        .hasAttribute(CircuitBreaker.STATE, "open").hasAttribute(CircuitBreaker.BREAKER, "sandbox"));
  }

  @Test
  void countsOnlyTheFailuresWithinTheWindowOfExecutions() {
    CircuitBreaker breaker = CircuitBreaker.builder("sandbox").failureThreshold(2, 3).delay(LONG).build();
    Step<String, String> step = dependency(breaker);

    for (boolean succeeds : new boolean[] {false, true, true, false}) {
      healthy.set(succeeds);
      call(step);
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    healthy.set(false);
    call(step);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void letsOnlyOneProbeThroughWhenHalfOpen() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.builder("sandbox").failureThreshold(2).delay(COOL_DOWN).build();
    openAndCoolDown(breaker, dependency(breaker));
    CountDownLatch probing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Step<String, String> slowProbe = Step.of("call", (String input, Context context) -> {
      probing.countDown();
      release.await();
      return "ok";
    }).with(breaker);

    CompletableFuture<String> probe = CompletableFuture.supplyAsync(() -> {
      try {
        return flow.run(slowProbe, "in");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, flow.newContext().executor());
    assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();
    Throwable second = call(slowProbe);
    release.countDown();

    assertThat(second).isExactlyInstanceOf(CircuitOpenException.class).hasMessageContaining("half-open");
    assertThat(probe.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
  }

  @Test
  void closesWhenTheProbeSucceeds() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.builder("sandbox").failureThreshold(2).delay(COOL_DOWN).build();
    Step<String, String> step = dependency(breaker);
    openAndCoolDown(breaker, step);
    healthy.set(true);

    assertThat(flow.run(step, "in")).isEqualTo("ok");

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(otel.getSpans()).singleElement().satisfies(span -> assertThat(span)
        .hasAttribute(CircuitBreaker.STATE, "half_open"));
    assertThat(transitions()).containsExactly("breaker.half_open", "breaker.closed");
    assertGauge(0);
  }

  @Test
  void reopensWhenTheProbeFails() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.builder("sandbox").failureThreshold(2).delay(COOL_DOWN).build();
    Step<String, String> step = dependency(breaker);
    openAndCoolDown(breaker, step);

    assertThat(call(step)).isExactlyInstanceOf(IOException.class);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(calls).hasValue(3);
    assertThat(transitions()).containsExactly("breaker.half_open", "breaker.open");
    assertGauge(2);
  }

  @Test
  void ignoresFailuresTheFailurePredicateDoesNotCount() {
    CircuitBreaker breaker = CircuitBreaker.builder("sandbox").failureThreshold(2).delay(LONG)
        .failOn(e -> !(e instanceof IOException)).build();
    Step<String, String> step = dependency(breaker);

    call(step);
    call(step);
    call(step);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(calls).hasValue(3);
  }

  @Test
  void doesNotCountCancellationAsAFailure() {
    CircuitBreaker breaker = CircuitBreaker.builder("sandbox").failureThreshold(1).delay(LONG).build();
    Step<String, String> cancelled = Step.of("call", (String input, Context context) -> {
      throw new StepCancelledException("stopped by the user");
    });

    call(cancelled.with(breaker));

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void rejectsABlankName() {
    assertThatThrownBy(() -> CircuitBreaker.builder(" ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("name must not be blank");
  }

  @Test
  void rejectsAFailureThresholdOfZero() {
    assertThatThrownBy(() -> CircuitBreaker.builder("sandbox").failureThreshold(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("failureThreshold must be at least 1, got 0");
  }

  @Test
  void rejectsAWindowSmallerThanTheFailureThreshold() {
    assertThatThrownBy(() -> CircuitBreaker.builder("sandbox").failureThreshold(3, 2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureThreshold executions must be at least the failures (3), got 2");
  }

  @Test
  void rejectsASuccessThresholdOfZero() {
    assertThatThrownBy(() -> CircuitBreaker.builder("sandbox").successThreshold(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("successThreshold must be at least 1, got 0");
  }

  @Test
  void rejectsANegativeDelay() {
    assertThatThrownBy(() -> CircuitBreaker.builder("sandbox").delay(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("delay must not be negative, got PT-1S");
  }
}
