package dev.ace4j.coder.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation testing in the sandbox: the operators, the split a weak and a strong suite get on the same module, a
 * mutant that loops, and the modules and suites it refuses.
 */
@Timeout(120)
class MutationTestingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MutationTestingTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static MutationTesting testing() {
    return new MutationTesting(sandbox, 2, Optional.empty());
  }

  @Test
  void everyOperatorYieldsMutantsThatParseAndDifferFromTheModule() throws IOException {
    String module = resource("helpers.py");

    MutationTesting.Mutants mutants = testing().mutants(module);

    assertThat(mutants.functions()).isEqualTo(5);
    assertThat(mutants.list()).extracting(Mutant::operator).contains("arithmetic", "comparison", "boundary",
        "boolean", "constant", "negated condition", "return value", "removed statement", "swapped arguments");
    assertThat(mutants.list()).allSatisfy(mutant -> {
      assertThat(mutant.source()).isNotEqualTo(module);
      assertThat(mutant.diff()).contains("--- module.py", "+++ mutant.py");
    });
    assertThat(mutants.list()).extracting(Mutant::source).doesNotHaveDuplicates();
    // Parsed by the sandbox's own python3, every one.
    Execution parsed = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON,
        "import ast, json\nfor source in json.load(open('mutants.json')):\n    ast.parse(source)\nprint('ok')\n")
        .file("mutants.json", JSON.writeValueAsString(mutants.list().stream().map(Mutant::source).toList()))
        .build());
    assertThat(parsed.stdout().text()).as(parsed.stderr().text()).isEqualTo("ok\n");
  }

  @Test
  void aStrongSuiteKillsMostMutantsAndAWeakOneFew() throws IOException {
    String module = resource("helpers.py");

    MutationReport strong = testing().run(module, resource("test_strong.py"), result -> { });
    MutationReport weak = testing().run(module, resource("test_weak.py"), result -> { });

    assertThat(strong.results()).hasSizeGreaterThan(30);
    assertThat(strong.score()).isGreaterThanOrEqualTo(0.8);
    assertThat(weak.score()).isLessThan(0.2);
    assertThat(weak.survivors()).hasSizeGreaterThan(strong.survivors().size());
    // is_even's `not n < 0 -> not (n <= 0)` differs at 0 only, where `or n == 0` answers True either way: found
    // equivalent, as the differential cases ran its line and passed on it, and left out of the score.
    for (MutationReport report : List.of(strong, weak)) {
      assertThat(report.results()).filteredOn(r -> r.mutant().diff().contains("not (n <= 0)"))
          .singleElement().extracting(MutationReport.Result::verdict).isEqualTo(MutationReport.Verdict.EQUIVALENT);
    }
    // clamp's `x < low -> x <= low` looks equivalent but is not: clamp(100, 100, 3) returns 3, the mutant 100. The
    // strong suite never tries low > high, so it survives.
    assertThat(strong.results()).filteredOn(r -> r.mutant().diff().contains("+    if x <= low:"))
        .singleElement().extracting(MutationReport.Result::verdict).isEqualTo(MutationReport.Verdict.SURVIVED);
    assertThat(strong.score()).isEqualTo((double) (strong.count(MutationReport.Verdict.KILLED)
        + strong.count(MutationReport.Verdict.TIMED_OUT)) / (strong.results().size()
        - strong.count(MutationReport.Verdict.EQUIVALENT)));
    // A weak suite's survivors are mostly mutants some input tells apart: they stay survivors.
    assertThat(weak.count(MutationReport.Verdict.SURVIVED)).isGreaterThan(3 * weak.count(
        MutationReport.Verdict.EQUIVALENT));
    // The same mutants are equivalent whatever the suite: the check does not depend on it.
    assertThat(weak.results()).filteredOn(r -> r.verdict() == MutationReport.Verdict.EQUIVALENT)
        .extracting(r -> r.mutant().number()).containsExactlyElementsOf(strong.results().stream()
            .filter(r -> r.verdict() == MutationReport.Verdict.EQUIVALENT).map(r -> r.mutant().number()).toList());
    assertThat(strong.results()).filteredOn(r -> r.verdict() == MutationReport.Verdict.KILLED)
        .allSatisfy(r -> assertThat(r.killedBy()).startsWith("test_"));
  }

  @Test
  void testsThatImportTheModuleByItsOwnNameSeeEachMutant() {
    String module = "def double(x):\n    return x * 2\n";
    String tests = "import twice\nfrom twice import double\n\ndef test_double():\n    assert double(3) == 6\n"
        + "    assert twice.double(0) == 0\n";

    MutationReport report = testing().run(module, "twice", tests, result -> { });

    assertThat(report.originalPassed()).isTrue();
    assertThat(report.results()).isNotEmpty();
    assertThat(report.survivors()).isEmpty();
    // Under another name the tests cannot import it at all.
    assertThat(testing().run(module, "other", tests, result -> { }).originalPassed()).isFalse();
  }

  @Test
  void aMutantThatLoopsIsKilledByTheTimeoutAndReportedAsSuch() {
    String module = "def count_up(n):\n    i = 0\n    while i < n:\n        i += 1\n    return i\n";
    String tests = "from solution import count_up\n\ndef test_count():\n    assert count_up(3) == 3\n";

    MutationReport report = new MutationTesting(sandbox, 2, Optional.of(Duration.ofSeconds(1)))
        .run(module, tests, result -> { });

    assertThat(report.results()).anySatisfy(result -> {
      assertThat(result.mutant().description()).isEqualTo("+ -> - in an assignment");
      assertThat(result.verdict()).isEqualTo(MutationReport.Verdict.TIMED_OUT);
    });
    assertThat(report.count(MutationReport.Verdict.TIMED_OUT)).isPositive();
  }

  @Test
  void aModuleFailingItsOwnTestsRunsNoMutantAndNamesTheTests() {
    MutationReport report = testing().run("def double(x):\n    return x + 2\n",
        "from solution import double\n\ndef test_four():\n    assert double(4) == 8\n\n"
            + "def test_zero():\n    assert double(0) == 0\n", result -> { });

    assertThat(report.originalPassed()).isFalse();
    assertThat(report.results()).isEmpty();
    assertThat(report.originalFailures()).extracting(t -> t.name()).containsExactly("test_four", "test_zero");
  }

  @Test
  void aModuleThatDoesNotParseOrHasNoFunctionsIsRefusedInOneLine() {
    for (String module : List.of("def broken(:\n    pass\n", "X = 1\nY = X + 1\n")) {
      assertThatThrownBy(() -> testing().run(module, "def test_nothing():\n    pass\n", result -> { }))
          .isInstanceOf(MutationException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
              .containsAnyOf("does not parse: SyntaxError", "has no functions"));
    }
  }
}
