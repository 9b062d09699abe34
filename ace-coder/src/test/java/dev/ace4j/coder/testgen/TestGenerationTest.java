package dev.ace4j.coder.testgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.coder.mutation.MutationException;
import dev.ace4j.core.InMemoryPlaybookStore;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.testing.ScriptedModel;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The test-generation loop with a scripted model and the real sandbox: surviving mutants feed the next suite, wrong
 * tests are dropped, the lesson reaches the next module's first prompt, and modules that cannot be measured are
 * refused before any model call.
 */
@Timeout(180)
class TestGenerationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LESSON = "Pin both sides of every comparison: the bound itself and the value just "
      + "below it.";
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static String resource(String name) {
    try (InputStream in = TestGenerationTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replies by role: the suites in order to the Generator, a fixed reflection, and one lesson from the Curator. */
  private static ScriptedModel model(String... suites) {
    AtomicInteger written = new AtomicInteger();
    return ScriptedModel.answering(request -> switch (request.role()) {
      case "generator" -> json(Map.of("reasoning", "tests", "bullet_ids", List.of(),
          "code", suites[Math.min(written.getAndIncrement(), suites.length - 1)]));
      case "reflector" -> json(Map.of("reasoning", "the boundaries went untested",
          "error_identification", "mutants of the comparisons survived", "root_cause_analysis", "no boundary tests",
          "correct_approach", "test 90 and 89", "key_insight", LESSON, "bullet_tags", List.of()));
      case "curator" -> json(Map.of("reasoning", "a reusable lesson", "operations", List.of(Map.of("type", "ADD",
          "section", "assertions that kill mutants", "content", LESSON))));
      default -> throw new IllegalStateException("unexpected role " + request.role());
    });
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> prompts(ScriptedModel model, String role) {
    return model.requests().stream().filter(r -> r.role().equals(role)).map(ModelRequest::lastUserText).toList();
  }

  @Test
  void survivingMutantsFeedAStrongerSuiteAndTheLessonReachesTheNextModule() {
    InMemoryPlaybookStore store = InMemoryPlaybookStore.empty();
    ScriptedModel model = model(resource("test_grades_weak.py"), resource("test_grades_strong.py"));
    TestGeneration generation = TestGeneration.builder(model, sandbox, store).rounds(2).parallel(2).build();

    GeneratedSuite suite = generation.generate("grades", resource("grades.py"), new TestGeneration.Listener() {});

    assertThat(suite.rounds()).hasSize(2);
    double weak = suite.rounds().get(0).score().orElseThrow();
    double strong = suite.rounds().get(1).score().orElseThrow();
    assertThat(weak).isLessThan(0.5);
    assertThat(strong).isGreaterThanOrEqualTo(0.8).isGreaterThan(weak);
    assertThat(suite.reachedTarget()).isTrue();
    assertThat(suite.tests()).contains(resource("test_grades_strong.py"));
    assertThat(suite.rounds().get(1).testCount()).isEqualTo(10);
    // The first suite's survivors reached the Reflector, as diffs, and the second prompt carries its reflection.
    assertThat(prompts(model, "reflector").get(0)).contains("Mutation score", "+++ mutant.py", "surviving mutant");
    assertThat(prompts(model, "generator").get(1)).contains(LESSON);
    // The lesson is filed in a test-generation section, and the next module's first prompt starts from it.
    assertThat(suite.bulletsAdded()).isEqualTo(1);
    assertThat(store.current().bySection()).containsKey("assertions that kill mutants");
    ScriptedModel next = model(resource("test_tally.py"));
    GeneratedSuite tally = TestGeneration.builder(next, sandbox, store).rounds(1).build()
        .generate("tally", resource("tally.py"), new TestGeneration.Listener() {});
    assertThat(prompts(next, "generator").get(0)).contains(LESSON, "Module tally.py");
    assertThat(tally.rounds().get(0).passed()).isTrue();
  }

  @Test
  void theReportSaysWhatTheBestSuiteCoversOfTheModule() {
    Execution probe = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON, "import coverage\n").build());
    assumeTrue(probe.exitCode() == 0, "coverage.py is not installed for the sandbox's python3 (python3-coverage)");
    ScriptedModel model = model(resource("test_grades_weak.py"));
    TestGeneration generation = TestGeneration.builder(model, sandbox, InMemoryPlaybookStore.empty()).rounds(1)
        .target(0.1).build();

    Coverage coverage = generation.generate("grades", resource("grades.py"), new TestGeneration.Listener() {})
        .coverage().orElseThrow();

    assertThat(coverage.functions()).containsExactly("grade", "average");
    assertThat(coverage.exercised()).containsExactly("grade");
    // grade's def, its first if and return, average's def; of 12 statements.
    assertThat(coverage.statements()).isEqualTo(12);
    assertThat(coverage.covered()).isEqualTo(4);
  }

  @Test
  void testsStillWrongAfterTheLastRoundAreDroppedAndTheRestMeasured() {
    ScriptedModel model = model(resource("test_grades_wrong.py"));
    TestGeneration generation = TestGeneration.builder(model, sandbox, InMemoryPlaybookStore.empty()).rounds(1)
        .build();

    GeneratedSuite suite = generation.generate("grades", resource("grades.py"), new TestGeneration.Listener() {});

    assertThat(suite.rounds()).hasSize(3);
    assertThat(suite.rounds().get(0).passed()).isFalse();
    assertThat(prompts(model, "reflector").get(0)).contains("test_a_b_that_is_wrong", "correct by definition");
    SuiteRound pruned = suite.rounds().get(2);
    assertThat(pruned.dropped()).containsExactly("test_a_b_that_is_wrong");
    assertThat(pruned.passed()).isTrue();
    assertThat(pruned.testCount()).isEqualTo(2);
    assertThat(suite.tests().orElseThrow()).contains("def test_an_a", "def test_average")
        .doesNotContain("test_a_b_that_is_wrong");
  }

  @Test
  void aModuleThatDoesNotParseOrHasNoFunctionsIsRefusedBeforeAnyModelCall() {
    ScriptedModel model = model("def test_x():\n    pass\n");
    TestGeneration generation = TestGeneration.builder(model, sandbox, InMemoryPlaybookStore.empty()).build();

    assertThatThrownBy(() -> generation.generate("broken", "def f(:\n", new TestGeneration.Listener() {}))
        .isInstanceOf(MutationException.class).hasMessageContaining("does not parse");
    assertThatThrownBy(() -> generation.generate("constants", "X = 1\n", new TestGeneration.Listener() {}))
        .isInstanceOf(MutationException.class).hasMessageContaining("no functions");
    assertThat(model.requests()).isEmpty();
  }
}
