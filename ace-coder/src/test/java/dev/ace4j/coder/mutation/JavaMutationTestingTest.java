package dev.ace4j.coder.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxUnavailableException;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.TestResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Java mutation testing with PIT in the sandbox: the split a weak and a strong JUnit 5 suite get on the same class,
 * and the classes and suites it refuses.
 */
@Timeout(300)
class JavaMutationTestingTest {
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    try {
      sandbox = Sandboxes.create();
    } catch (SandboxUnavailableException e) {
      assumeTrue(false, "no sandbox here: " + e.getMessage());
    }
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JavaMutationTestingTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static MutationReport run(String source, String tests) {
    return new JavaMutationTesting(sandbox, 2, Optional.empty()).run(source, tests, result -> { });
  }

  @Test
  void aStrongSuiteKillsAtLeastEightInTenMutantsOfTheClass() throws IOException {
    List<MutationReport.Result> told = new ArrayList<>();
    long start = System.nanoTime();

    MutationReport report = new JavaMutationTesting(sandbox, 2, Optional.empty())
        .run(resource("Grades.java"), resource("GradesStrongTest.java"), told::add);

    System.out.printf("PIT on Grades.java, strong suite: %d mutants, score %.2f, %d ms wall%n",
        report.results().size(), report.score(), (System.nanoTime() - start) / 1_000_000);
    assertThat(report.originalPassed()).isTrue();
    assertThat(report.functions()).isEqualTo(5);
    assertThat(report.results()).hasSizeGreaterThan(15);
    assertThat(report.score()).isGreaterThanOrEqualTo(0.8);
    assertThat(report.unreached()).isEmpty();
    assertThat(told).containsExactlyElementsOf(report.results());
    assertThat(report.results()).filteredOn(r -> r.verdict() == MutationReport.Verdict.KILLED)
        .extracting(MutationReport.Result::killedBy).allMatch(test -> test.startsWith("GradesStrongTest."));
  }

  @Test
  void aWeakSuiteLetsMostReachedMutantsSurviveAndLeavesTheUnreachedOutOfTheScore() throws IOException {
    MutationReport report = run(resource("Grades.java"), resource("GradesWeakTest.java"));

    System.out.printf("PIT on Grades.java, weak suite: %d mutants, %d unreached, score %.2f%n",
        report.results().size(), report.unreached().size(), report.score());
    assertThat(report.originalPassed()).isTrue();
    assertThat(report.score()).isLessThan(0.5);
    assertThat(report.unreached()).isNotEmpty();
    long reached = report.results().size() - report.unreached().size();
    assertThat(report.score()).isEqualTo((double) (report.count(MutationReport.Verdict.KILLED)
        + report.count(MutationReport.Verdict.TIMED_OUT)) / reached);
    MutationReport.Result survivor = report.survivors().get(0);
    assertThat(survivor.mutant().source()).isEmpty();
    assertThat(survivor.mutant().diff()).startsWith("@@ Grades.java:" + survivor.mutant().line() + ", ")
        .contains(survivor.mutant().description());
  }

  @Test
  void namesTheTestsThatFailOnTheOriginalAndRunsNoMutant() throws IOException {
    String wrong = resource("GradesStrongTest.java").replace("assertTrue(Grades.passed(50))",
        "assertTrue(Grades.passed(40))");

    MutationReport report = run(resource("Grades.java"), wrong);

    assertThat(report.originalPassed()).isFalse();
    assertThat(report.originalFailures()).extracting(TestResult::name).containsExactly("fiftyPasses()");
    assertThat(report.results()).isEmpty();
  }

  @Test
  void pitIsNotOnTheClassPathOfAceSandboxsUsers() {
    assertThatThrownBy(() -> Class.forName("org.pitest.mutationtest.commandline.MutationCoverageReport"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void refusesAClassThatDoesNotCompile() throws IOException {
    String broken = resource("Grades.java").replace("return sum;", "return sum");

    assertThatThrownBy(() -> run(broken, resource("GradesStrongTest.java")))
        .isInstanceOf(MutationException.class).hasMessageStartingWith("the class does not compile: Grades.java:");
  }
}
