package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ace testgen} against a loopback server speaking OpenAI's wire format: a weak suite, then a strong one after
 * the survivors are fed back, the suite written and the lesson kept; and the inputs it refuses.
 */
class TestgenCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODULE = """
      def clamp(x, low, high):
          if x < low:
              return low
          if x > high:
              return high
          return x
      """;
  private static final String WEAK = """
      from clamp import clamp

      def test_inside():
          assert clamp(5, 0, 10) == 5
      """;
  private static final String STRONG = WEAK + """

      def test_below_and_at_the_low_bound():
          assert clamp(-1, 0, 10) == 0
          assert clamp(0, 0, 10) == 0

      def test_above_and_at_the_high_bound():
          assert clamp(11, 0, 10) == 10
          assert clamp(10, 0, 10) == 10
          assert clamp(9, 0, 10) == 9
      """;
  private static final String LESSON = "Assert at each bound and one step past it.";

  @TempDir Path dir;
  private Path module;
  private Map<String, String> environment;

  @BeforeEach
  void files() throws IOException {
    module = Files.writeString(dir.resolve("clamp.py"), MODULE);
    environment = Map.of("ACE4J_HOME", dir.resolve("home").toString(), "OPENAI_API_KEY", "sk-test-testgen");
  }

  private static RoleServer writer(String... suites) throws IOException {
    return RoleServer.writing("generator-tests-v1", List.of(suites), LESSON, "assertions that kill mutants");
  }

  @Test
  void writesTheStrongerSuiteReportsEveryRoundAndKeepsTheLesson() throws IOException {
    Path out = dir.resolve("test_clamp.py");
    AceRun run;
    try (RoleServer model = writer(WEAK, STRONG)) {
      run = AceRun.withEnvironment(environment, "testgen", "--module", module.toString(), "--out", out.toString(),
          "--model", "openai-compatible:fake", "--base-url", model.url(), "--rounds", "2", "--parallel", "2",
          "--target", "0.75");
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(out)).isEqualTo(STRONG);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("suite 1: 1 test pass; mutation score", "suite 2: 3 tests pass; mutation score",
        "tests: 3, all passing on the module (suite 2)", "mutation score by round: ", "(+1 bullet)");
    assertThat(Files.readString(dir.resolve("home/playbooks/testgen.json"))).contains(LESSON);
  }

  @Test
  void anIdenticalRerunSendsTheSamePromptsAndIsServedFromTheCache() throws IOException {
    AceRun first;
    AceRun second;
    int requests;
    try (RoleServer model = writer(WEAK, STRONG)) {
      first = AceRun.withEnvironment(environment, "testgen", "--module", module.toString(), "--json", "-q",
          "--playbook", dir.resolve("first.json").toString(), "--model", "openai-compatible:fake", "--base-url",
          model.url(), "--rounds", "1");
      requests = model.requests();
      second = AceRun.withEnvironment(environment, "testgen", "--module", module.toString(), "--json", "-q",
          "--playbook", dir.resolve("second.json").toString(), "--model", "openai-compatible:fake", "--base-url",
          model.url(), "--rounds", "1");
      assertThat(requests).isPositive();
      assertThat(model.requests()).as(second.err()).isEqualTo(requests);
    }
    assertThat(JSON.readTree(second.out()).path("tests")).isEqualTo(JSON.readTree(first.out()).path("tests"));
  }

  @Test
  void jsonHoldsTheSuiteAndEachRoundsScore() throws IOException {
    AceRun run;
    try (RoleServer model = writer(WEAK, STRONG)) {
      run = AceRun.withEnvironment(environment, "testgen", "--module", module.toString(), "--json", "-q",
          "--model", "openai-compatible:fake", "--base-url", model.url(), "--rounds", "1", "--target", "100%");
    }

    JsonNode json = JSON.readTree(run.out());
    assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
    assertThat(json.path("tests").asText()).isEqualTo(STRONG);
    assertThat(json.path("rounds")).hasSize(2);
    assertThat(json.path("rounds").get(0).path("score").asDouble())
        .isLessThan(json.path("rounds").get(1).path("score").asDouble());
    assertThat(json.path("rounds").get(1).path("mutation").path("results")).isNotEmpty();
    assertThat(run.exitCode()).isEqualTo(json.path("reached_target").asBoolean() ? 0 : 1);
    assertThat(run.out() + run.err()).doesNotContain("sk-test-testgen");
  }

  @Test
  void refusesModulesItCannotMeasureInOneLineBeforeAnyModelCall() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.py"), "def f(:\n");
    Path constants = Files.writeString(dir.resolve("constants.py"), "X = 1\n");
    Path java = Files.writeString(dir.resolve("Clamp.java"), "class Clamp {}\n");
    Path existing = Files.writeString(dir.resolve("test_existing.py"), "keep me\n");
    try (RoleServer model = writer(WEAK)) {
      List<List<String>> refused = List.of(
          List.of("--module", broken.toString()),
          List.of("--module", constants.toString()),
          List.of("--module", java.toString()),
          List.of("--module", dir.resolve("missing.py").toString()),
          List.of("--module", module.toString(), "--out", existing.toString()),
          List.of("--module", module.toString(), "--target", "0"));
      for (List<String> args : refused) {
        List<String> all = new java.util.ArrayList<>(List.of("testgen", "--model", "openai-compatible:fake",
            "--base-url", model.url()));
        all.addAll(args);
        AceRun run = AceRun.withEnvironment(environment, all.toArray(String[]::new));
        assertThat(run.exitCode()).as(args + ": " + run.err()).isEqualTo(2);
        assertThat(run.errLines()).as(args.toString()).hasSize(1).first().asString().startsWith("ace: ");
      }
      assertThat(model.requests()).isZero();
    }
    assertThat(Files.readString(existing)).isEqualTo("keep me\n");
    AceRun reference = AceRun.withEnvironment(environment, "testgen", "--module", module.toString(), "--model",
        "reference");
    assertThat(reference.exitCode()).isEqualTo(2);
    assertThat(reference.err()).contains("cannot write tests");
  }
}
