package dev.ace4j.coder.testgen;

import dev.ace4j.coder.FeedbackText;
import dev.ace4j.coder.GeneratedCode;
import dev.ace4j.coder.mutation.MutationException;
import dev.ace4j.coder.mutation.MutationReport;
import dev.ace4j.coder.mutation.MutationTesting;
import dev.ace4j.core.GeneratorOutput;
import dev.ace4j.core.Sample;
import dev.ace4j.core.spi.Environment;
import dev.ace4j.core.spi.Feedback;
import dev.ace4j.sandbox.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Judges a generated test suite: it must pass on the module (which is right by definition), and then fail on enough
 * of the module's mutants to reach the target score. The feedback names the wrong tests, or shows the surviving
 * mutants as diffs; it holds nothing that varies between identical runs. Every suite judged is kept, in order.
 */
final class SuiteEnvironment implements Environment {
  /** The most surviving mutants a feedback shows: enough to aim at, short enough to read. */
  private static final int SHOWN = 10;

  private final String name;
  private final String module;
  private final double target;
  private final MutationTesting mutation;
  private final Consumer<SuiteRound> measured;
  private final Consumer<MutationReport.Result> mutant;
  private final List<SuiteRound> rounds = new ArrayList<>();

  SuiteEnvironment(String name, String module, double target, MutationTesting mutation,
      Consumer<SuiteRound> measured, Consumer<MutationReport.Result> mutant) {
    this.name = name;
    this.module = module;
    this.target = target;
    this.mutation = mutation;
    this.measured = measured;
    this.mutant = mutant;
  }

  @Override
  public Feedback evaluate(Sample sample, GeneratorOutput output) {
    Optional<String> tests = GeneratedCode.of(output);
    SuiteRound round;
    if (tests.isEmpty()) {
      round = record("", Optional.empty(), Optional.of("the reply holds no test file"), List.of());
    } else {
      try {
        round = record(tests.get(), Optional.of(run(tests.get())), Optional.empty(), List.of());
      } catch (MutationException e) {
        round = record(tests.get(), Optional.empty(), Optional.of(String.valueOf(e.getMessage())), List.of());
      }
    }
    return new Feedback(text(round), Optional.of(round.score().orElse(-1) >= target), Optional.of(round));
  }

  /**
   * Measures a suite made from an earlier one without {@code dropped}, its wrong tests, and keeps it as the next
   * round.
   */
  SuiteRound pruned(String tests, List<String> dropped) {
    return record(tests, Optional.of(run(tests)), Optional.empty(), dropped);
  }

  synchronized List<SuiteRound> rounds() {
    return List.copyOf(rounds);
  }

  private MutationReport run(String tests) {
    return mutation.run(module, name, tests, mutant);
  }

  private synchronized SuiteRound record(String tests, Optional<MutationReport> report, Optional<String> problem,
      List<String> dropped) {
    SuiteRound round = new SuiteRound(rounds.size() + 1, tests, report, problem, dropped);
    rounds.add(round);
    measured.accept(round);
    return round;
  }

  /** What the Reflector reads about a suite. */
  private String text(SuiteRound round) {
    if (round.problem().isPresent()) {
      return "The suite could not be run: " + round.problem().get() + ". Reply with the whole test file in \"code\": "
          + "pytest test_ functions that import the module as `" + name + "`.";
    }
    MutationReport report = round.measured().orElseThrow();
    StringBuilder text = new StringBuilder();
    if (!report.originalPassed()) {
      List<TestResult> failures = report.originalFailures();
      text.append(failures.size()).append(" of ").append(round.testCount())
          .append(" tests fail on the module. The module is correct by definition, so each of these tests is wrong")
          .append(" (a wrong expected value, a wrong assumption about the module, or an error in the test):\n");
      for (TestResult failure : failures) {
        text.append("- ").append(failure.name()).append(": ")
            .append(FeedbackText.normalise(failure.message()).lines().limit(3).reduce((a, b) -> a + " | " + b)
                .orElse("(no message)"))
            .append('\n');
      }
      return text.toString();
    }
    List<MutationReport.Result> survivors = report.survivors();
    text.append(String.format(Locale.ROOT, "All %d tests pass on the module. Mutation score %.2f: %d of %d mutants "
            + "killed (target %.2f).", round.testCount(), report.score(), report.results().size() - survivors.size(),
        report.results().size(), target));
    if (survivors.isEmpty()) {
      return text.append('\n').toString();
    }
    text.append(" Each surviving mutant below is a change to the module that no test noticed; add assertions that "
        + "fail on it:\n");
    for (MutationReport.Result survivor : survivors.subList(0, Math.min(SHOWN, survivors.size()))) {
      text.append("\nmutant ").append(survivor.mutant().number()).append(" (line ").append(survivor.mutant().line())
          .append(", ").append(survivor.mutant().operator()).append(": ").append(survivor.mutant().description())
          .append(")\n").append(survivor.mutant().diff());
    }
    if (survivors.size() > SHOWN) {
      text.append("\n... and ").append(survivors.size() - SHOWN).append(" more surviving mutants.\n");
    }
    return text.toString();
  }
}
