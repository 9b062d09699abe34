package dev.ace4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.testgen.GeneratedSuite;
import dev.ace4j.coder.testgen.SuiteRound;
import java.nio.file.Path;

/** {@code ace testgen --json}: the suite, its rounds and what it covers, as one JSON object. */
final class TestgenJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestgenJson() {}

  static ObjectNode of(GeneratedSuite suite, Path module, Path playbook) {
    ObjectNode root = JSON.createObjectNode();
    root.put("module", module.toString()).put("import_name", suite.module());
    suite.tests().ifPresentOrElse(tests -> root.put("tests", tests), () -> root.putNull("tests"));
    suite.best().ifPresentOrElse(best -> root.put("best_round", best.number()), () -> root.putNull("best_round"));
    suite.best().ifPresentOrElse(best -> root.put("score", best.score().getAsDouble()), () -> root.putNull("score"));
    root.put("target", suite.target()).put("reached_target", suite.reachedTarget());
    suite.coverage().ifPresentOrElse(coverage -> {
      ObjectNode node = root.putObject("coverage");
      node.put("statements", coverage.statements()).put("covered", coverage.covered())
          .put("line_rate", coverage.lineRate());
      coverage.functions().forEach(node.putArray("functions")::add);
      coverage.exercised().forEach(node.putArray("exercised")::add);
    }, () -> root.putNull("coverage"));
    ArrayNode rounds = root.putArray("rounds");
    for (SuiteRound round : suite.rounds()) {
      ObjectNode node = rounds.addObject().put("number", round.number()).put("tests", round.testCount())
          .put("passed", round.passed());
      round.score().ifPresentOrElse(score -> node.put("score", score), () -> node.putNull("score"));
      round.problem().ifPresentOrElse(problem -> node.put("problem", problem), () -> node.putNull("problem"));
      round.dropped().forEach(node.putArray("dropped")::add);
      node.put("source", round.tests());
      round.measured().ifPresent(report -> MutationJson.fill(node.putObject("mutation"), report));
    }
    root.put("playbook", playbook.toString()).put("playbook_version", suite.playbookVersion())
        .put("bullets_added", suite.bulletsAdded());
    suite.problem().ifPresentOrElse(problem -> root.put("problem", problem), () -> root.putNull("problem"));
    root.putObject("tokens").put("input", suite.usage().inputTokens()).put("output", suite.usage().outputTokens());
    root.put("duration_ms", suite.duration().toMillis());
    return root;
  }
}
