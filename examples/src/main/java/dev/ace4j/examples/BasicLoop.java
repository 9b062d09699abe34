package dev.ace4j.examples;

import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.SelfLearningCoder;
import dev.ace4j.coder.Solution;
import dev.ace4j.core.spi.LanguageModel;
import dev.ace4j.core.testing.ScriptedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Demo 1, the basic loop: three tasks solved one after the other; each run is reflected on and its lesson curated
 * into the playbook, which the next task starts from.
 *
 * <p>Usage: {@code BasicLoop [PLAYBOOK_FILE]} (default: a fresh file in a temporary folder).
 */
public final class BasicLoop {
  /** What the stand-in model has to learn before its programs work. */
  static final String RULE = "Write the whole requested function: never leave a placeholder that raises.";

  private BasicLoop() {}

  public static void main(String[] args) throws Exception {
    Path playbook = args.length > 0 ? Path.of(args[0])
        : Files.createTempDirectory("ace4j-basic-loop").resolve("playbook.json");
    List<CodeTask> tasks = BuiltinBenchmark.tasks().subList(0, 3);
    LanguageModel model = ExampleModel.configuredOr(learner(tasks));
    try (SelfLearningCoder coder = SelfLearningCoder.builder(model).playbook(playbook).rounds(2).build()) {
      for (CodeTask task : tasks) {
        Solution solution = coder.solve(task);
        System.out.printf("%-22s %s after %d attempt(s); playbook v%d, %d strategies%n", task.id(),
            solution.passed() ? "passed" : "failed", solution.attempts().size(), solution.playbookVersion(),
            coder.playbook().active().size());
      }
      System.out.println("playbook " + playbook + ":");
      coder.playbook().active().forEach(bullet -> System.out.println("  [" + bullet.id() + "] " + bullet.content()));
    }
  }

  /**
   * A stand-in model that writes a placeholder until the rule is in its prompt (the playbook, or the reflection on
   * its last attempt); as Reflector it states the rule, as Curator it adds it once.
   */
  static ScriptedModel learner(List<CodeTask> tasks) {
    return ScriptedModel.answering(request -> {
      String prompt = request.allText();
      return switch (request.role()) {
        case "generator" -> {
          CodeTask task = tasks.stream().filter(t -> prompt.contains(t.prompt())).findFirst().orElseThrow();
          String code = prompt.contains(RULE) ? task.referenceSolution().orElseThrow()
              : "raise NotImplementedError('to do')\n";
          yield Json.object("reasoning", "one attempt", "bullet_ids", List.of(), "code", code);
        }
        case "reflector" -> Json.object("reasoning", "the module raised on import", "error_identification",
            "a placeholder", "root_cause_analysis", "the function was never written", "correct_approach",
            "write it whole", "key_insight", RULE, "bullet_tags", List.of());
        default -> Json.object("reasoning", "keep the rule", "operations", prompt.contains("] " + RULE) ? List.of()
            : List.of(java.util.Map.of("type", "ADD", "section", "common mistakes to avoid", "content", RULE)));
      };
    });
  }
}
