package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where bench, eval and metrics export write is checked before any work: a bad place costs nothing. */
class OutputLocationsTest {
  @TempDir Path home;

  private AceRun ace(String... args) {
    return AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), args);
  }

  @Test
  void benchRefusesAFileAsItsOutFolderBeforeAnyTaskRuns() throws IOException {
    AceRun run = ace("bench", "--model", "reference", "--runs", "1", "--out", "/etc/passwd");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("--out /etc/passwd", "not a folder");
    assertThat(entries(home)).as("nothing was started: no history, no playbook, no report").isEmpty();
  }

  @Test
  void evalRefusesAResultsFileUnderAFileAndMetricsExportAFileAsItsFolder() throws IOException {
    AceRun eval = ace("eval", "--dataset", "builtin", "--model", "reference", "--out", "/etc/passwd/results.json");
    AceRun export = ace("metrics", "export", "--out", "/etc/passwd");

    assertThat(eval.exitCode()).isEqualTo(2);
    assertThat(eval.errLines()).singleElement().asString().contains("--out /etc/passwd/results.json",
        "/etc/passwd is not a folder");
    assertThat(export.exitCode()).isEqualTo(2);
    assertThat(export.errLines()).singleElement().asString().contains("--out /etc/passwd", "not a folder");
    assertThat(entries(home)).isEmpty();
  }

  @Test
  void evalGivenAnExistingFolderWritesItsResultsFileInIt() throws IOException {
    Path folder = Files.createDirectories(home.resolve("results"));

    AceRun run = ace("eval", "--dataset", "builtin", "--model", "reference", "--limit", "1", "--out", folder.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(folder.resolve(SessionReport.BENCHMARK_RESULTS)).isNotEmptyFile();
  }

  private static String[] entries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toArray(String[]::new);
    }
  }
}
