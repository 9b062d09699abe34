package dev.ace4j.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each language runs a snippet and a test suite through the real bubblewrap sandbox. */
class LanguagesTest {
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Execution run(ExecutionRequest.Builder request) {
    return sandbox.execute(request.limits(Limits.defaults().withWall(Duration.ofSeconds(30))).build());
  }

  @Test
  void runsAPythonSnippet() {
    Execution run = run(ExecutionRequest.snippet(Language.PYTHON, "print(6 * 7)"));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().text()).isEqualTo("42\n");
    assertThat(run.backend()).isEqualTo("bubblewrap");
  }

  @Test
  void reportsAPythonErrorWithItsTraceback() {
    Execution run = run(ExecutionRequest.snippet(Language.PYTHON, "def f():\n    return 1 / 0\nf()\n"));

    assertThat(run.status()).isEqualTo(Status.ERROR);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.error()).hasValueSatisfying(error -> {
      assertThat(error.name()).isEqualTo("ZeroDivisionError");
      assertThat(error.value()).isEqualTo("division by zero");
      assertThat(error.traceback()).contains("main.py", "line 2");
    });
  }

  @Test
  void pythonPrintsSetsInTheSameOrderOnEveryRunForReproducibleReports() {
    String code = "import sys\nprint(sys.flags.hash_randomization, sorted(set('abc')) == ['a', 'b', 'c'])\n"
        + "print({'apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape'})";

    Execution first = run(ExecutionRequest.snippet(Language.PYTHON, code));
    Execution second = run(ExecutionRequest.snippet(Language.PYTHON, code));

    assertThat(first.stdout().text()).startsWith("0 True\n");
    assertThat(second.stdout().text()).isEqualTo(first.stdout().text());
  }

  @Test
  void refusesAnInputFileOverTheFileSizeLimitBeforeItRunsNamingTheFileAndTheLimit() {
    ExecutionRequest request = ExecutionRequest.snippet(Language.PYTHON, "print(1)")
        .file("data.txt", "x".repeat(2048))
        .limits(Limits.defaults().withFileSizeBytes(1024))
        .build();

    assertThatThrownBy(() -> sandbox.execute(request)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'data.txt' is 2048 bytes, over the file-size limit of 1024 bytes");
  }

  @Test
  void feedsStandardInputAndExtraFiles() {
    Execution run = run(ExecutionRequest.snippet(Language.PYTHON,
            "import sys, helper\nprint(helper.shout(sys.stdin.read()))")
        .file("helper.py", "def shout(s):\n    return s.upper()\n")
        .stdin("quiet words"));

    assertThat(run.stdout().text()).isEqualTo("QUIET WORDS\n");
  }

  @Test
  void runsAPytestSuiteWithPerTestResults() {
    Execution run = run(ExecutionRequest.testSuite(Language.PYTHON,
        "def add(a, b):\n    return a + b\n",
        "from solution import add\n\ndef test_adds():\n    assert add(2, 3) == 5\n\n"
            + "def test_is_wrong():\n    assert add(2, 2) == 5\n"));

    assertThat(run.status()).isEqualTo(Status.ERROR);
    assertThat(run.tests()).extracting(TestResult::name).containsExactly("test_adds", "test_is_wrong");
    assertThat(run.tests()).extracting(TestResult::outcome)
        .containsExactly(TestResult.Outcome.PASSED, TestResult.Outcome.FAILED);
    assertThat(run.files()).as("the report is internal, not an output file").isEmpty();
    assertThat(run.stdout().text()).as("nor a line of the output").contains("1 failed, 1 passed")
        .doesNotContain("generated xml file", ".ace-report.xml");
  }

  @Test
  void runsAJavaScriptSnippetAndSuite() {
    Execution snippet = run(ExecutionRequest.snippet(Language.JAVASCRIPT, "console.log([1, 2, 3].map(x => x * 2))"));
    Execution suite = run(ExecutionRequest.testSuite(Language.JAVASCRIPT,
        "exports.twice = x => 2 * x;\n",
        "const test = require('node:test');\nconst assert = require('node:assert');\n"
            + "const { twice } = require('./solution.js');\n"
            + "test('doubles', () => assert.strictEqual(twice(4), 8));\n"
            + "test('fails', () => assert.strictEqual(twice(1), 3));\n"));

    assertThat(snippet.stdout().text()).isEqualTo("[ 2, 4, 6 ]\n");
    assertThat(suite.status()).isEqualTo(Status.ERROR);
    assertThat(suite.passedTests()).isEqualTo(1);
    assertThat(suite.failedTests()).isEqualTo(1);
  }

  @Test
  void compilesAndRunsAJavaSnippetInsideTheSandbox() {
    Execution run = run(ExecutionRequest.snippet(Language.JAVA,
        "public class Hello {\n  public static void main(String[] args) {\n"
            + "    System.out.println(\"hello \" + (6 * 7));\n  }\n}\n"));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).isEqualTo("hello 42\n");
  }

  @Test
  void runsAJUnitSuiteAgainstJavaCode() {
    Execution run = run(ExecutionRequest.testSuite(Language.JAVA,
        "public class Calculator {\n  public static int add(int a, int b) { return a + b; }\n}\n",
        "import org.junit.jupiter.api.Test;\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n"
            + "public class CalculatorTest {\n"
            + "  @Test void adds() { assertEquals(5, Calculator.add(2, 3)); }\n"
            + "  @Test void isWrong() { assertEquals(5, Calculator.add(2, 2)); }\n}\n"));

    assertThat(run.status()).isEqualTo(Status.ERROR);
    assertThat(run.tests()).hasSize(2);
    assertThat(run.passedTests()).isEqualTo(1);
    assertThat(run.failedTests()).isEqualTo(1);
  }

  @Test
  void reportsJavaThatDoesNotCompile() {
    Execution run = run(ExecutionRequest.testSuite(Language.JAVA,
        "public class Broken { int x = ; }\n",
        "import org.junit.jupiter.api.Test;\npublic class BrokenTest { @Test void t() {} }\n"));

    assertThat(run.status()).isEqualTo(Status.ERROR);
    assertThat(run.tests()).isEmpty();
    assertThat(run.error()).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("CompilationError"));
  }

  @Test
  void runsABashSnippetAndTestFunctions() {
    Execution snippet = run(ExecutionRequest.snippet(Language.BASH, "echo \"sum=$((2 + 3))\""));
    Execution suite = run(ExecutionRequest.testSuite(Language.BASH,
        "greet() { echo \"hello $1\"; }\n",
        "test_greets() { [ \"$(greet ace)\" = 'hello ace' ]; }\n"
            + "test_fails() { [ \"$(greet ace)\" = 'bye' ]; }\n"));

    assertThat(snippet.stdout().text()).isEqualTo("sum=5\n");
    assertThat(suite.tests()).extracting(TestResult::name).containsExactlyInAnyOrder("test_greets", "test_fails");
    assertThat(suite.passedTests()).isEqualTo(1);
    assertThat(suite.status()).isEqualTo(Status.ERROR);
  }

  @Test
  void copiesRequestedOutputFilesOut() {
    Execution run = run(ExecutionRequest.snippet(Language.PYTHON,
            "import os\nos.makedirs('out/deep')\nopen('out/a.txt', 'w').write('A')\n"
                + "open('out/deep/b.txt', 'w').write('B')\nopen('ignored.txt', 'w').write('no')\n")
        .output("out"));

    assertThat(run.files()).extracting(OutputFile::path).containsExactlyInAnyOrder("out/a.txt", "out/deep/b.txt");
    assertThat(run.file("out/deep/b.txt")).hasValueSatisfying(f -> assertThat(f.text()).isEqualTo("B"));
  }

  @Test
  void runsARawCommand() {
    Execution run = run(ExecutionRequest.command(java.util.List.of("/bin/sh", "-c", "echo $0; exit 3", "arg zero")));

    assertThat(run.stdout().text()).isEqualTo("arg zero\n");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.status()).isEqualTo(Status.ERROR);
  }

  @Test
  void stopsAProgramAtTheWallClockLimit() {
    Execution run = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON, "import time\ntime.sleep(60)")
        .limits(Limits.defaults().withWall(Duration.ofMillis(500))).build());

    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.exitCode()).isEqualTo(Execution.NO_EXIT_CODE);
    assertThat(run.duration()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void reportsAJavaHeapBombAsTheMemoryLimit() {
    Execution run = run(ExecutionRequest.snippet(Language.JAVA,
        "import java.util.*;\npublic class Bomb {\n  public static void main(String[] a) {\n"
            + "    List<long[]> keep = new ArrayList<>();\n    while (true) keep.add(new long[1 << 20]);\n  }\n}\n")
        .limits(Limits.defaults().withMemoryBytes(256L << 20).withWall(Duration.ofSeconds(30))));

    assertThat(run.status()).isEqualTo(Status.MEMORY_LIMIT);
    assertThat(run.error()).hasValueSatisfying(e -> assertThat(e.name()).endsWith("OutOfMemoryError"));
  }

  @Test
  void reportsANodeHeapBombAsTheMemoryLimit() {
    Execution run = run(ExecutionRequest.snippet(Language.JAVASCRIPT,
        "const keep = [];\nwhile (true) keep.push(new Array(1e6).fill(Math.random()));\n")
        .limits(Limits.defaults().withMemoryBytes(256L << 20).withWall(Duration.ofSeconds(30))));

    assertThat(run.status()).isEqualTo(Status.MEMORY_LIMIT);
  }
}
