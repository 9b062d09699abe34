package dev.ace4j.coder;

import dev.ace4j.core.AceLoop;
import dev.ace4j.core.Attempt;
import dev.ace4j.core.FilePlaybookStore;
import dev.ace4j.core.Generator;
import dev.ace4j.core.InMemoryPlaybookStore;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookStore;
import dev.ace4j.core.RunResult;
import dev.ace4j.core.Sample;
import dev.ace4j.core.SampleResult;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.spi.ModelReply;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.flow.Context;
import dev.ace4j.flow.Flow;
import dev.ace4j.flow.Step;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Code generation that learns from its own test runs. For each task: the Generator writes a program with the
 * playbook; the sandbox runs it against the task's visible tests; while it fails, the Reflector diagnoses the run
 * and the Generator tries again (up to the rounds limit); then the Curator turns the last reflection into playbook
 * changes, applied as one new version. The next task starts from that playbook.
 *
 * <pre>{@code
 * try (SelfLearningCoder coder = SelfLearningCoder.builder(model).playbook(Path.of("playbook.json")).build()) {
 *   Solution solution = coder.solve(task);
 *   solution.code().ifPresent(System.out::println);
 * }
 * }</pre>
 *
 * <p>The learner sees the task's prompt, signature and visible tests only: hidden tests and the reference solution
 * never reach a model. One coder is the playbook's only writer while it runs; its methods run one at a time.
 */
public final class SelfLearningCoder implements AutoCloseable {
  private final LanguageModel model;
  private final PlaybookStore store;
  private final Sandbox sandbox;
  private final Flow flow;
  private final int rounds;
  private final int parallelism;
  private final Pricing pricing;
  private final Optional<String> runId;
  private final List<AutoCloseable> owned;

  private SelfLearningCoder(Builder builder, PlaybookStore store, Sandbox sandbox, Flow flow,
      List<AutoCloseable> owned) {
    this.model = builder.model;
    this.store = store;
    this.sandbox = sandbox;
    this.flow = flow;
    this.rounds = builder.rounds;
    this.parallelism = builder.parallelism;
    this.pricing = builder.pricing;
    this.runId = builder.runId;
    this.owned = owned;
  }

  /** A coder writing with {@code model}; configure where the playbook lives and the rest on the builder. */
  public static Builder builder(LanguageModel model) {
    return new Builder(Objects.requireNonNull(model, "model"));
  }

  /** Solves one task and learns from it (online: the playbook is updated before this returns). */
  public synchronized Solution solve(CodeTask task) {
    return learn(List.of(task), new Listener() {}).get(0);
  }

  /**
   * Solves {@code tasks} and learns from them as one batch: up to the configured parallelism of tasks are written
   * and tested at once against the playbook as it is now; then each task's lesson is curated into the playbook in
   * the order given. The same model answers give the same playbook, however the threads interleave.
   *
   * @param listener told of every program and every finished task as they happen
   * @throws IllegalArgumentException when two tasks share an id
   */
  public synchronized List<Solution> learn(List<CodeTask> tasks, Listener listener) {
    return run(tasks, listener, model, (loop, samples) -> loop.batch(samples, parallelism));
  }

  /**
   * Solves {@code tasks} with the playbook as it is, one program each (several at once with parallelism), learning
   * nothing and writing nothing.
   */
  public synchronized List<Solution> evaluate(List<CodeTask> tasks, Listener listener) {
    return run(tasks, listener, model, (loop, samples) -> loop.evaluate(samples, parallelism));
  }

  /**
   * {@link #evaluate(List, Listener)} with every program drawn as sample {@code index} of several, at {@code
   * temperature}: for pass@k, each sample is one such pass. Samples differ in what a cache or a recording keys the
   * model's answers by, so a rerun is served sample for sample and no sample is served another's answer.
   */
  public synchronized List<Solution> evaluate(List<CodeTask> tasks, Listener listener, int index, double temperature) {
    LanguageModel sampled = new LanguageModel() {
      @Override
      public ModelReply chat(ModelRequest request) {
        return model.chat(request.asSample(index, temperature));
      }

      @Override
      public ModelReply chat(ModelRequest request, Context context) {
        return model.chat(request.asSample(index, temperature), context);
      }

      @Override
      public void rejected(ModelRequest request, ModelReply reply) {
        model.rejected(request.asSample(index, temperature), reply);
      }
    };
    return run(tasks, listener, sampled, (loop, samples) -> loop.evaluate(samples, parallelism));
  }

  /** {@link #solve} as an ace-flow step named {@code coder.solve}, to compose with retries, timeouts and spans. */
  public Step<CodeTask, Solution> step() {
    return Step.of("coder.solve", (task, context) -> solve(task));
  }

  /** How many tasks are written and tested at once. */
  public int parallelism() {
    return parallelism;
  }

  /** The playbook as it is now. */
  public Playbook playbook() {
    return store.current();
  }

  public PlaybookStore store() {
    return store;
  }

  /** @param writer the model that writes the programs; the coder's own model for everything else */
  private List<Solution> run(List<CodeTask> tasks, Listener listener, LanguageModel writer,
      BiFunction<AceLoop, List<Sample>, RunResult> mode) {
    SandboxEnvironment environment = new SandboxEnvironment(tasks, sandbox);
    List<Solution> solutions = new ArrayList<>();
    AceLoop.Listener hooks = new AceLoop.Listener() {
      @Override
      public void attempted(Sample sample, Attempt attempt) {
        listener.attempted(environment.task(sample.id()), CodeAttempt.of(attempt));
      }

      @Override
      public void finished(Sample sample, SampleResult result) {
        Solution solution = solution(environment.task(sample.id()), result);
        solutions.add(solution);
        listener.solved(solution);
      }
    };
    AceLoop.Builder builder = AceLoop.builder(model, environment, store)
        .generator(Generator.forCode(writer))
        .flow(flow)
        .rounds(rounds)
        .listener(hooks);
    runId.ifPresent(builder::runId);
    try (AceLoop loop = builder.build()) {
      mode.apply(loop, tasks.stream().map(CodeSamples::of).toList());
    }
    return List.copyOf(solutions);
  }

  private Solution solution(CodeTask task, SampleResult result) {
    List<CodeAttempt> attempts = result.attempts().stream().map(CodeAttempt::of).toList();
    Optional<String> code = attempts.isEmpty() ? Optional.empty() : attempts.get(attempts.size() - 1).code();
    return new Solution(task, code, result.solved(), attempts, result.rounds(), result.delta(),
        result.playbookVersion(), result.usage(), pricing.cost(result.usage()), result.duration(), result.problem());
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not close " + resource + ": " + e.getMessage(), e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Hears about the work as it goes: for progress displays and durable records. */
  public interface Listener {
    /**
     * A program was written and tested. Called on the thread that wrote it: with parallelism, several at once.
     */
    default void attempted(CodeTask task, CodeAttempt attempt) {}

    /** A task is done and its lesson is in the playbook. Called in task order on the calling thread. */
    default void solved(Solution solution) {}
  }

  /** Configures a {@link SelfLearningCoder}; not thread-safe. */
  public static final class Builder {
    private final LanguageModel model;
    private @Nullable Path playbookFile;
    private @Nullable PlaybookStore store;
    private @Nullable Sandbox sandbox;
    private @Nullable Flow flow;
    private int rounds = 3;
    private int parallelism = 1;
    private Pricing pricing = Pricing.unknown();
    private Optional<String> runId = Optional.empty();

    private Builder(LanguageModel model) {
      this.model = model;
    }

    /** Keep the playbook in {@code file} (created when absent; crash-safe, with its history beside it). */
    public Builder playbook(Path file) {
      this.playbookFile = Objects.requireNonNull(file, "file");
      this.store = null;
      return this;
    }

    /** Keep the playbook in {@code value}, which the caller closes. Default: in memory, gone when the coder is. */
    public Builder store(PlaybookStore value) {
      this.store = Objects.requireNonNull(value, "store");
      this.playbookFile = null;
      return this;
    }

    /** Run programs in {@code value}, which the caller closes. Default: a bubblewrap sandbox of the coder's own. */
    public Builder sandbox(Sandbox value) {
      this.sandbox = Objects.requireNonNull(value, "sandbox");
      return this;
    }

    /** The flow the role calls run in (its OpenTelemetry). Default: a no-op flow of the coder's own. */
    public Builder flow(Flow value) {
      this.flow = Objects.requireNonNull(value, "flow");
      return this;
    }

    /**
     * Reflect-and-retry rounds for a failing program, 1 to 5. Default 3.
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

    /**
     * How many tasks of a batch are written and tested at once. Default 1.
     *
     * @throws IllegalArgumentException when below 1
     */
    public Builder parallelism(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, got " + value);
      }
      this.parallelism = value;
      return this;
    }

    /** What tokens cost. Default: unknown. */
    public Builder pricing(Pricing value) {
      this.pricing = Objects.requireNonNull(value, "pricing");
      return this;
    }

    /** The run id recorded in the provenance of every bullet learned. Default: a random one per call. */
    public Builder runId(String value) {
      this.runId = Optional.of(value);
      return this;
    }

    /**
     * @throws dev.ace4j.core.PlaybookFormatException when the playbook file exists but is not a playbook
     * @throws dev.ace4j.sandbox.SandboxUnavailableException when no sandbox was given and none can be created here
     */
    public SelfLearningCoder build() {
      List<AutoCloseable> owned = new ArrayList<>();
      try {
        PlaybookStore chosen = store;
        if (chosen == null && playbookFile != null) {
          FilePlaybookStore file = FilePlaybookStore.open(playbookFile);
          owned.add(file);
          chosen = file;
        } else if (chosen == null) {
          chosen = InMemoryPlaybookStore.empty();
        }
        Sandbox chosenSandbox = sandbox;
        if (chosenSandbox == null) {
          chosenSandbox = Sandboxes.create();
          owned.add(chosenSandbox);
        }
        Flow chosenFlow = flow;
        if (chosenFlow == null) {
          chosenFlow = Flow.create();
          owned.add(chosenFlow);
        }
        return new SelfLearningCoder(this, chosen, chosenSandbox, chosenFlow, List.copyOf(owned));
      } catch (RuntimeException e) {
        owned.forEach(SelfLearningCoder::closeQuietly);
        throw e;
      }
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception ignored) {
      // The build failed for another reason, which is the one worth reporting.
    }
  }
}
