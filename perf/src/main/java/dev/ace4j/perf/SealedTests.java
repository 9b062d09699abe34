package dev.ace4j.perf;

import static dev.ace4j.perf.Timings.millis;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.TestResult;
import java.util.Arrays;
import java.util.List;

/**
 * What sealing a Python test run costs: the same pytest suite run sealed (the tests in one sandbox, the code in a
 * second, calls over pipes; how ace runs every Python and JavaScript suite) and, as the baseline, the way it ran
 * before sealing (code and tests in one sandbox, the test runner loading the code into its own process). Both alternate
 * in one run so they share the machine's noise; three suites: ten small pytest tests, one pytest test making 20,000
 * calls into the code, and ten small node:test tests.
 */
public final class SealedTests {
  static final String CODE = """
      class Counter:
          def __init__(self):
              self.counts = {}
          def add(self, key):
              self.counts[key] = self.counts.get(key, 0) + 1
              return self.counts[key]
      def factorial(n):
          result = 1
          for i in range(2, n + 1):
              result *= i
          return result
      def merge_sorted(left, right):
          return sorted(left + right)
      """;
  static final String SMALL = """
      import pytest
      from solution import factorial, merge_sorted, Counter

      @pytest.mark.parametrize("n,expected", [(0, 1), (1, 1), (5, 120), (10, 3628800)])
      def test_factorial(n, expected):
          assert factorial(n) == expected

      def test_big_factorial():
          assert factorial(300) % 10 ** 20 == 0

      @pytest.mark.parametrize("left,right", [([], []), ([1], [0]), ([1, 3], [2, 4]), (list(range(50)), [7])])
      def test_merge(left, right):
          assert merge_sorted(left, right) == sorted(left + right)

      def test_counter():
          counter = Counter()
          assert [counter.add(k) for k in "abca"] == [1, 1, 1, 2]
      """;
  /** The same checks as {@link #SMALL}, as ten plain test functions: the quick runner decides them. */
  static final String PLAIN = """
      from solution import factorial, merge_sorted, Counter

      def test_factorial_0():
          assert factorial(0) == 1

      def test_factorial_1():
          assert factorial(1) == 1

      def test_factorial_5():
          assert factorial(5) == 120

      def test_factorial_10():
          assert factorial(10) == 3628800

      def test_big_factorial():
          assert factorial(300) % 10 ** 20 == 0

      def test_merge_empty():
          assert merge_sorted([], []) == []

      def test_merge_one():
          assert merge_sorted([1], [0]) == [0, 1]

      def test_merge_interleaved():
          assert merge_sorted([1, 3], [2, 4]) == [1, 2, 3, 4]

      def test_merge_long():
          assert merge_sorted(list(range(50)), [7]) == sorted(list(range(50)) + [7])

      def test_counter():
          counter = Counter()
          assert [counter.add(k) for k in "abca"] == [1, 1, 1, 2]
      """;
  private static final String CALLS = """
      from solution import Counter

      def test_twenty_thousand_calls():
          counter = Counter()
          for i in range(20_000):
              counter.add(i % 100)
          assert counter.add(0) == 201
      """;

  private static final String JS_CODE = """
      class Counter {
        constructor() { this.counts = new Map(); }
        add(key) { this.counts.set(key, (this.counts.get(key) || 0) + 1); return this.counts.get(key); }
      }
      const factorial = (n) => (n <= 1 ? 1n : BigInt(n) * factorial(n - 1));
      const mergeSorted = (left, right) => [...left, ...right].sort((a, b) => a - b);
      module.exports = { Counter, factorial, mergeSorted };
      """;
  private static final String JS_TESTS = """
      const test = require('node:test');
      const assert = require('node:assert');
      const { Counter, factorial, mergeSorted } = require('./solution.js');
      for (const [n, expected] of [[0, 1n], [1, 1n], [5, 120n], [10, 3628800n]]) {
        test('factorial ' + n, () => assert.strictEqual(factorial(n), expected));
      }
      test('big factorial', () => assert.strictEqual(factorial(300) % 10n ** 20n, 0n));
      for (const [left, right] of [[[], []], [[1], [0]], [[1, 3], [2, 4]], [[...Array(50).keys()], [7]]]) {
        test('merge ' + left.length, () => assert.deepStrictEqual(mergeSorted(left, right),
            [...left, ...right].sort((a, b) => a - b)));
      }
      test('counter', () => {
        const counter = new Counter();
        assert.deepStrictEqual([...'abca'].map((k) => counter.add(k)), [1, 1, 1, 2]);
      });
      """;

  private SealedTests() {}

  public static void main(String[] args) throws Exception {
    int runs = Timings.runs(args, "sealed-tests", 30, 10_000);
    // Cold, as the "before" runs (commands) always are: perf/warm-execution measures what warm sandboxes save.
    try (Sandbox sandbox = Sandboxes.create(SandboxSettings.defaults().withWarm(false))) {
      print(sandbox, "10 small tests", SMALL, 10, runs);
      print(sandbox, "20,000 calls", CALLS, 1, runs);
      print(sandbox, "10 small node:test tests", ExecutionRequest.testSuite(Language.JAVASCRIPT, JS_CODE, JS_TESTS)
          .build(), ExecutionRequest.command(List.of("/usr/bin/node", "--test", "solution.test.js"))
          .file("solution.js", JS_CODE).file("solution.test.js", JS_TESTS).build(), 10, runs);
    }
  }

  private static void print(Sandbox sandbox, String name, String tests, int count, int runs) {
    print(sandbox, name, ExecutionRequest.testSuite(Language.PYTHON, CODE, tests).build(),
        ExecutionRequest.command(List.of("/usr/bin/python3", "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "test_solution.py")).file("solution.py", CODE).file("test_solution.py", tests).build(), count, runs);
  }

  private static void print(Sandbox sandbox, String name, ExecutionRequest sealed, ExecutionRequest together,
      int count, int runs) {
    long[] sealedNanos = new long[runs];
    long[] togetherNanos = new long[runs];
    for (int i = -3; i < runs; i++) {
      long a = time(sandbox, sealed, count);
      long b = time(sandbox, together, 0);
      if (i >= 0) {
        sealedNanos[i] = a;
        togetherNanos[i] = b;
      }
    }
    Arrays.sort(sealedNanos);
    Arrays.sort(togetherNanos);
    System.out.printf("%-44s %9s %9s%n", name + " (" + runs + " runs)", "p50 ms", "p95 ms");
    System.out.printf("%-44s %9.1f %9.1f%n", "  code and tests in one sandbox (before)", millis(togetherNanos, 50),
        millis(togetherNanos, 95));
    System.out.printf("%-44s %9.1f %9.1f%n", "  sealed: two sandboxes, calls over pipes", millis(sealedNanos, 50),
        millis(sealedNanos, 95));
    System.out.printf("%-44s %9.2f %9.2f%n", "  ratio (sealed / before)",
        millis(sealedNanos, 50) / millis(togetherNanos, 50), millis(sealedNanos, 95) / millis(togetherNanos, 95));
  }


  /** One run's wall time in nanoseconds; {@code tests} > 0: the run must report that many tests, all passed. */
  static long time(Sandbox sandbox, ExecutionRequest request, int tests) {
    long start = System.nanoTime();
    Execution run = sandbox.execute(request);
    long elapsed = System.nanoTime() - start;
    boolean passed = tests == 0 ? run.ok()
        : run.tests().size() == tests && run.tests().stream().allMatch(TestResult::passed);
    if (!passed) {
      throw new IllegalStateException("the suite did not pass: " + run.status().id() + " " + run.detail() + "\n"
          + run.stdout().text() + run.stderr().text());
    }
    return elapsed;
  }
}
