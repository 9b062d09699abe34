package dev.ace4j.coder.refactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.core.InMemoryPlaybookStore;
import dev.ace4j.core.spi.ModelRequest;
import dev.ace4j.core.testing.ScriptedModel;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Refactoring in the real sandbox with a scripted model: a rewrite that changes behaviour is rejected with the input
 * that shows it, a faithful one is accepted, a rewrite that exits early is not taken for a pass, and modules that
 * cannot be pinned are refused before any model call.
 */
@Timeout(180)
class RefactoringTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GRADES = """
      def grade(score):
          if score >= 90:
              return "A"
          if score >= 80:
              return "B"
          if score >= 70:
              return "C"
          return "F"


      def average(scores):
          if not scores:
              return 0.0
          return sum(scores) / len(scores)
      """;
  /** Table-driven, and the same on every input. */
  private static final String FAITHFUL = """
      BANDS = ((90, "A"), (80, "B"), (70, "C"))


      def grade(score):
          for bound, letter in BANDS:
              if score >= bound:
                  return letter
          return "F"


      def average(scores):
          return sum(scores) / len(scores) if scores else 0.0
      """;
  /** Looks the same, but 80 is now a C. */
  private static final String CHANGED = FAITHFUL.replace("(80, \"B\")", "(81, \"B\")");
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static ScriptedModel model(String... rewrites) {
    AtomicInteger written = new AtomicInteger();
    return ScriptedModel.answering(request -> switch (request.role()) {
      case "generator" -> json(Map.of("reasoning", "r", "bullet_ids", List.of(),
          "code", rewrites[Math.min(written.getAndIncrement(), rewrites.length - 1)]));
      case "reflector" -> json(Map.of("reasoning", "r", "error_identification", "a bound moved",
          "root_cause_analysis", "the table", "correct_approach", "keep the bounds", "key_insight",
          "Copy comparison bounds exactly when turning branches into a table.", "bullet_tags", List.of()));
      case "curator" -> json(Map.of("reasoning", "r", "operations", List.of(Map.of("type", "ADD",
          "section", "strategies and insights", "content", "Copy comparison bounds exactly."))));
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

  private static Refactoring refactoring(ScriptedModel model, int rounds) {
    return Refactoring.builder(model, sandbox, InMemoryPlaybookStore.empty()).rounds(rounds).build();
  }

  @Test
  void aRewriteThatChangesBehaviourIsRejectedShowingTheInputThatTellsThemApart() {
    ScriptedModel model = model(CHANGED);

    RefactorResult result = refactoring(model, 1).refactor("grades", GRADES, "make grade table-driven",
        Optional.empty(), new Refactoring.Listener() {});

    assertThat(result.accepted()).isFalse();
    assertThat(result.cases()).isGreaterThan(20);
    assertThat(result.attempts()).hasSize(2);
    assertThat(result.attempts().get(0).differences())
        .contains("grade(80): the original returned 'B', the refactored one returned 'C'");
    assertThat(result.reason().orElseThrow()).contains("behaves differently", "grade(80)");
    // The differing call reached the Reflector.
    assertThat(model.requests().stream().filter(r -> r.role().equals("reflector")).map(ModelRequest::lastUserText))
        .first().asString().contains("grade(80): the original returned 'B'");
  }

  @Test
  void aFaithfulRewriteIsAcceptedAndItsTestsPassToo() {
    String tests = "from grades import grade\n\ndef test_bounds():\n    assert grade(90) == 'A'\n"
        + "    assert grade(89) == 'B'\n";

    RefactorResult result = refactoring(model(CHANGED, FAITHFUL), 2).refactor("grades", GRADES,
        "make grade table-driven", Optional.of(tests), new Refactoring.Listener() {});

    assertThat(result.accepted()).isTrue();
    assertThat(result.code()).contains(FAITHFUL);
    assertThat(result.attempts()).extracting(RefactorAttempt::accepted).containsExactly(false, true);
    assertThat(result.bulletsAdded()).isEqualTo(1);
  }

  @Test
  void aRewriteThatExitsOrDropsAFunctionIsRejected() {
    String exits = "import os\nos._exit(0)\n";
    String dropped = "def grade(score):\n    return 'A' if score >= 90 else 'B' if score >= 80 else 'C' "
        + "if score >= 70 else 'F'\n";

    RefactorResult result = refactoring(model(exits, dropped), 1).refactor("grades", GRADES, "shorten it",
        Optional.empty(), new Refactoring.Listener() {});

    assertThat(result.accepted()).isFalse();
    assertThat(result.attempts()).hasSize(2).noneMatch(RefactorAttempt::accepted);
    assertThat(result.attempts().get(1).differences()).anySatisfy(difference ->
        assertThat(difference).startsWith("average(").contains("raised AttributeError"));
  }

  @Test
  void modulesThatCannotBePinnedAreRefusedBeforeAnyModelCall() {
    ScriptedModel model = model(FAITHFUL);
    Refactoring refactoring = refactoring(model, 1);

    assertThatThrownBy(() -> refactoring.refactor("broken", "def f(:\n", "x", Optional.empty(),
        new Refactoring.Listener() {})).isInstanceOf(RefactorException.class).hasMessageContaining("does not import");
    assertThatThrownBy(() -> refactoring.refactor("grades", GRADES, "x",
        Optional.of("from grades import grade\n\ndef test_wrong():\n    assert grade(90) == 'B'\n"),
        new Refactoring.Listener() {})).isInstanceOf(RefactorException.class)
        .hasMessageContaining("fails its tests").hasMessageContaining("test_wrong");
    assertThatThrownBy(() -> refactoring.refactor("rolls", "import random\n\ndef roll(n):\n"
        + "    return random.random() * n\n", "x", Optional.empty(), new Refactoring.Listener() {}))
        .isInstanceOf(RefactorException.class).hasMessageContaining("vary between runs");
    assertThat(model.requests()).isEmpty();
  }
}
