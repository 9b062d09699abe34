package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ace mutate}: a suite's mutation score from the command line, and the inputs it refuses. */
class MutateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODULE = """
      def clamp(x, low, high):
          if x < low:
              return low
          if x > high:
              return high
          return x
      """;
  private static final String STRONG = """
      from solution import clamp

      def test_inside():
          assert clamp(5, 0, 10) == 5

      def test_below():
          assert clamp(-1, 0, 10) == 0

      def test_above():
          assert clamp(11, 0, 10) == 10
      """;

  private static final String CLASS = """
      public class Clamp {
        public static int clamp(int x, int low, int high) {
          if (x < low) {
            return low;
          }
          if (x > high) {
            return high;
          }
          return x;
        }

        public static int twice(int x) {
          return 2 * x;
        }
      }
      """;
  private static final String CLASS_TESTS = """
      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class ClampTest {
        @Test
        void inside() {
          assertEquals(5, Clamp.clamp(5, 0, 10));
        }

        @Test
        void below() {
          assertEquals(0, Clamp.clamp(-1, 0, 10));
        }
      }
      """;

  @TempDir Path dir;
  private Path module;
  private Path tests;

  @BeforeEach
  void files() throws IOException {
    module = Files.writeString(dir.resolve("clamp.py"), MODULE);
    tests = Files.writeString(dir.resolve("test_clamp.py"), STRONG);
  }

  @Test
  void printsTheScoreAndEverySurvivorAsADiff() {
    AceRun run = AceRun.of("mutate", "--module", module.toString(), "--tests", tests.toString(), "--parallel", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("mutation score: ").contains("survived: mutant", "+    if x <= low:");
    assertThat(run.err()).contains("mutant 1: ");
  }

  @Test
  void jsonHoldsTheCountsTheScoreAndEachMutant() throws IOException {
    AceRun run = AceRun.of("mutate", "--module", module.toString(), "--tests", tests.toString(), "--json", "-q");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    int mutants = report.path("mutants").asInt();
    assertThat(mutants).isPositive().isEqualTo(report.path("results").size());
    int leftOut = report.path("equivalent").asInt() + report.path("unreached").asInt();
    assertThat(report.path("killed").asInt() + report.path("timed_out").asInt() + report.path("survived").asInt()
        + leftOut).isEqualTo(mutants);
    // clamp's `x > high -> x >= high` returns high for x == high either way: likely equivalent, left out.
    assertThat(report.path("equivalent").asInt()).isEqualTo(1);
    assertThat(report.path("results")).filteredOn(r -> r.path("verdict").asText().equals("equivalent"))
        .singleElement().satisfies(r -> assertThat(r.path("diff").asText()).contains("+    if x >= high:"));
    assertThat(report.path("score").asDouble())
        .isEqualTo((report.path("killed").asDouble() + report.path("timed_out").asDouble()) / (mutants - leftOut));
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aScoreUnderFailUnderExitsOne() {
    AceRun run = AceRun.of("mutate", "--module", module.toString(), "--tests", tests.toString(), "-q",
        "--fail-under", "100%");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the mutation score");
  }

  @Test
  void aModuleFailingItsTestsExitsOneNamingThem() throws IOException {
    Files.writeString(module, MODULE.replace("return low", "return high"));

    AceRun run = AceRun.of("mutate", "--module", module.toString(), "--tests", tests.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the module fails its own tests", "test_below");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aModuleThatDoesNotParseHasNoFunctionsOrIsMissingIsOneLineAndExitTwo() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.py"), "def clamp(x:\n    return x\n");
    Path constants = Files.writeString(dir.resolve("constants.py"), "LOW = 0\nHIGH = 10\n");
    for (Path bad : new Path[] {broken, constants, dir.resolve("missing.py")}) {
      AceRun run = AceRun.of("mutate", "--module", bad.toString(), "--tests", tests.toString());

      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
      assertThat(run.err()).contains("--module " + bad);
    }
  }

  @Test
  void eachMutantsTimeLimitIsComputedUnlessGivenNotTheSandboxsDefault() {
    picocli.CommandLine tree = Main.commandLine(java.io.InputStream.nullInputStream(), java.util.Map.of());

    MutateCommand mutate = (MutateCommand) tree.parseArgs("mutate", "--module", "m.py", "--tests", "t.py")
        .subcommand().commandSpec().userObject();
    MutateCommand given = (MutateCommand) Main.commandLine(java.io.InputStream.nullInputStream(), java.util.Map.of())
        .parseArgs("mutate", "--module", "m.py", "--tests", "t.py", "--timeout", "3s")
        .subcommand().commandSpec().userObject();

    assertThat(mutate.timeout).isNull();
    assertThat(given.timeout).isEqualTo(java.time.Duration.ofSeconds(3));
  }

  @Test
  void aJavaClassIsMutatedByPitAndItsUnreachedMutantsAreCountedApart() throws IOException {
    Path java = Files.writeString(dir.resolve("Clamp.java"), CLASS);
    Path javaTests = Files.writeString(dir.resolve("ClampTest.java"), CLASS_TESTS);

    AceRun run = AceRun.of("mutate", "--module", java.toString(), "--tests", javaTests.toString(), "--json", "-q");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    int mutants = report.path("mutants").asInt();
    int unreached = report.path("unreached").asInt();
    assertThat(unreached).isPositive();
    assertThat(report.path("killed").asInt() + report.path("timed_out").asInt() + report.path("survived").asInt()
        + unreached).isEqualTo(mutants);
    assertThat(report.path("score").asDouble())
        .isEqualTo((report.path("killed").asDouble() + report.path("timed_out").asDouble()) / (mutants - unreached));
    assertThat(report.path("results").findValuesAsText("verdict")).contains("unreached", "killed");
  }

  @Test
  void aJavaClassFailingItsTestsExitsOneNamingThemAndOneThatDoesNotCompileExitsTwo() throws IOException {
    Path java = Files.writeString(dir.resolve("Clamp.java"), CLASS.replace("return low;", "return high;"));
    Path javaTests = Files.writeString(dir.resolve("ClampTest.java"), CLASS_TESTS);

    AceRun failing = AceRun.of("mutate", "--module", java.toString(), "--tests", javaTests.toString());
    Files.writeString(java, CLASS.replace("return x;", "return x"));
    AceRun broken = AceRun.of("mutate", "--module", java.toString(), "--tests", javaTests.toString());

    assertThat(failing.exitCode()).as(failing.err()).isEqualTo(1);
    assertThat(failing.err()).contains("the module fails its own tests", "below()");
    assertThat(broken.exitCode()).as(broken.err()).isEqualTo(2);
    assertThat(broken.err().strip().lines()).as(broken.err()).hasSize(1);
    assertThat(broken.err()).contains("--module " + java, "the class does not compile");
  }

  @Test
  void testsInAnotherLanguageAreRefused() throws IOException {
    Path js = Files.writeString(dir.resolve("clamp.test.js"), "test('x', () => {});\n");

    AceRun run = AceRun.of("mutate", "--module", module.toString(), "--tests", js.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--tests " + js);
  }
}
