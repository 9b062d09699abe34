package dev.ace4j.core;

import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.flow.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>The modes are sequences of three parts: exploring a sample (answer, judge, reflect, answer again; writes
 * nothing and yields an immutable record), writing its lesson (one version, then refinement), and, for a batch or
 * a parallel evaluation, a group of ace-flow's {@link dev.ace4j.flow.Parallel#settled} ({@code loop.batch} or
 * {@code loop.evaluate}, one {@code loop.sample} branch per sample, under which the sample's workflow's spans nest).
 */
public final class AceLoop implements AutoCloseable {
  /** The name of the step that has the environment judge an answer. */
  public static final String EVALUATE = "environment.evaluate";

  private final PlaybookStore store;
  private final Flow flow;
  private final boolean ownsFlow;
  private final Listener listener;
  private final Explorer explorer;
  private final LessonWriter lessons;
  private final SampleBatch batches;

  private AceLoop(Builder builder) {
    this.store = builder.store;
    Flow given = builder.flow;
    this.ownsFlow = given == null;
    this.flow = given == null ? Flow.create() : given;
    this.listener = builder.listener;
    this.explorer = new Explorer(
        builder.generator != null ? builder.generator : new Generator(builder.model),
        builder.reflector != null ? builder.reflector : new Reflector(builder.model),
        new Judge(builder.environment, builder.labelMode), flow, builder.rounds, listener);
    this.lessons = new LessonWriter(builder.curator != null ? builder.curator : new Curator(builder.model), store,
        new Refiner(store, builder.deduplicator, builder.tokenBudget),
        builder.runId != null ? builder.runId : UUID.randomUUID().toString());
    this.batches = new SampleBatch(flow);
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
    return learnOneByOne(samples, "online", "");
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
    List<SampleResult> results = batches.run("loop.batch", samples, store.current(), parallelism,
        explorer::explore, (answered, index) -> learn(answered, progress("", index, samples)));
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
    List<SampleResult> results = batches.run("loop.evaluate", samples, playbook, parallelism,
        explorer::answerOnce, (answered, index) -> finished(answered, answered.result(playbook.version())));
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
      trained.add(learnOneByOne(training, "offline epoch " + epoch, "epoch " + epoch + "/" + epochs + ", "));
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

  /** Each sample explored with the playbook its predecessors left, then learned from, on the calling thread. */
  private RunResult learnOneByOne(List<Sample> samples, String mode, String progressPrefix) {
    List<SampleResult> results = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Exploration explored = explorer.explore(samples.get(i), store.current());
      results.add(learn(explored, progress(progressPrefix, i, samples)));
    }
    return new RunResult(mode, results, store.current().version());
  }

  private SampleResult learn(Exploration explored, String progress) {
    return finished(explored, lessons.write(explored, progress));
  }

  private SampleResult finished(Exploration explored, SampleResult result) {
    listener.finished(explored.sample(), result);
    return result;
  }

  /** Where the run is, for the Curator: e.g. {@code epoch 1/2, sample 3/40}. */
  private static String progress(String prefix, int index, List<Sample> samples) {
    return prefix + "sample " + (index + 1) + "/" + samples.size();
  }

  @Override
  public void close() {
    if (ownsFlow) {
      flow.close();
    }
  }

  /** Hears about a run as it goes: for progress displays and durable records. Exceptions it throws fail the run. */
  public interface Listener {
    /**
     * An answer was generated and judged (its reflection, if any, comes later). Called on the thread that answers
     * the sample: the loop's in {@link #online} and {@link #offline} training; in {@link #batch} and
     * {@link #evaluate}, threads of the flow's executor, several at once.
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
    private @Nullable Generator generator;
    private @Nullable Reflector reflector;
    private @Nullable Curator curator;
    private @Nullable Flow flow;
    private int rounds = 3;
    private LabelMode labelMode = LabelMode.FULL;
    private @Nullable String runId;
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

    /**
     * The flow the role steps run in (its OpenTelemetry, executor and clock). Default: a no-op flow of its own,
     * whose cached pool grows as needed. A batch's samples are answered as parallel branches on the flow's
     * executor, and the role timeouts inside them wait on it too: a bounded pool of your own needs more threads
     * than the batch's parallelism (see {@link dev.ace4j.flow.Parallel}).
     */
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
