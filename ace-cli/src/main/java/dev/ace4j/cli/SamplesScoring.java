package dev.ace4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ace4j.coder.CodeTask;
import dev.ace4j.coder.Completions;
import dev.ace4j.coder.DatasetException;
import dev.ace4j.coder.HiddenTests;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code ace eval --samples FILE}: completions made elsewhere, scored by their tasks' hidden tests like the official
 * HumanEval harness; no model is called and nothing goes to the history.
 */
final class SamplesScoring {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SamplesScoring() {}

  /**
   * Scores the samples of {@code samplesFile}, writes {@code FILE_results.jsonl} beside it and prints pass@k.
   *
   * @return {@link ExitCodes#FAILED} when pass@1 is under {@code minimum}, else {@link ExitCodes#OK}
   * @throws BadInputException when a line of the file is malformed or names no task of the dataset
   */
  static int run(List<CodeTask> tasks, Path samplesFile, SandboxSettings settings, int parallel,
      OptionalDouble minimum, boolean json, PrintWriter out, PrintWriter err) {
    List<Completions.Completion> completions;
    try {
      completions = Completions.read(samplesFile, tasks);
    } catch (DatasetException e) {
      throw new BadInputException(String.valueOf(e.getMessage()));
    }
    long taskCount = completions.stream().map(c -> c.task().id()).distinct().count();
    err.println("scoring " + Plural.of(completions.size(), "sample") + " of " + Plural.of(taskCount, "task"));
    err.flush();
    List<Completions.Scored> scored;
    try (Sandbox sandbox = Sandboxes.create(settings)) {
      scored = Completions.score(completions, new HiddenTests(sandbox), parallel);
    }
    Path results = Completions.resultsFile(samplesFile);
    Completions.writeResults(results, scored);
    Map<Integer, Double> passAtK = Completions.passAtK(scored);
    long passed = scored.stream().filter(s -> s.score().allPassed()).count();
    if (json) {
      ObjectNode report = JSON.createObjectNode();
      report.put("samples", scored.size()).put("tasks", taskCount).put("passed", passed);
      ObjectNode estimates = report.putObject("pass_at_k");
      passAtK.forEach((k, value) -> estimates.put("pass@" + k, value));
      report.put("results_file", results.toString());
      out.println(report);
    } else {
      out.println(Plural.of(scored.size(), "sample") + " of " + Plural.of(taskCount, "task") + ", " + passed
          + " passed");
      passAtK.forEach((k, value) -> out.println(String.format(Locale.ROOT, "pass@%d: %.4f", k, value)));
      out.println("results: " + results);
    }
    out.flush();
    return Options.fellShort(minimum, passAtK.getOrDefault(1, 0.0), "pass@1", err) ? ExitCodes.FAILED
        : ExitCodes.OK;
  }
}
