package dev.ace4j.coder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HiddenTestsTest {
  private static final String DOUBLE = "def double(x):\n    return 2 * x\n";

  private static Sandbox sandbox;
  private static HiddenTests hidden;
  private static CodeTask factorial;

  @BeforeAll
  static void openSandbox() {
    sandbox = Sandboxes.create();
    hidden = new HiddenTests(sandbox);
    factorial = BuiltinBenchmark.tasks().stream().filter(t -> t.id().equals("easy_factorial")).findFirst()
        .orElseThrow();
  }

  @AfterAll
  static void closeSandbox() {
    sandbox.close();
  }

  @Test
  void theReferenceSolutionPassesEveryHiddenTestAndTheBuggyOneDoesNot() {
    HiddenTestScore reference = hidden.score(factorial, factorial.referenceSolution().orElseThrow());
    HiddenTestScore buggy = hidden.score(factorial, BuiltinBenchmark.buggySolution("easy_factorial"));

    assertThat(reference.allPassed()).isTrue();
    assertThat(reference.passed()).isEqualTo(reference.total()).isEqualTo(10);
    assertThat(buggy.allPassed()).isFalse();
    assertThat(buggy.total()).isEqualTo(10);
  }

  @Test
  void aProgramThatDoesNotImportScoresZeroOfEveryHiddenTest() {
    HiddenTestScore score = hidden.score(factorial, "raise NotImplementedError('to do')\n");

    assertThat(score.passed()).isZero();
    assertThat(score.total()).isEqualTo(10);
    assertThat(score.allPassed()).isFalse();
  }

  @Test
  void aProgramThatExitsZeroWhileTheTestsImportItScoresZeroOfEveryHiddenTest() {
    HiddenTestScore score = hidden.score(factorial, "import os\nos._exit(0)\n");

    assertThat(score.passed()).isZero();
    assertThat(score.total()).isEqualTo(10);
    assertThat(score.allPassed()).isFalse();
  }

  @Test
  void aProgramTooLargeForTheSandboxScoresZeroOfEveryHiddenTest() {
    HiddenTestScore score = hidden.score(factorial, "x = 1\n".repeat(3_000_000));

    assertThat(score.passed()).isZero();
    assertThat(score.total()).isEqualTo(10);
    assertThat(score.allPassed()).isFalse();
  }

  @Test
  void countsParametrizedCasesAndTestClassesAsPytestRunsThem() {
    CodeTask task = doubling(Optional.of(DOUBLE));

    assertThat(hidden.count(task)).isEqualTo(6);
    assertThat(hidden.score(task, "def double(x):\n    return x +\n").total()).isEqualTo(6);
  }

  @Test
  void withoutAReferenceSolutionCountsTheTestFunctions() {
    assertThat(hidden.count(doubling(Optional.empty()))).isEqualTo(2);
  }

  @Test
  void scoresTheReferenceWithTheRunThatCountedItsTestsAndAnyOtherProgramWithARunOfItsOwn() {
    AtomicInteger runs = new AtomicInteger();
    Sandbox counting = new Sandbox() {
      @Override
      public Execution execute(ExecutionRequest request) {
        runs.incrementAndGet();
        return sandbox.execute(request);
      }

      @Override
      public String name() {
        return sandbox.name();
      }

      @Override
      public void close() {}
    };
    HiddenTests fresh = new HiddenTests(counting);
    String reference = factorial.referenceSolution().orElseThrow();

    assertThat(fresh.score(factorial, reference).allPassed()).isTrue();
    assertThat(runs.get()).as("one run counted the tests and scored the reference").isEqualTo(1);
    assertThat(fresh.score(factorial, reference + "\n").allPassed()).isTrue();
    assertThat(runs.get()).as("another program, even one character apart, runs").isEqualTo(2);
  }

  @Test
  void aReferenceThatCannotRunStillCountsTheTestFunctionsWritten() {
    // Its own HiddenTests: counts are kept by task id, and the other tests' doubling task shares this one's.
    assertThat(new HiddenTests(sandbox).count(doubling(Optional.of("import os\nos._exit(3)\n")))).isEqualTo(2);
  }

  @Test
  void aTaskWithoutHiddenTestsHasNone() {
    assertThat(hidden.count(CodeTask.of("adhoc", Language.PYTHON, "write double", ""))).isZero();
  }

  private static CodeTask doubling(Optional<String> reference) {
    return new CodeTask("double" + reference.isPresent(), "double", "", "Write def double(x).", Language.PYTHON, "",
        "", resource("hidden/parametrized_test.py"), reference, Difficulty.EASY, List.of(), List.of(), List.of());
  }

  private static String resource(String name) {
    try (InputStream in = HiddenTestsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
