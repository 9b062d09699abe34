package dev.ace4j.coder.testgen;

import dev.ace4j.coder.mutation.MutationReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One test suite the Generator wrote, and what the sandbox made of it: its tests' run on the module and, when they
 * all passed, the mutation score.
 *
 * @param number from 1, in the order written
 * @param tests the suite's source; blank when the reply held none
 * @param measured the suite's run on the module and its mutants; empty when it could not be run (see problem)
 * @param problem why the suite could not be run (no test file in the reply, no tests in it); empty when it ran
 * @param dropped the tests removed from the round before, because they failed on the module (which is right by
 *     definition, so the test was wrong); empty for a suite the Generator wrote
 */
public record SuiteRound(int number, String tests, Optional<MutationReport> measured, Optional<String> problem,
    List<String> dropped) {
  public SuiteRound {
    dropped = List.copyOf(dropped);
    Objects.requireNonNull(tests, "tests");
    Objects.requireNonNull(measured, "measured");
    Objects.requireNonNull(problem, "problem");
  }

  /** How many tests ran on the module. */
  public int testCount() {
    return measured.map(m -> m.originalTests().size()).orElse(0);
  }

  /** Whether every test passed on the module, so that the mutants ran. */
  public boolean passed() {
    return measured.filter(MutationReport::originalPassed).isPresent() && testCount() > 0;
  }

  /** The mutation score, when every test passed on the module. */
  public OptionalDouble score() {
    return passed() ? OptionalDouble.of(measured.orElseThrow().score()) : OptionalDouble.empty();
  }
}
