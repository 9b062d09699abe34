package dev.ace4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.Output;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The host's side of the quick runner for sealed Python suites: which suites it is tried on, and when its run
 * decides the request or pytest runs the suite again. The runner itself is exercised in the sandbox by
 * {@code SealedTestsTest}.
 */
class QuickRunnerPlanTest {
  private static final TestResult PASSED = new TestResult("test_solution", "test_a", TestResult.Outcome.PASSED, "",
      Duration.ZERO);
  private static final TestResult FAILED = new TestResult("test_solution", "test_b", TestResult.Outcome.FAILED,
      "assert 1 == 2", Duration.ZERO);

  private static Execution run(Status status, int exitCode, List<TestResult> tests, long millis) {
    return new Execution(status, exitCode, Output.empty(), Output.empty(), Optional.empty(), tests,
        Duration.ofMillis(millis), List.of(), "test", "");
  }

  @Test
  void aRunIsConclusiveWhenEveryTestPassedWithExitZeroOrALimitEndedIt() {
    assertThat(Results.conclusive(run(Status.OK, 0, List.of(PASSED), 1))).isTrue();
    assertThat(Results.conclusive(run(Status.TIMEOUT, -1, List.of(), 1))).isTrue();
    assertThat(Results.conclusive(run(Status.MEMORY_LIMIT, 137, List.of(), 1))).isTrue();
    assertThat(Results.conclusive(run(Status.OUTPUT_LIMIT, -1, List.of(), 1))).isTrue();

    assertThat(Results.conclusive(run(Status.OK, 0, List.of(), 1))).as("no tests").isFalse();
    assertThat(Results.conclusive(run(Status.OK, 0, List.of(PASSED, FAILED), 1))).as("one failed").isFalse();
    assertThat(Results.conclusive(run(Status.OK, 3, List.of(PASSED), 1))).as("exit 3").isFalse();
    assertThat(Results.conclusive(run(Status.ERROR, 3, List.of(), 1))).isFalse();
    assertThat(Results.conclusive(run(Status.SANDBOX_FAILURE, -1, List.of(), 1))).isFalse();
  }

  @Test
  void anInconclusiveRunIsRunAgainByTheFallbackWhoseVerdictCountsWithTheTimeOfBoth() {
    RunPlan pytest = plan(List.of("pytest"), Optional.empty());
    RunPlan quick = plan(List.of("quick"), Optional.of(pytest));
    List<String> ran = new ArrayList<>();

    Execution decided = Results.withFallback(quick, plan -> {
      ran.add(plan.argv().get(0));
      return plan == quick ? run(Status.ERROR, 3, List.of(), 5) : run(Status.OK, 1, List.of(FAILED), 60);
    });

    assertThat(ran).containsExactly("quick", "pytest");
    assertThat(decided.tests()).containsExactly(FAILED);
    assertThat(decided.exitCode()).isEqualTo(1);
    assertThat(decided.duration()).isEqualTo(Duration.ofMillis(65));
  }

  @Test
  void aConclusiveRunIsTheVerdict() {
    RunPlan quick = plan(List.of("quick"), Optional.of(plan(List.of("pytest"), Optional.empty())));
    List<String> ran = new ArrayList<>();

    Execution decided = Results.withFallback(quick, plan -> {
      ran.add(plan.argv().get(0));
      return run(Status.OK, 0, List.of(PASSED), 5);
    });

    assertThat(ran).containsExactly("quick");
    assertThat(decided.duration()).isEqualTo(Duration.ofMillis(5));
  }

  private static RunPlan plan(List<String> argv, Optional<RunPlan> fallback) {
    return new RunPlan(List.of(), argv, Map.of(), List.of(), Optional.empty(), true, Optional.empty(), fallback);
  }

  @Test
  void plainTestFunctionsAreTriedQuick() {
    assertThat(Runners.quickCandidate("""
        from solution import add

        def check(candidate):
            assert candidate(1, 2) == 3

        def test_check():
            check(add)

        def test_more( ):
            assert add(0, 0) == 0
        """)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "import pytest\ndef test_a():\n    pass\n",
      "def test_a(tmp_path):\n    pass\n",
      "def test_a(\n    capsys):\n    pass\n",
      "import functools\n@functools.lru_cache\ndef test_a():\n    pass\n",
      "class TestGroup:\n    def test_a(self):\n        pass\n",
      "import unittest\ndef test_a():\n    pass\n",
      "from hypothesis import given\ndef test_a():\n    pass\n",
      "async def test_a():\n    pass\n"})
  void suitesUsingWhatOnlyPytestDoesGoStraightToPytest(String tests) {
    assertThat(Runners.quickCandidate(tests)).isFalse();
  }
}
