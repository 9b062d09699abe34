package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.TaskRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ace eval --dataset humaneval|mbpp FILE}, scored in the sandbox with the checks sealed from the program:
 * the datasets' own solutions pass, and solutions that are wrong, end themselves with status 0, loop or crash fail.
 */
class DatasetEvalTest {
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
  void solutionsThatAreWrongEndThemselvesEarlyLoopOrCrashFailAndANoisyRightOnePasses() throws IOException {
    AceRun run = eval("humaneval", resource("humaneval-hostile.jsonl"));

    assertThat(run.exitCode()).as("--model reference with failing references: the harness says so").isEqualTo(1);
    try (History history = History.open(home.resolve("ace.db"))) {
      Map<String, Boolean> passed = history.tasks(Filter.all()).stream()
          .collect(Collectors.toMap(TaskRow::taskId, TaskRow::success));
      assertThat(passed).containsExactlyInAnyOrderEntriesOf(Map.of(
          "bad/wrong", false,
          "bad/exit0_module", false,
          "bad/exit0_call", false,
          "bad/systemexit", false,
          "bad/loop", false,
          "bad/crash", false,
          "bad/megabyte", true));
    }
    assertThat(run.err()).contains("✗ bad/loop: hidden 0/1", "✗ bad/exit0_module: hidden 0/1");
  }

  @Test
  void refusesAMissingFileAndAMalformedLineInOneLine() throws IOException {
    Path malformed = Files.writeString(home.resolve("broken.jsonl"), "{\"task_id\": \"x\"}\nnot json\n");
    Path incomplete = Files.writeString(home.resolve("incomplete.jsonl"), "\n{\"task_id\": \"x\"}\n");

    AceRun noFile = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "eval", "--dataset", "humaneval",
        "--model", "reference");
    AceRun broken = eval("humaneval", malformed);
    AceRun missingField = eval("humaneval", incomplete);

    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.errLines()).singleElement().asString().contains("--dataset humaneval needs its file");
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.errLines()).singleElement().asString()
        .startsWith("ace: " + malformed + ":2: not valid JSON").endsWith(": give one JSON record per line");
    assertThat(missingField.exitCode()).isEqualTo(2);
    assertThat(missingField.errLines()).singleElement().asString()
        .isEqualTo("ace: " + incomplete + ":2: field 'entry_point' is missing: give it in every record");
  }

  private AceRun eval(String dataset, Path file) {
    return AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "eval", "--dataset", dataset,
        file.toString(), "--model", "reference", "--parallel", "4");
  }

  private Path resource(String name) throws IOException {
    try (InputStream in = DatasetEvalTest.class.getResourceAsStream("datasets/" + name)) {
      Path file = home.resolve(name);
      Files.write(file, in.readAllBytes());
      return file;
    }
  }
}
