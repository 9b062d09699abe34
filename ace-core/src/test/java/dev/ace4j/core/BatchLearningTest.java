package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.core.ArithmeticWorld.Reads;
import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.core.testing.ScriptedModel;
import dev.ace4j.flow.Flow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batch adaptation (answer in parallel, learn in order) and the per-attempt record every mode keeps. */
class BatchLearningTest {
  private final ArithmeticWorld world = new ArithmeticWorld();
  private final List<Sample> judged = Collections.synchronizedList(new ArrayList<>());
  private final Environment environment = ArithmeticWorld.environment(judged);

  private static List<Sample> sums(int count) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      samples.add(ArithmeticWorld.sum("q" + i, 5 + i, 7 + i));
    }
    return samples;
  }

  /** The world's model, answering each request after a random delay of up to 5 ms. */
  private ScriptedModel jittery() {
    return ScriptedModel.answering(request -> {
      try {
        Thread.sleep(ThreadLocalRandom.current().nextInt(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return world.model(Reads.WHOLE_PROMPT).chat(request).text();
    });
  }

  @Test
  void answersEverySampleWithThePlaybookOfTheStartAndLearnsFromThemInOrder() {
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();

    RunResult run;
    try (AceLoop loop = AceLoop.builder(world.model(Reads.PLAYBOOK), environment, store).build()) {
      run = loop.batch(sums(3), 3);
    }

    // Nobody saw the rule while answering, so all three failed their rounds; the first curation added it once.
    assertThat(run.samples()).extracting(SampleResult::sampleId).containsExactly("q1", "q2", "q3");
    assertThat(run.samples()).allSatisfy(s -> {
      assertThat(s.correct()).contains(false);
      assertThat(s.attempts()).hasSize(4);
    });
    assertThat(run.samples()).extracting(SampleResult::curated).containsExactly(true, false, false);
    assertThat(store.current().active()).singleElement().extracting(Bullet::content).isEqualTo(ArithmeticWorld.RULE);
  }

  @Test
  void endsWithTheSamePlaybookWhateverTheThreadsTiming() {
    List<List<String>> endings = new ArrayList<>();
    for (int parallelism : new int[] {1, 4, 4}) {
      InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
      try (AceLoop loop = AceLoop.builder(jittery(), environment, store).runId("same").build()) {
        loop.batch(sums(6), parallelism);
        loop.batch(sums(6), parallelism);
      }
      endings.add(store.current().active().stream()
          .map(b -> b.id() + " " + b.content() + " +" + b.helpful() + " -" + b.harmful()).toList());
    }
    assertThat(endings.get(0)).isNotEmpty();
    assertThat(endings).containsOnly(endings.get(0));
  }

  @Test
  void recordsEveryAttemptWithItsFeedbackAndTheReflectionOnIt() {
    List<Attempt> heard = Collections.synchronizedList(new ArrayList<>());
    List<String> finished = new ArrayList<>();
    AceLoop.Listener listener = new AceLoop.Listener() {
      @Override
      public void attempted(Sample sample, Attempt attempt) {
        heard.add(attempt);
      }

      @Override
      public void finished(Sample sample, SampleResult result) {
        finished.add(sample.id() + " v" + result.playbookVersion());
      }
    };

    SampleResult result;
    try (AceLoop loop = AceLoop.builder(world.model(Reads.WHOLE_PROMPT), environment, InMemoryPlaybookStore.empty())
        .listener(listener).build()) {
      result = loop.online(List.of(ArithmeticWorld.sum("q1", 6, 7))).samples().get(0);
    }

    assertThat(result.attempts()).extracting(Attempt::number).containsExactly(1, 2);
    assertThat(result.attempts()).extracting(Attempt::passed).containsExactly(false, true);
    assertThat(result.attempts().get(0).reflection()).hasValueSatisfying(
        r -> assertThat(r.keyInsight()).isEqualTo(ArithmeticWorld.RULE));
    assertThat(result.attempts().get(1).reflection()).isEmpty();
    assertThat(result.solved()).isTrue();
    assertThat(result.delta()).hasValueSatisfying(
        batch -> assertThat(batch.operations()).singleElement().isInstanceOf(Operation.Add.class));
    assertThat(heard).extracting(Attempt::number).containsExactly(1, 2);
    assertThat(finished).containsExactly("q1 v1");
  }

  @Test
  void dropsTagsOnBulletsAnEarlierSampleOfTheBatchRemoved() {
    world.curatorRemovesTheRuleWhenPresent = true;
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
    String rule;
    try (AceLoop loop = AceLoop.builder(world.model(Reads.PLAYBOOK), environment, store).build()) {
      loop.online(sums(1));
      rule = store.current().active().get(0).id();
      // Both samples cite and tag the rule; the first one's curation removes it before the second's tags apply.
      RunResult run = loop.batch(sums(2), 2);
      assertThat(run.samples()).allSatisfy(s -> assertThat(s.problem()).isEmpty());
    }
    Bullet removed = store.current().find(rule).orElseThrow();
    assertThat(removed.active()).isFalse();
    assertThat(removed.helpful()).isEqualTo(1);
  }

  @Test
  void evaluatesInParallelWithoutWritingAndKeepsTheOrder() {
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
    RunResult run;
    try (AceLoop loop = AceLoop.builder(world.model(Reads.PLAYBOOK), environment, store).build()) {
      run = loop.evaluate(sums(5), 3);
    }
    assertThat(run.samples()).extracting(SampleResult::sampleId).containsExactly("q1", "q2", "q3", "q4", "q5");
    assertThat(run.samples()).allSatisfy(s -> assertThat(s.attempts()).hasSize(1));
    assertThat(store.current().version()).isZero();
  }

  @Test
  void learnsFromTheOtherSamplesAndThenRethrowsWhenOneSampleFails() {
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
    Environment failsOnQ2 = (sample, output) -> {
      if (sample.id().equals("q2")) {
        throw new IllegalStateException("sandbox gone for q2");
      }
      return environment.evaluate(sample, output);
    };
    try (AceLoop loop = AceLoop.builder(world.model(Reads.PLAYBOOK), failsOnQ2, store).build()) {
      assertThatThrownBy(() -> loop.batch(sums(3), 2)).hasMessage("sandbox gone for q2");
    }
    assertThat(store.current().active()).singleElement().extracting(Bullet::content).isEqualTo(ArithmeticWorld.RULE);
    assertThat(judged).extracting(Sample::id).contains("q1", "q3");
  }

  @Test
  void tellsOfAttemptsOnTheFlowsThreadsAndOfFinishedSamplesInOrderOnTheCallingThread() {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool(task -> new Thread(task, "given-" + threads.incrementAndGet()));
    List<String> attemptedOn = Collections.synchronizedList(new ArrayList<>());
    List<String> finished = new ArrayList<>();
    AceLoop.Listener listener = new AceLoop.Listener() {
      @Override
      public void attempted(Sample sample, Attempt attempt) {
        attemptedOn.add(Thread.currentThread().getName());
      }

      @Override
      public void finished(Sample sample, SampleResult result) {
        finished.add(sample.id() + " on " + Thread.currentThread().getName());
      }
    };

    try (Flow flow = Flow.builder().executor(pool).build();
        AceLoop loop = AceLoop.builder(jittery(), environment, InMemoryPlaybookStore.empty()).flow(flow)
            .listener(listener).build()) {
      loop.batch(sums(4), 4);
    } finally {
      pool.shutdownNow();
    }

    String caller = Thread.currentThread().getName();
    assertThat(attemptedOn).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("given-"));
    assertThat(finished).containsExactly("q1 on " + caller, "q2 on " + caller, "q3 on " + caller, "q4 on " + caller);
  }

  @Test
  void anInterruptedBatchStopsTheAnswersThrowsCancellationAndWritesNothing() throws Exception {
    CountDownLatch judging = new CountDownLatch(2);
    CountDownLatch stopped = new CountDownLatch(2);
    Environment blocking = (sample, output) -> {
      judging.countDown();
      try {
        new CountDownLatch(1).await();
        return Feedback.correct("never");
      } catch (InterruptedException e) {
        stopped.countDown();
        throw new IllegalStateException("interrupted", e);
      }
    };
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    FutureTask<RunResult> run = new FutureTask<>(() -> {
      try (AceLoop loop = AceLoop.builder(world.model(Reads.PLAYBOOK), blocking, store).build()) {
        return loop.batch(sums(2), 2);
      } finally {
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    Thread caller = new Thread(run, "batch-caller");
    caller.start();
    assertThat(judging.await(10, TimeUnit.SECONDS)).isTrue();

    caller.interrupt();

    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(CancellationException.class);
    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(stillInterrupted).isTrue();
    assertThat(store.current().version()).isZero();
  }

  @Test
  void anEmptyBatchOrEvaluationAnswersNothingAndWritesNothing() {
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
    ScriptedModel model = world.model(Reads.PLAYBOOK);
    try (AceLoop loop = AceLoop.builder(model, environment, store).build()) {
      assertThat(loop.batch(List.of(), 2).samples()).isEmpty();
      assertThat(loop.evaluate(List.of(), 2).samples()).isEmpty();
    }
    assertThat(model.requests()).isEmpty();
    assertThat(store.current().version()).isZero();
  }

  @Test
  void refusesParallelismBelowOne() {
    try (AceLoop loop = AceLoop.builder(world.model(Reads.PLAYBOOK), environment, InMemoryPlaybookStore.empty())
        .build()) {
      assertThatThrownBy(() -> loop.batch(sums(2), 0)).hasMessage("parallelism must be at least 1, got 0");
      assertThatThrownBy(() -> loop.evaluate(sums(2), -1)).hasMessage("parallelism must be at least 1, got -1");
    }
  }

  @Test
  void feedbackWithoutVerdictIsRecordedAsNotPassed() {
    Attempt attempt = new Attempt(1, new GeneratorOutput("", List.of(), "x", null, "", null),
        Feedback.unknown("ran"), null, null);
    assertThat(attempt.passed()).isFalse();
    assertThatThrownBy(() -> new Attempt(0, attempt.output(), attempt.feedback(), null, null))
        .hasMessage("attempt number must be at least 1, got 0");
  }
}
