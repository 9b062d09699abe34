package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.FilePlaybookStore;
import dev.ace4j.core.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ace eval}: one frozen pass, scored with hidden tests. */
class EvalCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  @Test
  void scoresTheReferenceSolutionsWithHiddenTestsAndLeavesThePlaybookAsItWas() throws IOException {
    Path playbook = home.resolve("learned.json");
    try (FilePlaybookStore store = FilePlaybookStore.open(playbook)) {
      store.apply(DeltaBatch.of(Operation.Add.of("general", "Handle n = 0 first.")));
    }
    byte[] before = Files.readAllBytes(playbook);
    Path results = home.resolve("out").resolve("results.json");

    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "eval", "--dataset", "builtin",
        "--model", "reference", "--limit", "3", "--playbook", playbook.toString(), "--out", results.toString(),
        "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.at("/summary/total_executions").asInt()).isEqualTo(3);
    assertThat(report.at("/summary/successful_executions").asInt()).isEqualTo(3);
    assertThat(JSON.readTree(results.toFile()).at("/summary/total_tasks").asInt()).isEqualTo(3);
    JsonNode perTask = JSON.readTree(home.resolve("out").resolve("task_results.json").toFile()).get("tasks");
    assertThat(perTask).hasSize(3).allSatisfy(task -> assertThat(task.get("status").asText()).isEqualTo("passed"));
    assertThat(perTask.get(0).get("error").isNull()).isTrue();
    assertThat(perTask.get(0).get("duration_ms").asLong()).isPositive();
    assertThat(Files.readAllBytes(playbook)).isEqualTo(before);
    assertThat(run.err()).contains("frozen");
    assertThat(report.get("playbook_file").asText()).isEqualTo(playbook.toString());
  }

  @Test
  void scoresWithTheHiddenTestsAProgramThatPassesOnlyTheVisibleOnes() throws IOException {
    // Each task's buggy.py: its reference with one bug that the hidden tests catch and the visible ones do not.
    // The fake model writes it once the playbook holds its rule, so the one round of eval gets it.
    Path playbook = home.resolve("rule.json");
    try (FilePlaybookStore store = FilePlaybookStore.open(playbook)) {
      store.apply(DeltaBatch.of(Operation.Add.of("general", FakeCoderServer.RULE)));
    }
    Path out = home.resolve("out");
    AceRun run;
    try (FakeCoderServer model = new FakeCoderServer(Set.of(), BuiltinBenchmark::buggySolution)) {
      run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString(), "OPENAI_API_KEY", "sk-test"), "eval",
          "--dataset", "builtin", "--limit", "2", "--model", "openai-compatible:fake-coder", "--base-url",
          model.baseUrl(), "--playbook", playbook.toString(), "--out", out.resolve("results.json").toString(),
          "--json");
    }

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(run.err()).contains("attempt 1: passed the visible tests");
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.at("/summary/total_executions").asInt()).isEqualTo(2);
    assertThat(report.at("/summary/successful_executions").asInt()).as("hidden tests passed").isEqualTo(0);
    JsonNode perTask = JSON.readTree(out.resolve("task_results.json").toFile()).get("tasks");
    assertThat(perTask).hasSize(2)
        .allSatisfy(task -> assertThat(task.get("status").asText()).isNotEqualTo("passed"));
    try (History history = History.open(home.resolve("ace.db"))) {
      assertThat(history.tasks(Filter.all())).hasSize(2).allSatisfy(row -> {
        assertThat(row.firstAttemptPassed()).as("the visible tests passed").isTrue();
        assertThat(row.success()).isFalse();
        assertThat(row.hiddenPassed()).isLessThan(row.hiddenTotal());
      });
    }
  }

  @Test
  void withoutAPlaybookSaysNullAndQuietPrintsNoProgress() throws IOException {
    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "eval", "--dataset", "builtin",
        "--model", "reference", "--limit", "2", "--json", "--quiet");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).get("playbook_file").isNull()).isTrue();
    assertThat(run.errLines()).as("only the line that names the evaluation").singleElement().asString()
        .startsWith("evaluating 2 tasks of builtin");
  }

  @Test
  void tracesEachTestRunBesideTheModelCallsOfItsTask() {
    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "--trace", "eval", "--dataset",
        "builtin", "--model", "reference", "--limit", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).containsSubsequence("ace: trace ", "  generator ", "    generator.chat ",
        "  environment.evaluate ");
  }

  @Test
  void refusesDatasetsItDoesNotHaveADatasetFileThatIsNotThereAndAPlaybookThatIsNotThere() {
    Map<String, String> environment = Map.of("ACE4J_HOME", home.toString());

    AceRun humaneval = AceRun.withEnvironment(environment, "eval", "--dataset", "humaneval", "he.jsonl");
    AceRun unknown = AceRun.withEnvironment(environment, "eval", "--dataset", "apps");
    AceRun missing = AceRun.withEnvironment(environment, "eval", "--dataset", "builtin", "--playbook", "gone.json",
        "--model", "reference");

    assertThat(humaneval.errLines()).singleElement().asString().contains("he.jsonl", "cannot read it");
    assertThat(unknown.errLines()).singleElement().asString().contains("--dataset apps", "builtin");
    assertThat(missing.errLines()).singleElement().asString().contains("--playbook gone.json", "no such file");
    assertThat(humaneval.exitCode()).isEqualTo(2);
    assertThat(home.resolve("gone.json")).doesNotExist();
  }
}
