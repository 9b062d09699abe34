package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinBenchmarkTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private static final Map<String, CodeTask> TASKS =
      BuiltinBenchmark.tasks().stream().collect(Collectors.toMap(CodeTask::id, Function.identity()));

  private static Sandbox sandbox;

  @BeforeAll
  static void openSandbox() {
    sandbox = Sandboxes.create();
  }

  @AfterAll
  static void closeSandbox() {
    sandbox.close();
  }

  static List<String> taskIds() {
    return BuiltinBenchmark.TASK_IDS;
  }

  @Test
  void loadsTheOriginalEightTasksInTheOriginalOrder() {
    assertThat(BuiltinBenchmark.tasks())
        .extracting(CodeTask::id, CodeTask::name, CodeTask::difficulty)
        .containsExactly(
            tuple("easy_fibonacci", "Fibonacci Sequence", Difficulty.EASY),
            tuple("easy_factorial", "Factorial Calculation", Difficulty.EASY),
            tuple("easy_palindrome", "Palindrome Check", Difficulty.EASY),
            tuple("medium_prime_sieve", "Sieve of Eratosthenes", Difficulty.MEDIUM),
            tuple("medium_binary_search", "Binary Search", Difficulty.MEDIUM),
            tuple("medium_merge_sort", "Merge Sort", Difficulty.MEDIUM),
            tuple("hard_lru_cache", "LRU Cache Implementation", Difficulty.HARD),
            tuple("hard_graph_traversal", "Graph DFS/BFS", Difficulty.HARD));
  }

  @Test
  void keepsTheOriginalDescriptionsAndExpectedPatterns() {
    assertThat(TASKS.get("medium_prime_sieve").description()).isEqualTo("Generate primes using sieve algorithm");
    assertThat(TASKS.get("hard_lru_cache").expectedPatterns()).containsExactly("class", "LRU", "get", "put", "dict");
    assertThat(TASKS.get("hard_graph_traversal").expectedPatterns())
        .containsExactly("def", "dfs", "bfs", "graph", "visited");
  }

  @ParameterizedTest
  @MethodSource("taskIds")
  void promptStatesTheFixedPythonSignature(String id) {
    CodeTask task = TASKS.get(id);
    assertThat(task.language()).isEqualTo(Language.PYTHON);
    assertThat(task.referenceSolution()).isPresent();
    for (String line : task.signature().split("\n")) {
      String name = line.strip().replaceFirst("^(def|class) ", "").replaceFirst("[(:].*", "");
      assertThat(task.prompt()).as("prompt of %s names %s", id, name).contains(name);
    }
  }

  @ParameterizedTest
  @MethodSource("taskIds")
  void referencePassesItsVisibleTests(String id) {
    CodeTask task = TASKS.get(id);
    Execution run = runTests(task.referenceSolution().orElseThrow(), task.visibleTests());

    assertThat(run.status()).as(describe(run)).isEqualTo(Status.OK);
    assertThat(run.tests()).hasSizeGreaterThanOrEqualTo(2).allMatch(t -> t.passed());
  }

  @ParameterizedTest
  @MethodSource("taskIds")
  void referencePassesAtLeastEightHiddenTests(String id) {
    CodeTask task = TASKS.get(id);
    Execution run = runTests(task.referenceSolution().orElseThrow(), task.hiddenTests());

    assertThat(run.status()).as(describe(run)).isEqualTo(Status.OK);
    assertThat(run.tests()).hasSizeGreaterThanOrEqualTo(8).allMatch(t -> t.passed());
  }

  @ParameterizedTest
  @MethodSource("taskIds")
  void buggyVariantFailsItsHiddenTests(String id) {
    Execution run = runTests(BuiltinBenchmark.buggySolution(id), TASKS.get(id).hiddenTests());

    assertThat(run.status()).as(describe(run)).isEqualTo(Status.ERROR);
    assertThat(run.failedTests()).as(describe(run)).isPositive();
  }

  @Test
  void patternsFoundIsTheOriginalsCaseInsensitiveSubstringCheck() {
    CodeTask lru = TASKS.get("hard_lru_cache");

    assertThat(lru.patternsFound("CLASS lru_cache:\n    def GET(self): return self.store[k]"))
        .containsExactly("class", "LRU", "get");
    assertThat(lru.patternsFound("")).isEmpty();
    assertThat(lru.patternsFound(lru.referenceSolution().orElseThrow()))
        .containsExactly("class", "LRU", "get", "put", "dict");
  }

  @Test
  void buggySolutionRejectsAnUnknownTask() {
    assertThatThrownBy(() -> BuiltinBenchmark.buggySolution("easy_hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("easy_hello")
        .hasMessageContaining("easy_fibonacci");
  }

  @Test
  void aMissingResourceIsAnErrorNamingTheFile() {
    assertThatThrownBy(() -> BuiltinBenchmark.load("benchmarks/broken", "no_reference"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev/ace4j/coder/benchmarks/broken/no_reference/reference.py")
        .hasMessageContaining("missing");
  }

  @Test
  void aMalformedTaskFileIsAnErrorNamingTheFile() {
    assertThatThrownBy(() -> BuiltinBenchmark.load("benchmarks/broken", "bad_json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev/ace4j/coder/benchmarks/broken/bad_json/task.json")
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> BuiltinBenchmark.load("benchmarks/broken", "no_prompt"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev/ace4j/coder/benchmarks/broken/no_prompt/task.json")
        .hasMessageContaining("'prompt'");
  }

  private static Execution runTests(String code, String tests) {
    Limits limits = Limits.defaults().withWall(GENEROUS).withCpu(GENEROUS);
    return sandbox.execute(ExecutionRequest.testSuite(Language.PYTHON, code, tests).limits(limits).build());
  }

  private static String describe(Execution run) {
    return run.status() + " " + run.detail() + " tests=" + run.tests() + "\nstdout:\n" + run.stdout().text()
        + "\nstderr:\n" + run.stderr().text();
  }
}
