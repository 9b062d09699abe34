package dev.ace4j.flow;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cache: hits and misses, expiry by the flow's clock, LRU eviction, failures, and what it records. */
class CacheTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final Duration TTL = Duration.ofMinutes(10);

  private final ManualClock clock = new ManualClock();
  private final List<String> computed = new CopyOnWriteArrayList<>();
  private final Step<String, String> upper = Step.of("upper", (input, context) -> {
    computed.add(input);
    return input.toUpperCase();
  });
  private Flow flow;

  @BeforeEach
  void start() {
    flow = Flow.builder().openTelemetry(otel.getOpenTelemetry()).clock(clock).build();
  }

  @AfterEach
  void stop() {
    flow.close();
  }

  @Test
  void runsTheStepOnAMissAndAnswersLaterRunsFromTheCache() throws Exception {
    Cache<String, String> cache = cache(10);
    Step<String, String> cached = cache.wrap(upper);

    assertThat(flow.run(cached, "a")).isEqualTo("A");
    assertThat(flow.run(cached, "a")).isEqualTo("A");
    assertThat(flow.run(cached, "b")).isEqualTo("B");

    assertThat(computed).containsExactly("a", "b");
    assertThat(cache.stats()).isEqualTo(new Cache.Stats(1, 2, 0));
  }

  @Test
  void marksEachRunsSpanAsAHitOrAMiss() throws Exception {
    Step<String, String> cached = cache(10).wrap(upper);

    flow.run(cached, "a");
    flow.run(cached, "a");

    assertThat(otel.getSpans()).extracting(SpanData::getName).containsExactly("upper", "upper");
    assertThat(otel.getSpans()).extracting(s -> s.getAttributes().get(AttributeKey.booleanKey("ace.flow.cache.hit")))
        .containsExactly(false, true);
  }

  @Test
  void countsHitsAndMissesAsMetricsPerStep() throws Exception {
    Step<String, String> cached = cache(10).wrap(upper);

    flow.run(cached, "a");
    flow.run(cached, "a");
    flow.run(cached, "a");

    assertThat(count("ace.flow.cache.hits")).isEqualTo(2);
    assertThat(count("ace.flow.cache.misses")).isEqualTo(1);
  }

  @Test
  void expiresAnEntryOnceItsTimeToLiveHasPassedByTheFlowsClock() throws Exception {
    Step<String, String> cached = cache(10).wrap(upper);
    flow.run(cached, "a");

    clock.advance(TTL.minusMillis(1));
    flow.run(cached, "a");
    clock.advance(Duration.ofMillis(1));
    flow.run(cached, "a");

    assertThat(computed).containsExactly("a", "a");
  }

  @Test
  void evictsTheLeastRecentlyUsedEntryWhenFull() throws Exception {
    Cache<String, String> cache = cache(2);
    Step<String, String> cached = cache.wrap(upper);
    flow.run(cached, "a");
    flow.run(cached, "b");
    flow.run(cached, "a");

    flow.run(cached, "c");
    computed.clear();
    flow.run(cached, "a");
    flow.run(cached, "c");
    flow.run(cached, "b");

    assertThat(computed).containsExactly("b");
    assertThat(cache.stats().evictions()).isEqualTo(2);
  }

  @Test
  void dropsExpiredEntriesBeforeLiveOnesWhenFull() throws Exception {
    Cache<String, String> cache = cache(2);
    Step<String, String> cached = cache.wrap(upper);
    flow.run(cached, "old");
    clock.advance(TTL.minusMinutes(1));
    flow.run(cached, "recent");
    flow.run(cached, "old");
    clock.advance(Duration.ofMinutes(1));

    flow.run(cached, "new");
    computed.clear();
    flow.run(cached, "recent");

    assertThat(computed).isEmpty();
    assertThat(cache.stats().evictions()).isZero();
  }

  @Test
  void doesNotCacheFailures() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    Step<String, String> flaky = Step.of("flaky", (input, context) -> {
      calls.add(input);
      if (calls.size() == 1) {
        throw new IllegalStateException("first call fails");
      }
      return "ok";
    });
    Cache<String, String> cache = cache(10);
    Step<String, String> cached = cache.wrap(flaky);

    assertThatThrownBy(() -> flow.run(cached, "a")).isInstanceOf(IllegalStateException.class);
    assertThat(flow.run(cached, "a")).isEqualTo("ok");
    assertThat(flow.run(cached, "a")).isEqualTo("ok");

    assertThat(calls).hasSize(2);
    assertThat(cache.stats()).isEqualTo(new Cache.Stats(1, 2, 0));
  }

  @Test
  void identifiesInputsByTheKeyFunction() throws Exception {
    Step<String, String> cached = Cache.<String, String>builder().ttl(TTL).maxSize(10).key(String::toLowerCase)
        .build().wrap(upper);

    assertThat(flow.run(cached, "Hello")).isEqualTo("HELLO");
    assertThat(flow.run(cached, "hELLO")).isEqualTo("HELLO");
    assertThat(computed).containsExactly("Hello");
  }

  @Test
  void runsTheStepOnceForConcurrentMissesOfOneKey() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Step<String, String> slow = Step.of("slow", (input, context) -> {
      computed.add(input);
      running.countDown();
      assertThat(release.await(10, SECONDS)).isTrue();
      return input.toUpperCase();
    });
    Cache<String, String> cache = cache(10);
    Step<String, String> cached = cache.wrap(slow);

    FutureTask<String> first = inBackground(() -> flow.run(cached, "a"));
    assertThat(running.await(10, SECONDS)).isTrue();
    FutureTask<String> second = new FutureTask<>(() -> flow.run(cached, "a"));
    Thread secondCaller = new Thread(second, "second-caller");
    secondCaller.setDaemon(true);
    secondCaller.start();
    awaitBlocked(secondCaller);
    release.countDown();

    assertThat(first.get(10, SECONDS)).isEqualTo("A");
    assertThat(second.get(10, SECONDS)).isEqualTo("A");
    assertThat(computed).containsExactly("a");
    assertThat(cache.stats()).isEqualTo(new Cache.Stats(1, 1, 0));
  }

  @Test
  void rejectsANonPositiveTimeToLiveAndASizeBelowOne() {
    assertThatThrownBy(() -> Cache.builder().ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> Cache.builder().ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> Cache.builder().maxSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSize must be at least 1");
  }

  @Test
  void requiresATimeToLiveAndAMaximumSize() {
    assertThatThrownBy(() -> Cache.builder().maxSize(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ttl is required");
    assertThatThrownBy(() -> Cache.builder().ttl(TTL).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxSize is required");
  }

  private static Cache<String, String> cache(int maxSize) {
    return Cache.<String, String>builder().ttl(TTL).maxSize(maxSize).build();
  }

  private static long count(String metric) {
    MetricData data = otel.getMetrics().stream().filter(m -> m.getName().equals(metric)).findFirst().orElseThrow();
    assertThat(data.getLongSumData().getPoints()).extracting(LongPointData::getAttributes)
        .containsOnly(Attributes.of(AttributeKey.stringKey("ace.flow.step"), "upper"));
    return data.getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum();
  }

  /**
   * Waits until {@code thread} blocks: in the cache waiting for the first caller, or (were the cache to run the step
   * again) in the step.
   */
  private static void awaitBlocked(Thread thread) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("second caller never blocked").isLessThan(giveUp);
      Thread.sleep(1);
    }
  }

  private static <T> FutureTask<T> inBackground(Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, "test-caller");
    thread.setDaemon(true);
    thread.start();
    return task;
  }

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("fixed to UTC");
    }
  }
}
