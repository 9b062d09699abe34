package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ace eval --samples FILE}: completions made elsewhere, several per task, scored in the sandbox like the
 * official HumanEval harness, with its results file and the unbiased pass@k.
 */
class SamplesEvalTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  private Path dataset;

  @BeforeEach
  void writeTheDataset() throws IOException {
    try (InputStream in = SamplesEvalTest.class.getResourceAsStream("datasets/humaneval-sample.jsonl")) {
      dataset = Files.write(home.resolve("humaneval.jsonl"), in.readAllBytes());
    }
  }

  @Test
  void scoresEverySampleWritesTheResultsBesideTheFileAndEstimatesPassAtK() throws IOException {
    List<String> lines = new ArrayList<>();
    // HumanEval/53: 3 of 10 right; HumanEval/0: none of 10 (wrong, a syntax error, a loop).
    for (int i = 0; i < 10; i++) {
      lines.add(sample("HumanEval/53", i < 3 ? "    return x + y\n" : "    return x - y\n", i));
    }
    lines.add(sample("HumanEval/0", "    while True:\n        pass\n", 0));
    lines.add(sample("HumanEval/0", "    return (\n", 1));
    for (int i = 2; i < 10; i++) {
      lines.add(sample("HumanEval/0", "    return None\n", i));
    }
    Path samples = Files.write(home.resolve("samples.jsonl"), lines);

    AceRun run = eval(samples, "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("samples").asInt()).isEqualTo(20);
    assertThat(report.get("passed").asInt()).isEqualTo(3);
    assertThat(report.at("/pass_at_k/pass@1").asDouble()).as("(0.3 + 0) / 2").isCloseTo(0.15, within());
    assertThat(report.at("/pass_at_k/pass@10").asDouble()).as("(1 + 0) / 2").isCloseTo(0.5, within());
    assertThat(report.at("/pass_at_k").has("pass@100")).as("no task has 100 samples").isFalse();
    Path results = home.resolve("samples.jsonl_results.jsonl");
    assertThat(report.get("results_file").asText()).isEqualTo(results.toString());
    List<JsonNode> scored = new ArrayList<>();
    for (String line : Files.readAllLines(results)) {
      scored.add(JSON.readTree(line));
    }
    assertThat(scored).hasSize(20);
    assertThat(scored.get(0).get("sample_id").asInt()).as("the sample's own fields are kept").isZero();
    assertThat(scored).extracting(s -> s.get("result").asText()).containsExactly(
        "passed", "passed", "passed", "failed: AssertionError", "failed: AssertionError", "failed: AssertionError",
        "failed: AssertionError", "failed: AssertionError", "failed: AssertionError", "failed: AssertionError",
        "timed out", "failed: SyntaxError", "failed: AssertionError", "failed: AssertionError",
        "failed: AssertionError", "failed: AssertionError", "failed: AssertionError", "failed: AssertionError",
        "failed: AssertionError", "failed: AssertionError");
    assertThat(scored).extracting(s -> s.get("passed").asBoolean()).startsWith(true, true, true, false)
        .filteredOn(passed -> passed).hasSize(3);
  }

  @Test
  void refusesASampleOfAnUnknownTaskAndAMalformedLineInOneLineNamingTheLine() throws IOException {
    Path unknown = Files.write(home.resolve("unknown.jsonl"), List.of(sample("HumanEval/53", "    return x + y\n", 0),
        "", sample("HumanEval/999", "    pass\n", 1)));
    Path malformed = Files.write(home.resolve("malformed.jsonl"), List.of("{\"task_id\": \"HumanEval/53\"}"));

    AceRun unknownRun = eval(unknown);
    AceRun malformedRun = eval(malformed);

    assertThat(unknownRun.exitCode()).isEqualTo(2);
    assertThat(unknownRun.errLines()).singleElement().asString().isEqualTo("ace: " + unknown + ":3: task_id "
        + "'HumanEval/999' is not a task of the dataset: score the samples with the dataset they were made for");
    assertThat(malformedRun.exitCode()).isEqualTo(2);
    assertThat(malformedRun.errLines()).singleElement().asString()
        .startsWith("ace: " + malformed + ":1: not a {\"task_id\", \"completion\"} record");
    assertThat(home.resolve("unknown.jsonl_results.jsonl")).doesNotExist();
  }

  @Test
  void refusesTheOptionsOfAModelRunWhichSamplesWouldIgnore() throws IOException {
    Path samples = Files.write(home.resolve("samples.jsonl"), List.of(sample("HumanEval/53", "    return x + y\n", 0)));

    AceRun withModel = eval(samples, "--model", "reference");
    AceRun withOut = eval(samples, "--out", home.resolve("out.json").toString());

    assertThat(withModel.exitCode()).isEqualTo(2);
    assertThat(withModel.errLines()).singleElement().asString().startsWith("ace: --model: --samples scores "
        + "completions made elsewhere");
    assertThat(withOut.exitCode()).isEqualTo(2);
    assertThat(withOut.errLines()).singleElement().asString().contains("leave out --out or --samples");
    assertThat(home.resolve("samples.jsonl_results.jsonl")).doesNotExist();
  }

  private AceRun eval(Path samples, String... options) {
    List<String> args = new ArrayList<>(List.of("eval", "--dataset", "humaneval", dataset.toString(), "--samples",
        samples.toString(), "--parallel", "8"));
    args.addAll(List.of(options));
    return AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), args.toArray(String[]::new));
  }

  private static String sample(String taskId, String completion, int id) {
    return JSON.createObjectNode().put("task_id", taskId).put("completion", completion).put("sample_id", id)
        .toString();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
