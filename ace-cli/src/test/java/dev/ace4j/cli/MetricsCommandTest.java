package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ace metrics summary} and {@code export} over the history that bench and eval wrote. */
class MetricsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private Map<String, String> environment() {
    return Map.of("ACE4J_HOME", home.toString());
  }

  @Test
  void summarizesAndExportsTheLastSessionOfAKind() throws IOException {
    AceRun eval = AceRun.withEnvironment(environment(), "eval", "--dataset", "builtin", "--model", "reference",
        "--samples", "2");
    assertThat(eval.exitCode()).as(eval.err()).isZero();

    AceRun summary = AceRun.withEnvironment(environment(), "metrics", "summary", "--last", "eval", "--json");
    AceRun text = AceRun.withEnvironment(environment(), "metrics", "summary");
    Path out = home.resolve("exports");
    AceRun export = AceRun.withEnvironment(environment(), "metrics", "export", "--kind", "eval", "--out",
        out.toString());

    assertThat(summary.exitCode()).as(summary.err()).isZero();
    JsonNode json = JSON.readTree(summary.out());
    assertThat(json.at("/summary/total_executions").asInt()).isEqualTo(2);
    assertThat(json.at("/summary/success_rate").asDouble()).isEqualTo(1.0);
    assertThat(text.out()).contains("2 tasks, 2 passed the hidden tests (100.0%)");
    assertThat(export.exitCode()).isZero();
    assertThat(JSON.readTree(out.resolve(SessionReport.BENCHMARK_RESULTS).toFile()).at("/summary/total_tasks")
        .asInt()).isEqualTo(2);
    assertThat(out.resolve(SessionReport.METRICS_FILE)).exists();
    assertThat(out.resolve(SessionReport.VISUALIZATION)).exists();
  }

  @Test
  void saysWhereTheHistoryShouldBeWhenThereIsNoneAndCreatesNothing() {
    AceRun run = AceRun.withEnvironment(environment(), "metrics", "summary");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.errLines()).singleElement().asString().contains("ace.db does not exist yet", "ace bench");
    assertThat(home.resolve("ace.db")).doesNotExist();
  }

  @Test
  void refusesAnUnknownSessionAndAHistoryThatIsNotADatabase() throws IOException {
    AceRun eval = AceRun.withEnvironment(environment(), "eval", "--dataset", "builtin", "--model", "reference",
        "--samples", "1");
    assertThat(eval.exitCode()).isZero();
    AceRun unknown = AceRun.withEnvironment(environment(), "metrics", "summary", "--session", "nope");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(unknown.errLines()).singleElement().asString().contains("nope");

    Path other = Files.createDirectories(home.resolve("other"));
    Files.writeString(other.resolve("ace.db"), "not a database");
    AceRun corrupt = AceRun.withEnvironment(Map.of("ACE4J_HOME", other.toString()), "metrics", "summary");
    assertThat(corrupt.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(corrupt.errLines()).singleElement().asString().contains("ace.db");
    assertThat(other.resolve("ace.db")).hasContent("not a database");
  }
}
