package dev.ace4j.coder.mutation;

import dev.ace4j.sandbox.TestResult;
import java.time.Duration;
import java.util.List;

/**
 * What mutation testing found: each mutant with its verdict, or, when the module fails its own tests, those tests.
 *
 * @param functions how many functions the module has (for a Java class: how many of its methods PIT mutated)
 * @param originalTests the tests as they ran on the unchanged module; when one failed, no mutant was run
 * @param results each mutant's verdict, in the mutants' order
 * @param duration the whole run's wall time
 */
public record MutationReport(int functions, List<TestResult> originalTests, List<Result> results,
    Duration duration) {

  public MutationReport {
    originalTests = List.copyOf(originalTests);
    results = List.copyOf(results);
  }

  /** How a mutant fared against the tests. */
  public enum Verdict {
    /** A test failed or errored on it. */
    KILLED,
    /** It ran past the time limit: counted as killed, and reported. */
    TIMED_OUT,
    /** Every test passed on it: the suite cannot tell it from the module. */
    SURVIVED,
    /**
     * Every test passed on it, and so did the module's differential cases, which ran the line it changes: likely
     * equivalent to the module (no test could tell them apart), so left out of the score, and reported.
     */
    EQUIVALENT,
    /**
     * No test runs the code it changes, so no test could tell it apart: reported, and left out of the score. PIT
     * says so of a Java mutant ({@code NO_COVERAGE}); Python survivors are checked for equivalence instead.
     */
    UNREACHED;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  /** One mutant's verdict, and the first test that told it apart (empty when it survived or timed out). */
  public record Result(Mutant mutant, Verdict verdict, String killedBy) {}

  /** The tests that failed or errored on the unchanged module. */
  public List<TestResult> originalFailures() {
    return originalTests.stream().filter(t -> t.outcome() == TestResult.Outcome.FAILED
        || t.outcome() == TestResult.Outcome.ERROR).toList();
  }

  /** Whether the module passed its own tests, so that the mutants were run. */
  public boolean originalPassed() {
    return originalFailures().isEmpty();
  }

  public long count(Verdict verdict) {
    return results.stream().filter(r -> r.verdict() == verdict).count();
  }

  /**
   * Killed (timeouts included) over the mutants some test could tell apart: all but the equivalent and the
   * unreached; 1 when there are none.
   */
  public double score() {
    long scored = results.size() - count(Verdict.EQUIVALENT) - count(Verdict.UNREACHED);
    return scored == 0 ? 1.0 : (double) (count(Verdict.KILLED) + count(Verdict.TIMED_OUT)) / scored;
  }

  public List<Result> survivors() {
    return results.stream().filter(r -> r.verdict() == Verdict.SURVIVED).toList();
  }

  public List<Result> unreached() {
    return results.stream().filter(r -> r.verdict() == Verdict.UNREACHED).toList();
  }
}
