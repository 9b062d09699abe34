package dev.ace4j.coder.testgen;

import dev.ace4j.coder.mutation.MutationException;
import dev.ace4j.coder.mutation.MutationReport;
import dev.ace4j.coder.mutation.MutationTesting;
import dev.ace4j.core.AceLoop;
import dev.ace4j.core.Curator;
import dev.ace4j.core.Generator;
import dev.ace4j.core.PlaybookStore;
import dev.ace4j.core.RoleConfig;
import dev.ace4j.core.Sample;
import dev.ace4j.core.SampleResult;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.flow.Flow;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Writes a pytest suite for a Python module with a model, and proves it has teeth: the suite must pass on the
 * module, and its mutation score (the share of the module's mutants that some test fails on) must reach the target.
 * The ACE loop drives it: the Generator writes a suite with the test-generation playbook; the sandbox runs it on the
 * module and on every mutant; while the suite has wrong tests or falls short, the Reflector reads which tests failed
 * or which mutants survived (as diffs) and the Generator extends the suite; then the Curator files the lesson in the
 * playbook's test-generation sections, so the next module starts better. Tests still wrong after the last round are
 * dropped from that suite, which is measured again.
 *
 * <pre>{@code
 * TestGeneration generation = TestGeneration.builder(model, sandbox, FilePlaybookStore.open(file)).build();
 * GeneratedSuite suite = generation.generate("stats", Files.readString(Path.of("stats.py")), new Listener() {});
 * suite.tests().ifPresent(System.out::print);
 * }</pre>
 *
 * <p>The prompts hold the module, its name and the playbook; the feedback holds test names, their messages and
 * mutant diffs, never a duration or a path of the host: the same module, playbook and answers give the same prompts.
 */
public final class TestGeneration {
  /** The prompt the Generator writes suites with. */
  public static final String GENERATOR_TEMPLATE = "generator-tests-v1";
  /** The prompt the Curator files testing lessons with, into its own sections. */
  public static final String CURATOR_TEMPLATE = "curator-tests-v1";
  private static final Pattern PARAMETERS = Pattern.compile("\\[.*]$");

  private final LanguageModel model;
  private final Sandbox sandbox;
  private final PlaybookStore store;
  private final @Nullable Flow flow;
  private final int rounds;
  private final double target;
  private final MutationTesting mutation;

  private TestGeneration(Builder builder) {
    this.model = builder.model;
    this.sandbox = builder.sandbox;
    this.store = builder.store;
    this.flow = builder.flow;
    this.rounds = builder.rounds;
    this.target = builder.target;
    this.mutation = new MutationTesting(sandbox, builder.parallel, builder.timeout);
  }

  /**
   * @param model writes, reflects and curates
   * @param sandbox runs the suites, the mutants and coverage; borrowed
   * @param store the test-generation playbook, read and learned into; borrowed
   */
  public static Builder builder(LanguageModel model, Sandbox sandbox, PlaybookStore store) {
    return new Builder(model, sandbox, store);
  }

  /**
   * Generates a suite for {@code module} and learns from it.
   *
   * @param name the module's name, which the tests import ({@code stats} for stats.py); {@code solution} when the
   *     file's name is no Python identifier
   * @throws MutationException before any model call, when the module does not parse or has no functions, or the
   *     sandbox's python3 has no pytest
   */
  public GeneratedSuite generate(String name, String module, Listener listener) {
    long start = System.nanoTime();
    String importName = MutationTesting.importName(name);
    requireTestable(module);
    listener.checked();
    SuiteEnvironment environment = new SuiteEnvironment(importName, module, target, mutation, listener::measured,
        listener::mutant);
    AceLoop.Builder loop = AceLoop.builder(model, environment, store)
        .generator(new Generator(model, RoleConfig.defaults(GENERATOR_TEMPLATE)))
        .curator(new Curator(model, RoleConfig.defaults(CURATOR_TEMPLATE)))
        .rounds(rounds);
    if (flow != null) {
      loop.flow(flow);
    }
    SampleResult result;
    try (AceLoop running = loop.build()) {
      result = running.online(List.of(sample(importName, module))).samples().get(0);
    }
    pruneLast(environment);
    List<SuiteRound> done = environment.rounds();
    Optional<Coverage> coverage = GeneratedSuite.best(done).map(SuiteRound::tests).flatMap(tests ->
        new SuiteTools(sandbox).coverage(module, tests, MutationTesting.alias(importName, tests)));
    return new GeneratedSuite(importName, done, target, coverage, result.playbookVersion(), result.bulletsAdded(),
        result.usage(), Duration.ofNanos(System.nanoTime() - start), result.problem());
  }

  /** The task the Generator reads: the module, and how its tests see it. */
  static Sample sample(String name, String module) {
    String question = "Write a pytest test suite for the Python module `" + name + "` below: every test must pass "
        + "on the module as it is, and the suite must fail on broken versions of it.";
    String context = "Language: python\n\nThe tests import the module by its name: `from " + name + " import ...`."
        + " Available: the standard library, pytest, and Hypothesis (`from hypothesis import given, strategies as "
        + "st`) for property-based tests.\n\nModule " + name + ".py:\n```python\n" + module.strip() + "\n```\n";
    return new Sample("testgen-" + name, question, context, Optional.empty());
  }

  /** Refuses, before any model call, a module mutation testing cannot measure. */
  private void requireTestable(String module) {
    MutationTesting.Mutants mutants = mutation.mutants(module);
    if (mutants.functions() == 0) {
      throw new MutationException("the module has no functions: test generation targets functions; give a module "
          + "that defines at least one");
    }
    Execution pytest = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON, "import pytest\n").build());
    if (pytest.status() != Status.OK || pytest.exitCode() != 0) {
      throw new MutationException("pytest is not installed for the sandbox's python3: install it with `apt-get "
          + "install python3-pytest`");
    }
  }

  /**
   * When the last suite has tests that fail on the module and tests that pass, the failing ones are wrong (the module
   * is right by definition): they are dropped and the rest measured as one more round.
   */
  private void pruneLast(SuiteEnvironment environment) {
    List<SuiteRound> done = environment.rounds();
    if (done.isEmpty()) {
      return;
    }
    SuiteRound last = done.get(done.size() - 1);
    Optional<MutationReport> report = last.measured().filter(r -> !r.originalPassed());
    if (report.isEmpty() || report.get().originalTests().stream().noneMatch(TestResult::passed)) {
      return;
    }
    List<String> wrong = report.get().originalFailures().stream()
        .map(test -> PARAMETERS.matcher(test.name()).replaceFirst("")).distinct().toList();
    new SuiteTools(sandbox).prune(last.tests(), wrong).filter(tests -> !tests.isBlank())
        .ifPresent(tests -> environment.pruned(tests, wrong));
  }

  /** Hears about the work as it goes, for progress displays. */
  public interface Listener {
    /** The module can be measured: the model is about to be called. */
    default void checked() {}

    /** A suite was run on the module and, if it passed, on its mutants. */
    default void measured(SuiteRound round) {}

    /** A mutant's verdict came in; from several threads at once. */
    default void mutant(MutationReport.Result result) {}
  }

  /** Configures a {@link TestGeneration}; not thread-safe. */
  public static final class Builder {
    private final LanguageModel model;
    private final Sandbox sandbox;
    private final PlaybookStore store;
    private @Nullable Flow flow;
    private int rounds = 3;
    private double target = 0.8;
    private int parallel = 4;
    private Optional<Duration> timeout = Optional.empty();

    private Builder(LanguageModel model, Sandbox sandbox, PlaybookStore store) {
      this.model = Objects.requireNonNull(model, "model");
      this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** Suites written after the first, to fix wrong tests or kill survivors: 1 to 5. Default 3. */
    public Builder rounds(int value) {
      if (value < 1 || value > 5) {
        throw new IllegalArgumentException("rounds must be between 1 and 5, got " + value);
      }
      this.rounds = value;
      return this;
    }

    /** The mutation score a suite must reach to end the loop, in (0, 1]. Default 0.8. */
    public Builder target(double value) {
      if (!(value > 0 && value <= 1)) {
        throw new IllegalArgumentException("target must be in (0, 1], got " + value);
      }
      this.target = value;
      return this;
    }

    /** Mutants run at once. Default 4. */
    public Builder parallel(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("parallel must be at least 1, got " + value);
      }
      this.parallel = value;
      return this;
    }

    /** Each mutant's wall-clock limit. Default: ten times the suite's time on the module, at least 1 s. */
    public Builder timeout(Duration value) {
      this.timeout = Optional.of(value);
      return this;
    }

    /** The flow the role calls run in (its OpenTelemetry). Default: a no-op flow of the loop's own. */
    public Builder flow(Flow value) {
      this.flow = Objects.requireNonNull(value, "flow");
      return this;
    }

    public TestGeneration build() {
      return new TestGeneration(this);
    }
  }
}
