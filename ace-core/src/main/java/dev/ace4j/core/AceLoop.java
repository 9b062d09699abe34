package dev.ace4j.core;

import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import dev.ace4j.flow.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The ACE adaptation loop. Per sample: generate with the playbook; evaluate; if wrong, up to {@code rounds} times
 * reflect on the attempt (cited bullets only) and regenerate with the reflection, stopping as soon as the answer is
 * right; if right at once, reflect once to credit the bullets used. Then the sample's lesson is written as one new
 * version: the Reflector's tags and the Curator's batch for the last reflection (made against the tagged
 * playbook); refinement follows. Every role call and evaluation is an ace-flow step in a workflow whose correlation
 * id is the sample id.
 *
 * <p>Modes: {@link #online} (predict, then learn, strictly one sample after the other), {@link #offline} (epochs
 * over a training set, validation after each, best playbook kept), {@link #evaluate} (frozen playbook) and
 * {@link #warmUpThenOnline}, plus {@link #batch} (answer in parallel, learn in order). One loop runs one run at a
 * time and is the store's only writer while it runs.
 */
public final class AceLoop implements AutoCloseable {
  /** The name of the step that has the environment judge an answer. */
  public static final String EVALUATE = "environment.evaluate";
  private static final AtomicInteger WORKER_COUNT = new AtomicInteger();
  private static final ThreadFactory WORKERS = task -> {
    Thread thread = new Thread(task, "ace-loop-worker-" + WORKER_COUNT.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  };

  private final Generator generator;
  private final Reflector reflector;
  private final Curator curator;
  private final Environment environment;
  private final PlaybookStore store;
  private final Flow flow;
  private final boolean ownsFlow;
  private final int rounds;
  private final LabelMode labelMode;
  private final String runId;
  private final Deduplicator deduplicator;
  private final TokenBudget tokenBudget;
  private final Listener listener;

  private AceLoop(Builder builder) {
    this.generator = builder.generator != null ? builder.generator : new Generator(builder.model);
    this.reflector = builder.reflector != null ? builder.reflector : new Reflector(builder.model);
    this.curator = builder.curator != null ? builder.curator : new Curator(builder.model);
    this.environment = builder.environment;
    this.store = builder.store;
    this.ownsFlow = builder.flow == null;
    this.flow = ownsFlow ? Flow.create() : builder.flow;
    this.rounds = builder.rounds;
    this.labelMode = builder.labelMode;
    this.runId = builder.runId != null ? builder.runId : UUID.randomUUID().toString();
    this.deduplicator = builder.deduplicator;
    this.tokenBudget = builder.tokenBudget;
    this.listener = builder.listener;
  }

  /**
   * A loop whose three roles all use {@code model} with their default prompts and policies.
   *
   * @param environment judges each answer
   * @param store where the playbook is read and written
   */
  public static Builder builder(LanguageModel model, Environment environment, PlaybookStore store) {
    return new Builder(Objects.requireNonNull(model, "model"), environment, store);
  }

  /** Online adaptation: for each sample in order, predict with the current playbook, then learn from it. */
  public synchronized RunResult online(List<Sample> samples) {
    return learn(samples, "online", "");
  }

  /**
   * Batch adaptation: every sample is answered, judged and retried with the playbook as it is when the call starts,
   * up to {@code parallelism} samples at once; then each sample's learning (tags, curation, refinement) is applied
   * one after the other in the order given. With the same model answers the playbook ends the same whatever the
   * threads' timing. The environment and the model must be safe for concurrent use when {@code parallelism > 1}.
   *
   * <p>When a sample fails with an unexpected exception, the other samples are still learned from, in order, and
   * then the first such exception is rethrown.
   *
   * @throws IllegalArgumentException when {@code parallelism} is less than 1
   * @throws CancellationException when the calling thread is interrupted while samples are being answered
   */
  public synchronized RunResult batch(List<Sample> samples, int parallelism) {
    Playbook start = store.current();
    Outcomes<Exploration> explored = inParallel(samples, parallelism, sample -> explore(sample, start));
    List<SampleResult> results = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Optional<Exploration> exploration = explored.value(i);
      if (exploration.isPresent()) {
        results.add(consolidate(exploration.get(), "sample " + (i + 1) + "/" + samples.size()));
      }
    }
    explored.rethrowFirstFailure();
    return new RunResult("batch", results, store.current().version());
  }

  /** Eval-only: every sample answered once with the playbook as it is; nothing is reflected, curated or written. */
  public synchronized RunResult evaluate(List<Sample> samples) {
    return evaluate(samples, 1);
  }

  /**
   * Eval-only with up to {@code parallelism} samples answered at once; results come in the order given.
   *
   * @throws IllegalArgumentException when {@code parallelism} is less than 1
   * @throws CancellationException when the calling thread is interrupted while samples are being answered
   */
  public synchronized RunResult evaluate(List<Sample> samples, int parallelism) {
    Playbook playbook = store.current();
    Outcomes<SampleResult> answered = inParallel(samples, parallelism, sample -> {
      Exploration run = new Exploration(sample, flow.newContext(sample.id()));
      long start = System.nanoTime();
      try {
        Attempt attempt = run.answer(playbook, Optional.empty());
        run.correct = score(sample, attempt.output(), attempt.feedback());
      } catch (ModelReplyException e) {
        run.correct = Optional.of(false);
        run.problem = Optional.of(e.getMessage());
      }
      run.nanos = System.nanoTime() - start;
      return run.result(Optional.empty(), playbook.version());
    });
    List<SampleResult> results = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Optional<SampleResult> result = answered.value(i);
      if (result.isPresent()) {
        listener.finished(samples.get(i), result.get());
        results.add(result.get());
      }
    }
    answered.rethrowFirstFailure();
    return new RunResult("eval-only", results, store.current().version());
  }

  /**
   * Offline adaptation: {@code epochs} passes of learning over {@code training}, each followed by an eval-only pass
   * over {@code validation}. At the end the store holds the playbook of the epoch with the best validation accuracy
   * (the earlier one on a tie), rolled back to if a later epoch did worse.
   *
   * @throws IllegalArgumentException when {@code epochs} is less than 1
   */
  public synchronized OfflineResult offline(List<Sample> training, List<Sample> validation, int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    List<RunResult> trained = new ArrayList<>();
    List<RunResult> validated = new ArrayList<>();
    int bestEpoch = 0;
    long bestVersion = store.current().version();
    double bestAccuracy = -1;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      trained.add(learn(training, "offline epoch " + epoch, "epoch " + epoch + "/" + epochs + ", "));
      RunResult check = evaluate(validation);
      validated.add(check);
      if (validation.isEmpty() || check.accuracy() > bestAccuracy) {
        bestEpoch = epoch;
        bestAccuracy = check.accuracy();
        bestVersion = store.current().version();
      }
    }
    if (store.current().version() != bestVersion) {
      store.rollback(bestVersion);
    }
    return new OfflineResult(trained, validated, bestEpoch, bestVersion);
  }

  /** Offline warm-up on {@code training} (validated on {@code validation}), then online over {@code test}. */
  public synchronized WarmUpResult warmUpThenOnline(List<Sample> training, List<Sample> validation, int epochs,
      List<Sample> test) {
    OfflineResult warmUp = offline(training, validation, epochs);
    return new WarmUpResult(warmUp, online(test));
  }

  private RunResult learn(List<Sample> samples, String mode, String progressPrefix) {
    List<SampleResult> results = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      String progress = progressPrefix + "sample " + (i + 1) + "/" + samples.size();
      results.add(consolidate(explore(samples.get(i), store.current()), progress));
    }
    return new RunResult(mode, results, store.current().version());
  }

  /**
   * The first half of learning from a sample, which writes nothing: answer with {@code playbook}; if wrong, reflect
   * and regenerate up to {@code rounds} times, stopping as soon as an answer is right; if right at once, reflect once
   * to credit the bullets used.
   */
  private Exploration explore(Sample sample, Playbook playbook) {
    Exploration run = new Exploration(sample, flow.newContext(sample.id()));
    long start = System.nanoTime();
    try {
      Attempt attempt = run.answer(playbook, Optional.empty());
      run.correct = score(sample, attempt.output(), attempt.feedback());
      // Without a correctness signal there is nothing to retry against: one reflection, then curation.
      boolean retry = !attempt.passed() && attempt.feedback().correct().isPresent();
      run.reflect(playbook);
      for (int regenerated = 1; retry; regenerated++) {
        attempt = run.answer(playbook, run.lastReflection);
        retry = !attempt.passed() && regenerated < rounds;
        if (retry) {
          run.reflect(playbook);
        }
      }
    } catch (ModelReplyException e) {
      if (run.attempts.isEmpty()) {
        run.correct = Optional.of(false);
      }
      run.problem = Optional.of(e.getMessage());
    }
    run.nanos += System.nanoTime() - start;
    return run;
  }

  /**
   * The second half, the one that writes: the Reflector's tags (on bullets still active) and the Curator's batch,
   * made against the tagged playbook, go in as one version, so a sample's lesson is never half applied; then
   * refinement looks at what the batch changed.
   */
  private SampleResult consolidate(Exploration run, String progress) {
    long start = System.nanoTime();
    Provenance provenance = Provenance.of(run.sample.id(), runId);
    Playbook before = store.current();
    List<Operation> tags = run.tags.stream()
        .filter(tag -> before.find(((Operation.Tag) tag).bulletId()).filter(Bullet::active).isPresent())
        .toList();
    List<Operation> lesson = new ArrayList<>(tags);
    String reasoning = "reflector tags";
    Optional<DeltaBatch> delta = Optional.empty();
    if (run.problem.isEmpty() && run.lastReflection.isPresent()) {
      try {
        Playbook tagged = tags.isEmpty()
            ? before
            : before.apply(new DeltaBatch(reasoning, tags, provenance), Instant.now());
        Curation curation =
            curator.curate(run.context, run.sample, run.lastReflection.get(), tagged, progress, provenance);
        run.usage = run.usage.plus(curation.usage());
        if (!curation.batch().operations().isEmpty()) {
          delta = Optional.of(curation.batch());
          lesson.addAll(curation.batch().operations());
          reasoning = curation.batch().reasoning();
        }
      } catch (ModelReplyException e) {
        run.problem = Optional.of(e.getMessage());
      }
    }
    write(new DeltaBatch(reasoning, lesson, provenance));
    if (delta.isPresent()) {
      refine(before);
    }
    run.nanos += System.nanoTime() - start;
    SampleResult result = run.result(delta, store.current().version());
    listener.finished(run.sample, result);
    return result;
  }

  /**
   * What the learner may know about an answer: in NO_ORACLE the environment never sees the label. The evaluation
   * is the step {@value #EVALUATE} of the sample's workflow, so a trace shows each test run beside the role calls.
   */
  private Feedback learnerFeedback(Context context, Sample sample, GeneratorOutput output) {
    Sample seen = labelMode == LabelMode.NO_ORACLE ? sample.withoutGroundTruth() : sample;
    return context.call(Step.of(EVALUATE, (GeneratorOutput answer, Context c) -> environment.evaluate(seen, answer)),
        output);
  }

  /** The score reported for the run, kept apart from learning: in NO_ORACLE it is judged again with the label. */
  private Optional<Boolean> score(Sample sample, GeneratorOutput output, Feedback learnerFeedback) {
    if (labelMode == LabelMode.NO_ORACLE && sample.groundTruth().isPresent()) {
      return environment.evaluate(sample, output).correct();
    }
    return learnerFeedback.correct();
  }

  /**
   * Grow-and-refine, proactively after every curation that changed something: merge what the deduplicator finds
   * among the bullets the batch added or rewrote, then bring the playbook back under the token budget (merging,
   * then retiring the lowest-value bullets). Each is its own version, so the history shows why a bullet went.
   */
  private void refine(Playbook before) {
    Playbook after = store.current();
    Map<String, Bullet> earlier = new HashMap<>();
    before.active().forEach(bullet -> earlier.put(bullet.id(), bullet));
    Set<String> changed = new HashSet<>();
    for (Bullet bullet : after.active()) {
      Bullet old = earlier.get(bullet.id());
      if (old == null || !old.content().equals(bullet.content()) || !old.section().equals(bullet.section())) {
        changed.add(bullet.id());
      }
    }
    write(Refinement.mergeDuplicatesOf(after, changed, deduplicator));
    write(tokenBudget.enforce(store.current()));
  }

  /** Applies a batch with operations; the loop is the one writer while a run holds this loop's monitor. */
  private boolean write(DeltaBatch batch) {
    if (batch.operations().isEmpty()) {
      return false;
    }
    store.apply(batch);
    return true;
  }

  /**
   * Runs {@code work} for every sample, up to {@code parallelism} at once (on the calling thread when 1), and waits
   * for all of them.
   */
  private <T> Outcomes<T> inParallel(List<Sample> samples, int parallelism, Function<Sample, T> work) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    Outcomes<T> outcomes = new Outcomes<>(samples.size());
    if (parallelism == 1 || samples.size() < 2) {
      for (int i = 0; i < samples.size(); i++) {
        outcomes.run(i, work, samples.get(i));
      }
      return outcomes;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, samples.size()), WORKERS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        int index = i;
        futures.add(pool.submit(() -> outcomes.run(index, work, samples.get(index))));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while samples were being answered");
    } catch (ExecutionException e) {
      throw new IllegalStateException("a sample worker failed outside its own handling", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    if (ownsFlow) {
      flow.close();
    }
  }

  /** One sample's learning in progress: its attempts, reflections and tags before anything is written. */
  private final class Exploration {
    final Sample sample;
    final Context context;
    final List<Attempt> attempts = new ArrayList<>();
    final List<Operation> tags = new ArrayList<>();
    Optional<Reflection> lastReflection = Optional.empty();
    Optional<Boolean> correct = Optional.empty();
    Optional<String> problem = Optional.empty();
    int rounds;
    long nanos;
    TokenUsage usage = TokenUsage.ZERO;

    Exploration(Sample sample, Context context) {
      this.sample = sample;
      this.context = context;
    }

    /** Generates an answer and has the environment judge it. */
    Attempt answer(Playbook playbook, Optional<Reflection> reflection) {
      long start = System.nanoTime();
      GeneratorOutput output = generator.generate(context, sample, playbook, reflection);
      usage = usage.plus(output.usage());
      Feedback feedback = learnerFeedback(context, sample, output);
      Attempt attempt = new Attempt(attempts.size() + 1, output, feedback, Optional.empty(),
          Duration.ofNanos(System.nanoTime() - start));
      attempts.add(attempt);
      listener.attempted(sample, attempt);
      return attempt;
    }

    /** One reflection round on the last answer, with its cited bullets; its tags wait for consolidation. */
    void reflect(Playbook playbook) {
      int last = attempts.size() - 1;
      Attempt attempt = attempts.get(last);
      Reflection reflection = reflector.reflect(context, sample, attempt.output(), attempt.feedback(), playbook,
          labelMode == LabelMode.FULL);
      rounds++;
      usage = usage.plus(reflection.usage());
      attempts.set(last, attempt.withReflection(reflection));
      reflection.bulletTags()
          .forEach(tag -> tags.add(new Operation.Tag(tag.id(), tag.tag(), reflection.keyInsight())));
      lastReflection = Optional.of(reflection);
    }

    SampleResult result(Optional<DeltaBatch> delta, long version) {
      return new SampleResult(sample.id(), correct, rounds, attempts, delta, version, usage,
          Duration.ofNanos(nanos), problem);
    }
  }

  /** Per-sample values or failures of a parallel phase, by sample index. */
  private static final class Outcomes<T> {
    private final List<T> values;
    private final List<RuntimeException> failures;

    Outcomes(int size) {
      values = new ArrayList<>(java.util.Collections.nCopies(size, null));
      failures = new ArrayList<>(java.util.Collections.nCopies(size, null));
    }

    void run(int index, Function<Sample, T> work, Sample sample) {
      try {
        T value = work.apply(sample);
        synchronized (this) {
          values.set(index, value);
        }
      } catch (RuntimeException e) {
        synchronized (this) {
          failures.set(index, e);
        }
      }
    }

    synchronized Optional<T> value(int index) {
      return Optional.ofNullable(values.get(index));
    }

    synchronized void rethrowFirstFailure() {
      for (RuntimeException failure : failures) {
        if (failure != null) {
          throw failure;
        }
      }
    }
  }

  /** Hears about a run as it goes: for progress displays and durable records. Exceptions it throws fail the run. */
  public interface Listener {
    /**
     * An answer was generated and judged (its reflection, if any, comes later). Called on the thread that answers
     * the sample: in {@link #batch} several at once.
     */
    default void attempted(Sample sample, Attempt attempt) {}

    /** A sample is done and its learning applied. Called in sample order on the thread running the loop. */
    default void finished(Sample sample, SampleResult result) {}
  }

  /** Configures an {@link AceLoop}; not thread-safe. */
  public static final class Builder {
    /** Default budget of the Generator's playbook view, in estimated tokens. */
    public static final int DEFAULT_TOKEN_BUDGET = 20_000;

    private final LanguageModel model;
    private final Environment environment;
    private final PlaybookStore store;
    private Generator generator;
    private Reflector reflector;
    private Curator curator;
    private Flow flow;
    private int rounds = 3;
    private LabelMode labelMode = LabelMode.FULL;
    private String runId;
    private Deduplicator deduplicator = LexicalDeduplicator.create();
    private TokenBudget tokenBudget = TokenBudget.of(DEFAULT_TOKEN_BUDGET);
    private Listener listener = new Listener() {};

    private Builder(LanguageModel model, Environment environment, PlaybookStore store) {
      this.model = model;
      this.environment = Objects.requireNonNull(environment, "environment");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** A Generator of its own (another model, prompt or policies). */
    public Builder generator(Generator value) {
      this.generator = Objects.requireNonNull(value, "generator");
      return this;
    }

    public Builder reflector(Reflector value) {
      this.reflector = Objects.requireNonNull(value, "reflector");
      return this;
    }

    public Builder curator(Curator value) {
      this.curator = Objects.requireNonNull(value, "curator");
      return this;
    }

    /** The flow the role steps run in (its OpenTelemetry, executor and clock). Default: a no-op flow of its own. */
    public Builder flow(Flow value) {
      this.flow = Objects.requireNonNull(value, "flow");
      return this;
    }

    /**
     * Reflection rounds for a wrong answer, 1 to 5 (the paper's range; more "overthinks"). Default 3.
     *
     * @throws IllegalArgumentException outside 1–5
     */
    public Builder rounds(int value) {
      if (value < 1 || value > 5) {
        throw new IllegalArgumentException("rounds must be between 1 and 5, got " + value);
      }
      this.rounds = value;
      return this;
    }

    /** What the learner may see of the labels. Default {@link LabelMode#FULL}. */
    public Builder labelMode(LabelMode value) {
      this.labelMode = Objects.requireNonNull(value, "labelMode");
      return this;
    }

    /** The run id recorded in every bullet's provenance. Default: a random UUID. */
    public Builder runId(String value) {
      this.runId = Objects.requireNonNull(value, "runId");
      return this;
    }

    /** Finds duplicates to merge after every curation. Default: {@link LexicalDeduplicator} at 0.8. */
    public Builder deduplicator(Deduplicator value) {
      this.deduplicator = Objects.requireNonNull(value, "deduplicator");
      return this;
    }

    /**
     * The most tokens the Generator's view of the playbook may take; over it, the lowest-value bullets are merged
     * or retired after curation. Default {@value #DEFAULT_TOKEN_BUDGET} (the paper found 10K–100K robust).
     */
    public Builder tokenBudget(TokenBudget value) {
      this.tokenBudget = Objects.requireNonNull(value, "tokenBudget");
      return this;
    }

    /** Told of every attempt and finished sample. Default: nobody. */
    public Builder listener(Listener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    public AceLoop build() {
      return new AceLoop(this);
    }
  }
}
