package dev.ace4j.flow;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  @ParameterizedTest
  @EnumSource(Waiting.class)
  void returnsTheResultsInGroupOrderWhateverOrderTheyFinishIn(Waiting waiting) throws Exception {
    CountDownLatch lastDone = new CountDownLatch(1);
    Step<String, String> first = Step.of("first", (input, context) -> {
      assertThat(lastDone.await(PATIENCE, SECONDS)).isTrue();
      return input + 1;
    });
    Step<String, String> last = Step.of("last", (input, context) -> {
      lastDone.countDown();
      return input + 2;
    });

    assertThat(flow.run(waiting.group(2, List.of(first, last)), "x")).containsExactly("x1", "x2");
  }

  @ParameterizedTest
  @EnumSource(Waiting.class)
  void runsTheBranchesConcurrently(Waiting waiting) throws Exception {
    CyclicBarrier allThree = new CyclicBarrier(3);
    Step<String, String> meet = Step.of("meet", (input, context) -> {
      allThree.await(PATIENCE, SECONDS);
      return input;
    });

    assertThat(flow.run(waiting.group(3, List.of(meet, meet, meet)), "7")).containsExactly("7", "7", "7");
  }

  @ParameterizedTest
  @EnumSource(Waiting.class)
  void neverRunsMoreBranchesAtOnceThanTheBound(Waiting waiting) throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Semaphore started = new Semaphore(0);
    Semaphore gate = new Semaphore(0);
    Step<String, String> held = Step.of("held", (input, context) -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      started.release();
      gate.acquire();
      inFlight.decrementAndGet();
      return input;
    });
    FutureTask<List<String>> group = inBackground(() -> flow.run(waiting.group(2, Collections.nCopies(6, held)), "1"));

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
    Blocking slow = new Blocking();
    Step<String, String> failing = Step.of("failing", (input, context) -> {
      slow.awaitStart();
      throw new IllegalStateException("boom");
    });

    assertThatThrownBy(() -> flow.run(Parallel.all("group", List.of(slow.step(), failing)), "x"))
        .isInstanceOf(IllegalStateException.class);
    slow.awaitInterruption();
    assertThat(slow.sawCancellation).isTrue();
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
    Blocking slow = new Blocking();
    Step<String, String> fast = Step.of("fast", (input, context) -> {
      slow.awaitStart();
      return "fast";
    });

    assertThat(flow.run(Parallel.firstSuccess("hedged", List.of(slow.step(), fast)), "x")).isEqualTo("fast");
    slow.awaitInterruption();
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
    assertThatThrownBy(() -> Parallel.settled("group", List.<Step<String, String>>of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps must not be empty");
  }

  @Test
  void rejectsAConcurrencyBoundBelowOneWhenTheStepIsBuilt() {
    assertThatThrownBy(() -> Parallel.all("group", 0, List.of(echo("a"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
    assertThatThrownBy(() -> Parallel.firstSuccess("group", -1, List.of(echo("a"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
    assertThatThrownBy(() -> Parallel.settled("group", 0, List.of(echo("a"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
  }

  @ParameterizedTest
  @EnumSource(Waiting.class)
  void branchSpansAreChildrenOfTheGroupSpanAlthoughTheyRunOnOtherThreads(Waiting waiting) throws Exception {
    Thread caller = Thread.currentThread();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    Step<String, String> where = Step.of("where", (input, context) -> {
      threads.add(Thread.currentThread());
      return input;
    });

    flow.run(waiting.group(2, List.of(where, where.named("there"))), "x");

    assertThat(threads).hasSize(2).doesNotContain(caller);
    SpanData group = span("group");
    assertThat(span("where")).hasParent(group);
    assertThat(span("there")).hasParent(group);
    assertThat(group.getAttributes().get(AttributeKey.longKey("ace.flow.parallel.size"))).isEqualTo(2L);
  }

  @ParameterizedTest
  @EnumSource(Waiting.class)
  void cancellingTheWorkflowCancelsTheRunningBranches(Waiting waiting) throws Exception {
    Blocking slow = new Blocking();
    Context workflow = flow.newContext();
    FutureTask<List<String>> group =
        inBackground(() -> workflow.run(waiting.group(2, List.of(slow.step(), slow.step())), "x"));
    slow.awaitStart();

    workflow.cancellation().cancel("user pressed stop");

    slow.awaitInterruption();
    assertThatThrownBy(() -> group.get(PATIENCE, SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(StepCancelledException.class).hasMessageContaining("user pressed stop");
  }

  @Test
  void settledKeepsAFailureInItsOutcomeWithoutCancellingTheOtherBranches() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    CountDownLatch laterStarted = new CountDownLatch(1);
    Step<String, String> waiting = Step.of("waiting", (input, context) -> {
      assertThat(laterStarted.await(PATIENCE, SECONDS)).isTrue();
      return context.cancellation().isCancelled() || Thread.currentThread().isInterrupted() ? "stopped" : "ok";
    });
    // Two slots: "later" can only start once the group has taken the failure and gone on.
    Step<String, String> later = Step.of("later", (input, context) -> {
      laterStarted.countDown();
      return "later";
    });

    List<Outcome<String>> outcomes =
        flow.run(Parallel.settled("group", 2, List.of(waiting, failing("failing", boom), later)), "x");

    assertThat(outcomes).extracting(Outcome::isSuccess).containsExactly(true, false, true);
    assertThat(outcomes.get(0).value()).isEqualTo("ok");
    assertThat(outcomes.get(1).failure()).containsSame(boom);
    assertThat(outcomes.get(1).step()).isEqualTo("failing");
    assertThat(outcomes.get(2).value()).isEqualTo("later");
    assertThat(span("group").getAttributes().get(AttributeKey.longKey("ace.flow.parallel.failed"))).isEqualTo(1L);
  }

  @Test
  void settledStartsTheNextBranchesAfterAFailure() throws Exception {
    List<Outcome<String>> outcomes = flow.run(Parallel.settled("group", 1,
        List.of(failing("a", new IllegalStateException("a")), echo("b"), echo("c"))), "x");

    assertThat(outcomes).extracting(Outcome::isSuccess).containsExactly(false, true, true);
  }

  @Test
  void settledEndsWithTheWorkflowsDeadlineRatherThanFailingTheBranchesThatCouldNotStart() {
    Step<String, String> outlasting = Step.of("outlasting", (input, context) -> {
      Thread.sleep(100);
      return input;
    });
    Context late = flow.newContext().withTimeout(Duration.ofMillis(20));

    assertThatThrownBy(() -> late.run(Parallel.settled("group", 1, List.of(outlasting, echo("next"))), "x"))
        .isInstanceOf(StepCancelledException.class).hasMessageContaining("passed its deadline");
  }

  @Test
  void anOutcomeThrowsItsFailureUncheckedAsContextCallDoes() throws Exception {
    IOException io = new IOException("disk gone");
    IllegalStateException state = new IllegalStateException("bad state");

    List<Outcome<String>> outcomes =
        flow.run(Parallel.settled("group", List.of(failing("io", io), failing("state", state))), "x");

    assertThatThrownBy(() -> outcomes.get(0).value()).isInstanceOf(StepFailedException.class).hasCause(io)
        .hasMessageContaining("io failed");
    assertThatThrownBy(() -> outcomes.get(1).value()).isSameAs(state);
  }

  @Test
  void anErrorInASettledBranchIsNoOutcomeButCancelsTheOthersAndIsRethrown() throws Exception {
    Blocking slow = new Blocking();
    AssertionError broken = new AssertionError("broken invariant");
    Step<String, String> failing = Step.of("failing", (input, context) -> {
      slow.awaitStart();
      throw broken;
    });

    assertThatThrownBy(() -> flow.run(Parallel.settled("group", List.of(slow.step(), failing)), "x"))
        .isSameAs(broken);
    slow.awaitInterruption();
    assertThat(slow.sawCancellation).isTrue();
  }

  /** The two modes that run every branch, as one step returning the branches' results in group order. */
  enum Waiting {
    ALL, SETTLED;

    <O> Step<String, List<O>> group(int maxConcurrency, List<Step<String, O>> steps) {
      if (this == ALL) {
        return Parallel.all("group", maxConcurrency, steps);
      }
      Step<List<Outcome<O>>, List<O>> values =
          Step.of("values", (outcomes, context) -> outcomes.stream().map(Outcome::value).toList());
      return Parallel.settled("group", maxConcurrency, steps).then(values);
    }
  }

  private static Step<String, String> echo(String name) {
    return Step.of(name, (input, context) -> input);
  }

  private static Step<String, String> failing(String name, Exception failure) {
    return Step.of(name, (input, context) -> {
      throw failure;
    });
  }

  /** A branch that blocks until it is interrupted, and tells when it started and when it was interrupted. */
  private static final class Blocking {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final AtomicBoolean sawCancellation = new AtomicBoolean();

    Step<String, String> step() {
      return Step.of("blocking", (input, context) -> {
        started.countDown();
        try {
          new CountDownLatch(1).await();
          return input;
        } catch (InterruptedException e) {
          sawCancellation.set(context.cancellation().isCancelled());
          interrupted.countDown();
          throw e;
        }
      });
    }

    void awaitStart() throws InterruptedException {
      assertThat(started.await(PATIENCE, SECONDS)).isTrue();
    }

    void awaitInterruption() throws InterruptedException {
      assertThat(interrupted.await(PATIENCE, SECONDS)).isTrue();
    }
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
