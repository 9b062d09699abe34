package dev.ace4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.CodeAttempt;
import dev.ace4j.coder.ExecutionReport;
import dev.ace4j.coder.Solution;
import dev.ace4j.core.Operation;
import dev.ace4j.core.Reflection;
import java.nio.file.Path;
import java.util.Locale;

/** The JSON document of {@code ace solve --json}: the program, every attempt, and what the playbook learned. */
final class SolutionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SolutionJson() {}

  /** The document; {@code session_id} comes first, as in {@code ace bench --json}, for {@code metrics --session}. */
  static String write(String sessionId, Solution solution, Path playbook) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("session_id", sessionId);
    root.put("task_id", solution.task().id());
    root.put("passed", solution.passed());
    root.put("code", solution.code().orElse(null));
    root.put("rounds", solution.rounds());
    ArrayNode attempts = root.putArray("attempts");
    solution.attempts().forEach(attempt -> attempts.add(attempt(attempt)));
    ObjectNode learned = root.putObject("playbook");
    learned.put("file", playbook.toString());
    learned.put("version", solution.playbookVersion());
    ArrayNode operations = learned.putArray("operations");
    solution.delta().ifPresent(batch -> batch.operations().forEach(op -> operations.add(operation(op))));
    ObjectNode tokens = root.putObject("tokens");
    tokens.put("input", solution.usage().inputTokens());
    tokens.put("output", solution.usage().outputTokens());
    if (solution.costUsd().isPresent()) {
      root.put("cost_usd", solution.costUsd().get());
    } else {
      root.putNull("cost_usd");
    }
    root.put("duration_ms", solution.duration().toMillis());
    root.put("problem", solution.problem().orElse(null));
    return root.toString();
  }

  private static ObjectNode attempt(CodeAttempt attempt) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("number", attempt.number());
    node.put("passed", attempt.passed());
    ExecutionReport report = attempt.report();
    node.put("status", report.status());
    node.put("visible_tests_passed", report.testsPassed());
    node.put("visible_tests_failed", report.testsFailed());
    node.put("error_type", report.errorType().orElse(null));
    ArrayNode cited = node.putArray("cited_bullets");
    attempt.citedBullets().forEach(cited::add);
    node.put("report", report.text());
    node.put("code", attempt.code().orElse(null));
    attempt.reflection().ifPresentOrElse(r -> node.set("reflection", reflection(r)), () -> node.putNull("reflection"));
    node.put("duration_ms", attempt.duration().toMillis());
    return node;
  }

  private static ObjectNode reflection(Reflection reflection) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("error_identification", reflection.errorIdentification());
    node.put("root_cause_analysis", reflection.rootCauseAnalysis());
    node.put("correct_approach", reflection.correctApproach());
    node.put("key_insight", reflection.keyInsight());
    return node;
  }

  /** An operation in the Curator's own wire shape: type, section, content, bullet_id, merge_ids, justification. */
  private static ObjectNode operation(Operation operation) {
    ObjectNode node = MAPPER.createObjectNode();
    if (operation instanceof Operation.Add add) {
      node.put("type", "ADD").put("section", add.section()).put("content", add.content());
      add.bulletId().ifPresent(id -> node.put("bullet_id", id));
      node.put("justification", add.justification());
    } else if (operation instanceof Operation.Update update) {
      node.put("type", "UPDATE").put("bullet_id", update.bulletId()).put("content", update.content())
          .put("justification", update.justification());
    } else if (operation instanceof Operation.Tag tag) {
      node.put("type", "TAG").put("bullet_id", tag.bulletId())
          .put("tag", tag.verdict().name().toLowerCase(Locale.ROOT)).put("justification", tag.justification());
    } else if (operation instanceof Operation.Remove remove) {
      node.put("type", "REMOVE").put("bullet_id", remove.bulletId()).put("justification", remove.justification());
    } else if (operation instanceof Operation.Merge merge) {
      node.put("type", "MERGE");
      merge.bulletIds().forEach(node.putArray("merge_ids")::add);
      node.put("content", merge.content()).put("justification", merge.justification());
    }
    return node;
  }
}
