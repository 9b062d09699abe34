package dev.ace4j.examples;

import dev.ace4j.coder.testgen.GeneratedSuite;
import dev.ace4j.coder.testgen.SuiteRound;
import dev.ace4j.coder.testgen.TestGeneration;
import dev.ace4j.core.FilePlaybookStore;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.testing.ScriptedModel;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Demo 2, test generation: a pytest suite for a module, measured by mutation testing; the surviving mutants drive a
 * stronger suite, and the lesson lands in the test-generation playbook that the next module starts from.
 *
 * <p>Usage: {@code TestGenerationDemo [PLAYBOOK_FILE]}.
 */
public final class TestGenerationDemo {
  static final String GRADES = """
      def grade(score):
          if score >= 90:
              return "A"
          if score >= 80:
              return "B"
          return "F"
      """;
  static final String WEAK = "from grades import grade\n\n\ndef test_an_a():\n    assert grade(95) == 'A'\n";
  static final String STRONG = WEAK + """


      def test_each_side_of_each_bound():
          assert [grade(s) for s in (90, 89, 80, 79)] == ["A", "B", "B", "F"]
      """;
  static final String LESSON = "Pin both sides of every comparison: the bound itself and the value just below it.";

  private TestGenerationDemo() {}

  public static void main(String[] args) throws Exception {
    Path playbook = args.length > 0 ? Path.of(args[0])
        : Files.createTempDirectory("ace4j-testgen").resolve("testgen.json");
    LanguageModel model = ExampleModel.configuredOr(tester());
    try (Sandbox sandbox = Sandboxes.create(); FilePlaybookStore store = FilePlaybookStore.open(playbook)) {
      TestGeneration generation = TestGeneration.builder(model, sandbox, store).rounds(2).build();
      GeneratedSuite suite = generation.generate("grades", GRADES, new TestGeneration.Listener() {
        @Override
        public void measured(SuiteRound round) {
          System.out.printf(Locale.ROOT, "suite %d: %d tests, %s%n", round.number(), round.testCount(),
              round.score().isPresent() ? String.format(Locale.ROOT, "mutation score %.2f",
                  round.score().getAsDouble()) : "not passing on the module");
        }
      });
      System.out.println(suite.reachedTarget() ? "target reached" : "target not reached");
      System.out.println("playbook " + playbook + " v" + store.current().version() + ":");
      store.current().active().forEach(b -> System.out.println("  [" + b.section() + "] " + b.content()));
      System.out.println(suite.tests().orElse("(no suite)"));
    }
  }

  /** Writes a weak suite, then a strong one; reflects on the survivors; files the lesson. */
  static ScriptedModel tester() {
    AtomicInteger suites = new AtomicInteger();
    return ScriptedModel.answering(request -> switch (request.role()) {
      case "generator" -> Json.object("reasoning", "tests", "bullet_ids", List.of(),
          "code", suites.getAndIncrement() == 0 ? WEAK : STRONG);
      case "reflector" -> Json.object("reasoning", "boundary mutants survived", "error_identification",
          "no boundary tests", "root_cause_analysis", "one value per branch", "correct_approach",
          "test 90, 89, 80 and 79", "key_insight", LESSON, "bullet_tags", List.of());
      default -> Json.object("reasoning", "reusable", "operations", List.of(Map.of("type", "ADD", "section",
          "assertions that kill mutants", "content", LESSON)));
    });
  }
}
