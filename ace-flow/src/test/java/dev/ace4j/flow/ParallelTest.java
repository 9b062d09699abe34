package dev.ace4j.flow;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Parallel groups: results, concurrency and its bound, cancellation of siblings, spans across threads. */
class ParallelTest {
  @RegisterExtension
  static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  /** Long enough never to be reached on a loaded machine; only a broken test waits this long. */
  private static final long PATIENCE = 10;

  private Flow flow;

  @BeforeEach
  void start() {
    flow = Flow.builder().openTelemetry(otel.getOpenTelemetry()).build();
  }

  @AfterEach
  void stop() {
    flow.close();
  }

  @Test
  void allReturnsTheResultsInGroupOrderWhateverOrderTheyFinishIn() throws Exception {
    CountDownLatch lastDone = new CountDownLatch(1);
    Step<String, String> first = Step.of("first", (input, context) -> {
      assertThat(lastDone.await(PATIENCE, SECONDS)).isTrue();
      return input + 1;
    });
    Step<String, String> last = Step.of("last", (input, context) -> {
      lastDone.countDown();
      return input + 2;
    });

    assertThat(flow.run(Parallel.all("group", List.of(first, last)), "x")).containsExactly("x1", "x2");
  }

  @Test
  void allRunsTheBranchesConcurrently() throws Exception {
    CyclicBarrier allThree = new CyclicBarrier(3);
    Step<Integer, Integer> meet = Step.of("meet", (input, context) -> {
      allThree.await(PATIENCE, SECONDS);
      return input;
    });

    assertThat(flow.run(Parallel.all("group", List.of(meet, meet, meet)), 7)).containsExactly(7, 7, 7);
  }

  @Test
  void neverRunsMoreBranchesAtOnceThanTheBound() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Semaphore started = new Semaphore(0);
    Semaphore gate = new Semaphore(0);
    Step<Integer, Integer> held = Step.of("held", (input, context) -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      started.release();
      gate.acquire();
      inFlight.decrementAndGet();
      return input;
    });
    FutureTask<List<Integer>> group = inBackground(() -> flow.run(Parallel.all("group", 2, Collections.nCopies(6, held)), 1));

    assertThat(started.tryAcquire(2, PATIENCE, SECONDS)).isTrue();
    for (int i = 0; i < 4; i++) {
      gate.release();
      assertThat(started.tryAcquire(PATIENCE, SECONDS)).isTrue();
    }
    gate.release(2);

    assertThat(group.get(PATIENCE, SECONDS)).hasSize(6);
    assertThat(maxInFlight).hasValue(2);
  }

  @Test
  void theFirstFailureCancelsAndInterruptsTheSiblingsStillRunning() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicBoolean sawCancellation = new AtomicBoolean();
    Step<String, String> slow = Step.of("slow", (input, context) -> {
      blocked.countDown();
      try {
        new CountDownLatch(1).await();
        return input;
      } catch (InterruptedException e) {
        sawCancellation.set(context.cancellation().isCancelled());
        interrupted.countDown();
        throw e;
      }
    });
    Step<String, String> failing = Step.of("failing", (input, context) -> {
      assertThat(blocked.await(PATIENCE, SECONDS)).isTrue();
      throw new IllegalStateException("boom");
    });

    assertThatThrownBy(() -> flow.run(Parallel.all("group", List.of(slow, failing)), "x"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(interrupted.await(PATIENCE, SECONDS)).isTrue();
    assertThat(sawCancellation).isTrue();
  }

  @Test
  void allRethrowsTheFirstFailureAsItIs() {
    IllegalStateException boom = new IllegalStateException("boom");
    Step<String, String> failing = Step.of("failing", (input, context) -> {
      throw boom;
    });

    assertThatThrownBy(() -> flow.run(Parallel.all("group", List.of(failing, echo("ok"))), "x")).isSameAs(boom);
  }

  @Test
  void allStartsNoMoreBranchesAfterAFailure() {
    AtomicInteger ran = new AtomicInteger();
    Step<String, String> counted = Step.of("counted", (input, context) -> {
      ran.incrementAndGet();
      return input;
    });
    Step<String, String> failing = Step.of("failing", (input, context) -> {
      throw new IllegalStateException("boom");
    });

    assertThatThrownBy(() -> flow.run(Parallel.all("group", 1, List.of(failing, counted, counted)), "x"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(ran).hasValue(0);
  }

  @Test
  void firstSuccessReturnsTheFastBranchAndInterruptsTheSlowOne() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Step<String, String> slow = Step.of("slow", (input, context) -> {
      blocked.countDown();
      try {
        new CountDownLatch(1).await();
        return "slow";
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
    });
    Step<String, String> fast = Step.of("fast", (input, context) -> {
      assertThat(blocked.await(PATIENCE, SECONDS)).isTrue();
      return "fast";
    });

    assertThat(flow.run(Parallel.firstSuccess("hedged", List.of(slow, fast)), "x")).isEqualTo("fast");
    assertThat(interrupted.await(PATIENCE, SECONDS)).isTrue();
    assertThat(span("hedged").getAttributes().get(AttributeKey.stringKey("ace.flow.parallel.winner")))
        .isEqualTo("fast");
  }

  @Test
  void firstSuccessSkipsFailuresUntilABranchSucceeds() throws Exception {
    Step<String, String> failing = Step.of("failing", (input, context) -> {
      throw new IllegalStateException("boom");
    });

    assertThat(flow.run(Parallel.firstSuccess("hedged", 1, List.of(failing, failing, echo("ok"))), "x"))
        .isEqualTo("x");
  }

  @Test
  void firstSuccessThrowsTheLastFailureWithTheOthersSuppressedWhenAllFail() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalArgumentException b = new IllegalArgumentException("b");
    UnsupportedOperationException c = new UnsupportedOperationException("c");

    // One at a time, so that they fail in group order.
    Step<String, String> group = Parallel.firstSuccess("hedged", 1, List.of(failing("a", a), failing("b", b),
        failing("c", c)));

    assertThatThrownBy(() -> flow.run(group, "x")).isSameAs(c)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(a, b));
  }

  @Test
  void rejectsAnEmptyGroupWhenTheStepIsBuilt() {
    assertThatThrownBy(() -> Parallel.all("group", List.<Step<String, String>>of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps must not be empty");
    assertThatThrownBy(() -> Parallel.firstSuccess("group", 1, List.<Step<String, String>>of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps must not be empty");
  }

  @Test
  void rejectsAConcurrencyBoundBelowOneWhenTheStepIsBuilt() {
    assertThatThrownBy(() -> Parallel.all("group", 0, List.of(echo("a"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
    assertThatThrownBy(() -> Parallel.firstSuccess("group", -1, List.of(echo("a"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
  }

  @Test
  void branchSpansAreChildrenOfTheGroupSpanAlthoughTheyRunOnOtherThreads() throws Exception {
    Thread caller = Thread.currentThread();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    Step<String, String> where = Step.of("where", (input, context) -> {
      threads.add(Thread.currentThread());
      return input;
    });

    flow.run(Parallel.all("group", List.of(where, where.named("there"))), "x");

    assertThat(threads).hasSize(2).doesNotContain(caller);
    SpanData group = span("group");
    assertThat(span("where")).hasParent(group);
    assertThat(span("there")).hasParent(group);
    assertThat(group.getAttributes().get(AttributeKey.longKey("ace.flow.parallel.size"))).isEqualTo(2L);
  }

  @Test
  void cancellingTheWorkflowCancelsTheRunningBranches() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Step<String, String> slow = Step.of("slow", (input, context) -> {
      blocked.countDown();
      try {
        new CountDownLatch(1).await();
        return input;
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
    });
    Context workflow = flow.newContext();
    FutureTask<List<String>> group = inBackground(() -> workflow.run(Parallel.all("group", List.of(slow)), "x"));
    assertThat(blocked.await(PATIENCE, SECONDS)).isTrue();

    workflow.cancellation().cancel("user pressed stop");

    assertThat(interrupted.await(PATIENCE, SECONDS)).isTrue();
    assertThatThrownBy(() -> group.get(PATIENCE, SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(StepCancelledException.class).hasMessageContaining("user pressed stop");
  }

  private static Step<String, String> echo(String name) {
    return Step.of(name, (input, context) -> input);
  }

  private static Step<String, String> failing(String name, Exception failure) {
    return Step.of(name, (input, context) -> {
      throw failure;
    });
  }

  private static <T> FutureTask<T> inBackground(Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, "test-caller");
    thread.setDaemon(true);
    thread.start();
    return task;
  }

  private static SpanData span(String name) {
    return otel.getSpans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }
}
