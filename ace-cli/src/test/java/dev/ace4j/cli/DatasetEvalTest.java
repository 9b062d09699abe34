package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.TaskRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ace eval --dataset humaneval|mbpp|io FILE}, scored in the sandbox with the checks sealed from the program
 * (io: stdout compared by ace): the datasets' own solutions pass, and solutions that are wrong, end themselves with
 * status 0, loop or crash fail.
 */
class DatasetEvalTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  @Test
  void theReferenceSolutionsOfHumanEvalAndMbppSamplesPass() throws IOException {
    AceRun humanEval = eval("humaneval", resource("humaneval-sample.jsonl"));
    AceRun mbpp = eval("mbpp", resource("mbpp-sample.json"));

    assertThat(humanEval.exitCode()).as(humanEval.err()).isZero();
    assertThat(humanEval.out()).contains("3 tasks, 3 passed the hidden tests (100.0%)");
    assertThat(mbpp.exitCode()).as(mbpp.err()).isZero();
    assertThat(mbpp.out()).contains("3 tasks, 3 passed the hidden tests (100.0%)");
  }

  @Test
  void theReferenceSolutionsOfAGzippedIoSamplePassWithTheFloatToleranceAndNotWithout() throws IOException {
    Path gzipped = home.resolve("io-sample.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
      out.write(Files.readAllBytes(resource("io-sample.jsonl")));
    }

    AceRun tolerant = eval("io", gzipped, "--float-tolerance", "1e-6");
    AceRun exact = eval("io", gzipped);

    assertThat(tolerant.exitCode()).as(tolerant.err()).isZero();
    assertThat(tolerant.out()).contains("3 tasks, 3 passed the hidden tests (100.0%)");
    assertThat(exact.exitCode()).as("1.6666666666666667 is not 1.666667 exactly").isEqualTo(1);
    assertThat(exact.err()).contains("✗ io/mean: hidden 1/2");
  }

  @Test
  void solutionsThatAreWrongEndThemselvesEarlyLoopOrCrashFailAndANoisyRightOnePasses() throws IOException {
    Path taskResults = home.resolve("per-task.json");
    AceRun run = eval("humaneval", resource("humaneval-hostile.jsonl"), "--results", taskResults.toString());

    assertThat(run.exitCode()).as("--model reference with failing references: the harness says so").isEqualTo(1);
    Map<String, String> statuses = new HashMap<>();
    JSON.readTree(taskResults.toFile()).get("tasks").forEach(task -> statuses.put(task.get("task_id").asText(),
        task.get("status").asText() + " " + task.get("error").asText()));
    assertThat(statuses).containsEntry("bad/wrong", "failed AssertionError").containsEntry("bad/loop", "timeout timeout")
        .containsEntry("bad/megabyte", "passed null").hasSize(9);
    assertThat(statuses.get("bad/crash")).startsWith("error ");
    assertThat(passedByTask()).containsExactlyInAnyOrderEntriesOf(Map.of(
          "bad/wrong", false,
          "bad/exit0_module", false,
          "bad/sysexit_module", false,
          "bad/systemexit_module", false,
          "bad/exit0_call", false,
          "bad/systemexit", false,
          "bad/loop", false,
          "bad/crash", false,
          "bad/megabyte", true));
    assertThat(run.err()).contains("✗ bad/loop: hidden 0/1", "✗ bad/exit0_module: hidden 0/1");
  }

  @Test
  void mbppSolutionsThatAreWrongEndThemselvesEarlyLoopOrCrashFailAndANoisyRightOnePasses() throws IOException {
    AceRun run = eval("mbpp", resource("mbpp-hostile.jsonl"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(passedByTask()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "mbpp/wrong", false,
        "mbpp/exit0_module", false,
        "mbpp/sysexit_body", false,
        "mbpp/systemexit_module", false,
        "mbpp/loop", false,
        "mbpp/crash", false,
        "mbpp/megabyte", true));
  }

  @Test
  void ioProgramsThatAreWrongEndThemselvesEarlyLoopCrashOrFloodStdoutFailAndOneNoisyOnStderrPasses()
      throws IOException {
    AceRun run = eval("io", resource("io-hostile.jsonl"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    Map<String, Boolean> passed = passedByTask();
    assertThat(passed).hasSize(12);
    assertThat(passed.entrySet()).as("the only program that passes").filteredOn(Map.Entry::getValue)
        .extracting(Map.Entry::getKey).containsExactly("bad/noisy_stderr");
    assertThat(run.err()).contains("✗ bad/loop_on_second_case: hidden 1/2", "✗ bad/exit0_body: hidden 0/2",
        "✗ bad/megabyte: hidden 0/2");
  }

  @Test
  void refusesAMissingFileAndAMalformedLineInOneLine() throws IOException {
    Path malformed = Files.writeString(home.resolve("broken.jsonl"), "{\"task_id\": \"x\"}\nnot json\n");
    Path incomplete = Files.writeString(home.resolve("incomplete.jsonl"), "\n{\"task_id\": \"x\"}\n");
    Path caseless = Files.writeString(home.resolve("io.jsonl"), "{\"task_id\": \"a\", \"prompt\": \"p\", "
        + "\"tests\": [{\"input\": \"1\", \"output\": \"1\"}]}\n{\"task_id\": \"b\", \"prompt\": \"p\", "
        + "\"tests\": [{\"input\": 1}]}\n");
    Path unsolved = Files.writeString(home.resolve("unsolved.jsonl"), "{\"task_id\": \"a\", \"prompt\": \"p\", "
        + "\"tests\": [{\"input\": \"1\", \"output\": \"1\"}]}\n");

    AceRun noFile = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "eval", "--dataset", "humaneval",
        "--model", "reference");
    AceRun broken = eval("humaneval", malformed);
    AceRun missingField = eval("humaneval", incomplete);
    AceRun badCase = eval("io", caseless);
    AceRun noSolution = eval("io", unsolved);

    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.errLines()).singleElement().asString().contains("--dataset humaneval needs its file");
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.errLines()).singleElement().asString()
        .startsWith("ace: " + malformed + ":2: not valid JSON").endsWith(": give one JSON record per line");
    assertThat(missingField.exitCode()).isEqualTo(2);
    assertThat(missingField.errLines()).singleElement().asString()
        .isEqualTo("ace: " + incomplete + ":2: field 'entry_point' is missing: give it in every record");
    assertThat(badCase.exitCode()).isEqualTo(2);
    assertThat(badCase.errLines()).singleElement().asString()
        .startsWith("ace: " + caseless + ":2: tests[0] is not {\"input\": text, \"output\": text}");
    assertThat(noSolution.exitCode()).isEqualTo(2);
    assertThat(noSolution.errLines()).singleElement().asString()
        .contains("task 'a' has no reference solution", "give a real model with --model");
  }

  private Map<String, Boolean> passedByTask() {
    try (History history = History.open(home.resolve("ace.db"))) {
      return history.tasks(Filter.all()).stream().collect(Collectors.toMap(TaskRow::taskId, TaskRow::success));
    }
  }

  private AceRun eval(String dataset, Path file, String... options) {
    List<String> args = new ArrayList<>(List.of("eval", "--dataset", dataset, file.toString(), "--model",
        "reference", "--parallel", "8"));
    args.addAll(List.of(options));
    return AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), args.toArray(String[]::new));
  }

  private Path resource(String name) throws IOException {
    try (InputStream in = DatasetEvalTest.class.getResourceAsStream("datasets/" + name)) {
      Path file = home.resolve(name);
      Files.write(file, in.readAllBytes());
      return file;
    }
  }
}
