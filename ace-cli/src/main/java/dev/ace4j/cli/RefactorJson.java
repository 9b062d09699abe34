package dev.ace4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.refactor.RefactorAttempt;
import dev.ace4j.coder.refactor.RefactorResult;
import java.nio.file.Path;

/** {@code ace refactor --json}: the outcome and every rewrite (kept out of the command, which --help loads). */
final class RefactorJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RefactorJson() {}

  /** @param writes whether the command writes an accepted rewrite to a file (--write or --out) */
  static ObjectNode of(RefactorResult result, Path file, String goal, boolean writes) {
    ObjectNode root = JSON.createObjectNode();
    root.put("file", file.toString()).put("goal", goal).put("accepted", result.accepted());
    result.code().ifPresentOrElse(code -> root.put("code", code), () -> root.putNull("code"));
    result.reason().ifPresentOrElse(reason -> root.put("reason", reason), () -> root.putNull("reason"));
    root.put("cases", result.cases()).put("written", result.accepted() && writes);
    ArrayNode attempts = root.putArray("attempts");
    for (RefactorAttempt attempt : result.attempts()) {
      ObjectNode node = attempts.addObject().put("number", attempt.number()).put("accepted", attempt.accepted());
      attempt.failedTests().forEach(node.putArray("failed_tests")::add);
      attempt.differences().forEach(node.putArray("differences")::add);
      attempt.problem().ifPresentOrElse(problem -> node.put("problem", problem), () -> node.putNull("problem"));
      node.put("code", attempt.code());
    }
    root.put("playbook_version", result.playbookVersion()).put("bullets_added", result.bulletsAdded());
    root.putObject("tokens").put("input", result.usage().inputTokens()).put("output", result.usage().outputTokens());
    root.put("duration_ms", result.duration().toMillis());
    return root;
  }
}
