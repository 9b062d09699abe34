package dev.ace4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.mutation.MutationReport;
import java.nio.file.Path;

/** {@code ace mutate --json}: the report as one JSON object (kept out of the command, which --help loads). */
final class MutationJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MutationJson() {}

  static ObjectNode of(MutationReport report, Path module, Path tests) {
    ObjectNode root = JSON.createObjectNode();
    root.put("module", module.toString()).put("tests", tests.toString());
    return fill(root, report);
  }

  /** {@code node} with the report's fields added: the counts, the score and each mutant. */
  static ObjectNode fill(ObjectNode root, MutationReport report) {
    root.put("functions", report.functions());
    root.put("original_passed", report.originalPassed());
    ArrayNode failing = root.putArray("original_failures");
    report.originalFailures().forEach(test -> failing.addObject().put("test", test.name())
        .put("message", test.message()));
    root.put("mutants", report.results().size());
    root.put("killed", report.count(MutationReport.Verdict.KILLED));
    root.put("timed_out", report.count(MutationReport.Verdict.TIMED_OUT));
    root.put("survived", report.count(MutationReport.Verdict.SURVIVED));
    root.put("unreached", report.count(MutationReport.Verdict.UNREACHED));
    root.put("equivalent", report.count(MutationReport.Verdict.EQUIVALENT));
    root.put("score", report.score());
    root.put("duration_ms", report.duration().toMillis());
    ArrayNode results = root.putArray("results");
    for (MutationReport.Result result : report.results()) {
      results.addObject().put("number", result.mutant().number()).put("operator", result.mutant().operator())
          .put("line", result.mutant().line()).put("description", result.mutant().description())
          .put("verdict", result.verdict().name().toLowerCase(java.util.Locale.ROOT))
          .put("killed_by", result.killedBy()).put("diff", result.mutant().diff());
    }
    return root;
  }
}
