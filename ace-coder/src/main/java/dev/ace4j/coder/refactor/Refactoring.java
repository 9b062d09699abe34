package dev.ace4j.coder.refactor;

import dev.ace4j.coder.FeedbackText;
import dev.ace4j.coder.GeneratedCode;
import dev.ace4j.coder.mutation.DifferentialCases;
import dev.ace4j.coder.mutation.MutationException;
import dev.ace4j.coder.mutation.MutationTesting;
import dev.ace4j.core.AceLoop;
import dev.ace4j.core.Generator;
import dev.ace4j.core.PlaybookStore;
import dev.ace4j.core.RoleConfig;
import dev.ace4j.core.Sample;
import dev.ace4j.core.SampleResult;
import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.flow.Flow;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Refactors a Python module toward a goal with a model, accepting a rewrite only when it keeps the module's
 * behaviour: the module's own tests, when given, pass on it, and it agrees with the original on differential cases
 * (inputs generated for each public function, with what the original returned or raised on each, checked to pass on
 * the original first). Both run sealed in the sandbox, so a rewrite cannot forge its verdict, and the cases stay on
 * the tests' side, out of the rewrite's reach. While a rewrite is rejected, the Reflector reads which tests failed or
 * which inputs told the versions apart, and the Generator tries again; then the Curator files the lesson in the
 * refactoring playbook.
 *
 * <p>The prompts hold the module, its tests, the goal and the playbook; the feedback holds test names, messages and
 * the differing calls, never a duration or a host path.
 */
public final class Refactoring {
  /** The prompt the Generator rewrites modules with. */
  public static final String GENERATOR_TEMPLATE = "generator-refactor-v1";
  /** The most failures of each kind a feedback shows. */
  private static final int SHOWN = 8;

  private final LanguageModel model;
  private final Sandbox sandbox;
  private final PlaybookStore store;
  private final @Nullable Flow flow;
  private final int rounds;

  private Refactoring(Builder builder) {
    this.model = builder.model;
    this.sandbox = builder.sandbox;
    this.store = builder.store;
    this.flow = builder.flow;
    this.rounds = builder.rounds;
  }

  /**
   * @param model rewrites, reflects and curates
   * @param sandbox runs the cases, the tests and the rewrites; borrowed
   * @param store the refactoring playbook, read and learned into; borrowed
   */
  public static Builder builder(LanguageModel model, Sandbox sandbox, PlaybookStore store) {
    return new Builder(model, sandbox, store);
  }

  /**
   * Refactors {@code original} toward {@code goal}.
   *
   * @param name the module's file name without {@code .py}, which its tests import (or {@code solution})
   * @param tests the module's pytest suite, if it has one
   * @throws RefactorException before any model call, when the module does not import, its tests fail on it, or
   *     nothing pins its behaviour (no tests, and no function could be called on generated inputs)
   */
  public RefactorResult refactor(String name, String original, String goal, Optional<String> tests,
      Listener listener) {
    long start = System.nanoTime();
    String importName = MutationTesting.importName(name);
    DifferentialCases cases;
    try {
      cases = DifferentialCases.of(sandbox, original);
    } catch (MutationException e) {
      throw new RefactorException(String.valueOf(e.getMessage()));
    }
    requirePassing(original, cases.tests(), "the differential cases made from it (its results vary between runs: "
        + "pin them with --tests instead, or make it deterministic)", importName);
    tests.ifPresent(suite -> requirePassing(original, suite, "its tests", importName));
    if (cases.count() == 0 && tests.isEmpty()) {
      throw new RefactorException("no public function of the module could be called on generated inputs, and no "
          + "tests were given: give the module's tests, which pin its behaviour");
    }
    listener.checked(cases.count());
    List<RefactorAttempt> attempts = new ArrayList<>();
    Environment environment = (sample, output) -> {
      RefactorAttempt attempt = judge(attempts.size() + 1, GeneratedCode.of(output), importName, cases, tests);
      attempts.add(attempt);
      listener.attempted(attempt);
      return new Feedback(feedback(attempt), Optional.of(attempt.accepted()), Optional.of(attempt));
    };
    AceLoop.Builder loop = AceLoop.builder(model, environment, store)
        .generator(new Generator(model, RoleConfig.defaults(GENERATOR_TEMPLATE)))
        .rounds(rounds);
    if (flow != null) {
      loop.flow(flow);
    }
    SampleResult result;
    try (AceLoop running = loop.build()) {
      result = running.online(List.of(sample(importName, original, goal, tests))).samples().get(0);
    }
    return new RefactorResult(importName, cases.count(), attempts, result.playbookVersion(), result.bulletsAdded(),
        result.usage(), Duration.ofNanos(System.nanoTime() - start), result.problem());
  }

  /** The task the Generator reads. */
  static Sample sample(String name, String original, String goal, Optional<String> tests) {
    String question = "Refactor the Python module `" + name + "` below: " + goal.strip() + "\nKeep its behaviour "
        + "exactly: the same public functions, the same results and the same exception types on every input.";
    StringBuilder context = new StringBuilder("Language: python\n\nModule ").append(name).append(".py:\n```python\n")
        .append(original.strip()).append("\n```\n");
    tests.ifPresent(suite -> context.append("\nIts tests (they import it as `").append(name)
        .append("`; they must still pass):\n```python\n").append(suite.strip()).append("\n```\n"));
    context.append("\nBesides the tests, your version is compared with the original on generated inputs.\n");
    return new Sample("refactor-" + name, question, context.toString(), Optional.empty());
  }

  private void requirePassing(String module, String tests, String what, String name) {
    Execution run = run(module, tests, name);
    List<String> failed = failures(run);
    if (!failed.isEmpty() || run.status() != Status.OK) {
      throw new RefactorException("the original module fails " + what + ": " + (failed.isEmpty()
          ? run.status().id() + ": " + run.detail() : String.join("; ", failed.subList(0, Math.min(3,
              failed.size())))));
    }
  }

  private RefactorAttempt judge(int number, Optional<String> code, String name, DifferentialCases cases,
      Optional<String> tests) {
    if (code.isEmpty()) {
      return new RefactorAttempt(number, "", List.of(), List.of(), Optional.of("the reply holds no module"));
    }
    List<String> failedTests = new ArrayList<>();
    if (tests.isPresent()) {
      Execution run = run(code.get(), tests.get(), name);
      failedTests.addAll(failures(run));
      if (failedTests.isEmpty() && run.status() != Status.OK) {
        failedTests.add("(the suite): " + run.status().id() + ": " + FeedbackText.normalise(run.detail()));
      }
    }
    List<String> differences = new ArrayList<>();
    if (cases.count() > 0) {
      Execution run = run(code.get(), cases.tests(), name);
      for (String failure : failures(run)) {
        // "test_same_as_the_original[f-3]: AssertionError: f(3): the original returned 1, ..." -> from "f(3)".
        int colon = failure.indexOf(": ", failure.indexOf("]: ") + 3);
        differences.add(failure.startsWith("AssertionError", failure.indexOf("]: ") + 3) && colon > 0
            ? failure.substring(colon + 2) : failure);
      }
      if (differences.isEmpty() && run.status() != Status.OK) {
        differences.add("the comparison did not finish: " + run.status().id() + ": "
            + FeedbackText.normalise(run.detail()));
      }
    }
    return new RefactorAttempt(number, code.get(), failedTests, differences, Optional.empty());
  }

  private Execution run(String module, String tests, String name) {
    ExecutionRequest.Builder request = ExecutionRequest.testSuite(Language.PYTHON, module, tests);
    MutationTesting.alias(name, tests).forEach(request::file);
    return sandbox.execute(request.build());
  }

  /** Each failed test as {@code name: the first line of its message}, normalised. */
  private static List<String> failures(Execution run) {
    return run.tests().stream().filter(t -> t.outcome() == TestResult.Outcome.FAILED
            || t.outcome() == TestResult.Outcome.ERROR)
        .map(t -> t.name() + ": " + FeedbackText.normalise(t.message()).lines().findFirst().orElse("(no message)"))
        .toList();
  }

  /** What the Reflector reads about a rewrite. */
  private static String feedback(RefactorAttempt attempt) {
    if (attempt.problem().isPresent()) {
      return "The rewrite could not be judged: " + attempt.problem().get() + ". Reply with the whole module in "
          + "\"code\".";
    }
    if (attempt.accepted()) {
      return "Accepted: the tests pass and the rewrite agrees with the original on every generated input.\n";
    }
    StringBuilder text = new StringBuilder("Rejected: the rewrite changes the module's behaviour.\n");
    if (!attempt.failedTests().isEmpty()) {
      text.append(attempt.failedTests().size()).append(" of the module's tests fail on it:\n");
      attempt.failedTests().stream().limit(SHOWN).forEach(f -> text.append("- ").append(f).append('\n'));
    }
    if (!attempt.differences().isEmpty()) {
      text.append("It behaves differently from the original on ").append(attempt.differences().size())
          .append(" generated input").append(attempt.differences().size() == 1 ? "" : "s").append(":\n");
      attempt.differences().stream().limit(SHOWN).forEach(d -> text.append("- ").append(d).append('\n'));
    }
    return text.toString();
  }

  /** Hears about the work as it goes, for progress displays. */
  public interface Listener {
    /** The original passed its tests and its {@code cases} differential cases: the model is about to be called. */
    default void checked(int cases) {}

    /** A rewrite was judged. */
    default void attempted(RefactorAttempt attempt) {}
  }

  /** Configures a {@link Refactoring}; not thread-safe. */
  public static final class Builder {
    private final LanguageModel model;
    private final Sandbox sandbox;
    private final PlaybookStore store;
    private @Nullable Flow flow;
    private int rounds = 3;

    private Builder(LanguageModel model, Sandbox sandbox, PlaybookStore store) {
      this.model = Objects.requireNonNull(model, "model");
      this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** Rewrites after a rejected first one, 1 to 5. Default 3. */
    public Builder rounds(int value) {
      if (value < 1 || value > 5) {
        throw new IllegalArgumentException("rounds must be between 1 and 5, got " + value);
      }
      this.rounds = value;
      return this;
    }

    /** The flow the role calls run in (its OpenTelemetry). Default: a no-op flow of the loop's own. */
    public Builder flow(Flow value) {
      this.flow = Objects.requireNonNull(value, "flow");
      return this;
    }

    public Refactoring build() {
      return new Refactoring(this);
    }
  }
}
