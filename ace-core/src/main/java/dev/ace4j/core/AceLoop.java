package dev.ace4j.core;

import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.TokenUsage;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The ACE adaptation loop. Per sample: generate with the playbook; evaluate; if wrong, up to {@code rounds} times
 * reflect on the attempt (cited bullets only), apply the Reflector's tags and regenerate with the reflection,
 * stopping as soon as the answer is right; if right at once, reflect once to credit the bullets used; then curate
 * the last reflection and apply the batch. Every role call is an ace-flow step in a workflow whose correlation id
 * is the sample id.
 *
 * <p>Modes: {@link #online} (predict, then learn, strictly one sample after the other), {@link #offline} (epochs
 * over a training set, validation after each, best playbook kept), {@link #evaluate} (frozen playbook) and
 * {@link #warmUpThenOnline}. One loop runs one run at a time and is the store's only writer while it runs.
 */
public final class AceLoop implements AutoCloseable {
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

  /** Eval-only: every sample answered once with the playbook as it is; nothing is reflected, curated or written. */
  public synchronized RunResult evaluate(List<Sample> samples) {
    List<SampleResult> results = new ArrayList<>();
    for (Sample sample : samples) {
      Context context = flow.newContext(sample.id());
      Playbook playbook = store.current();
      try {
        GeneratorOutput output = generator.generate(context, sample, playbook, Optional.empty());
        Optional<Boolean> correct = environment.evaluate(sample, output).correct();
        results.add(new SampleResult(sample.id(), correct, 0, false, playbook.version(), output.usage(),
            Optional.empty()));
      } catch (ModelReplyException e) {
        results.add(new SampleResult(sample.id(), Optional.of(false), 0, false, playbook.version(), TokenUsage.ZERO,
            Optional.of(e.getMessage())));
      }
    }
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
      results.add(learnFrom(samples.get(i), progress));
    }
    return new RunResult(mode, results, store.current().version());
  }

  private SampleResult learnFrom(Sample sample, String progress) {
    Context context = flow.newContext(sample.id());
    Provenance provenance = Provenance.of(sample.id(), runId);
    Attempt attempt = new Attempt();
    GeneratorOutput output;
    try {
      output = generator.generate(context, sample, store.current(), Optional.empty());
    } catch (ModelReplyException e) {
      return attempt.result(sample, Optional.of(false), e);
    }
    attempt.usage = output.usage();
    Feedback feedback = learnerFeedback(sample, output);
    Optional<Boolean> correct = score(sample, output, feedback);
    try {
      Reflection reflection = reflectAndTag(context, sample, output, feedback, provenance, attempt);
      // Without a correctness signal there is nothing to retry against: one reflection, then curation.
      boolean retry = !feedback.isCorrect() && feedback.correct().isPresent();
      for (int regenerated = 1; retry; regenerated++) {
        output = generator.generate(context, sample, store.current(), Optional.of(reflection));
        attempt.usage = attempt.usage.plus(output.usage());
        feedback = learnerFeedback(sample, output);
        retry = !feedback.isCorrect() && regenerated < rounds;
        if (retry) {
          reflection = reflectAndTag(context, sample, output, feedback, provenance, attempt);
        }
      }
      Curation curation = curator.curate(context, sample, reflection, store.current(), progress, provenance);
      attempt.usage = attempt.usage.plus(curation.usage());
      attempt.curated = write(curation.batch());
      refine();
    } catch (ModelReplyException e) {
      return attempt.result(sample, correct, e);
    }
    return attempt.result(sample, correct, null);
  }

  /** One reflection round: reflect on {@code output} with its cited bullets, apply the tags. */
  private Reflection reflectAndTag(Context context, Sample sample, GeneratorOutput output, Feedback feedback,
      Provenance provenance, Attempt attempt) {
    Reflection reflection =
        reflector.reflect(context, sample, output, feedback, store.current(), labelMode == LabelMode.FULL);
    attempt.rounds++;
    attempt.usage = attempt.usage.plus(reflection.usage());
    List<Operation> tags = new ArrayList<>();
    reflection.bulletTags().forEach(tag -> tags.add(new Operation.Tag(tag.id(), tag.tag(), reflection.keyInsight())));
    write(new DeltaBatch("reflector tags", tags, provenance.withOperation("TAG")));
    return reflection;
  }

  /** What the learner may know about an answer: in NO_ORACLE the environment never sees the label. */
  private Feedback learnerFeedback(Sample sample, GeneratorOutput output) {
    return environment.evaluate(labelMode == LabelMode.NO_ORACLE ? sample.withoutGroundTruth() : sample, output);
  }

  /** The score reported for the run, kept apart from learning: in NO_ORACLE it is judged again with the label. */
  private Optional<Boolean> score(Sample sample, GeneratorOutput output, Feedback learnerFeedback) {
    if (labelMode == LabelMode.NO_ORACLE && sample.groundTruth().isPresent()) {
      return environment.evaluate(sample, output).correct();
    }
    return learnerFeedback.correct();
  }

  /**
   * Grow-and-refine, proactively after every curation: merge what the deduplicator finds, then bring the playbook
   * back under the token budget (merging, then retiring the lowest-value bullets). Each is its own version, so the
   * history shows why a bullet went.
   */
  private void refine() {
    write(Refinement.mergeDuplicates(store.current(), deduplicator));
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

  @Override
  public void close() {
    if (ownsFlow) {
      flow.close();
    }
  }

  /** Counters of one sample's learning. */
  private final class Attempt {
    int rounds;
    boolean curated;
    TokenUsage usage = TokenUsage.ZERO;

    SampleResult result(Sample sample, Optional<Boolean> correct, ModelReplyException problem) {
      return new SampleResult(sample.id(), correct, rounds, curated, store.current().version(), usage,
          Optional.ofNullable(problem).map(Throwable::getMessage));
    }
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

    public AceLoop build() {
      return new AceLoop(this);
    }
  }
}
