package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ACE4J_HOME that cannot be written (a read-only mount, as in a container, which even root cannot write): the
 * commands that only read work, and the others say "not writable" without ever suggesting to remove data.
 */
class ReadOnlyHomeTest {
  @TempDir static Path home;
  @TempDir static Path dir;

  @BeforeAll
  static void aHistoryWithOneEvaluation() {
    AceRun eval = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "eval", "--dataset", "builtin",
        "--model", "reference", "--limit", "1");
    assertThat(eval.exitCode()).as(eval.err()).isZero();
  }

  @Test
  void metricsReadsTheHistoryOfAReadOnlyHome() throws Exception {
    Result summary = readOnly("metrics", "summary", "--json");
    Result sessions = readOnly("metrics", "sessions");

    assertThat(summary.exitCode).as(summary.err).isZero();
    assertThat(summary.out).contains("\"total_executions\":1");
    assertThat(sessions.exitCode).as(sessions.err).isZero();
    assertThat(sessions.out).contains("eval", "finished");
  }

  @Test
  void aCommandThatRecordsSaysTheHomeIsNotWritableAndNeverSuggestsRemovingIt() throws Exception {
    Result eval = readOnly("eval", "--dataset", "builtin", "--model", "reference", "--limit", "1");

    assertThat(eval.exitCode).isEqualTo(2);
    assertThat(eval.err.lines().toList()).singleElement().asString()
        .contains(home.resolve("ace.db").toString(), "is not writable", "set it to a writable folder")
        .doesNotContain("move it away", "delete", "remove");
    Result bench = readOnly("bench", "--model", "reference", "--runs", "1");
    assertThat(bench.exitCode).as(bench.err).isEqualTo(2);
    assertThat(bench.err.lines().toList()).singleElement().asString()
        .contains("make ACE4J_HOME writable or set it to a writable folder")
        .doesNotContain("move it away", "delete", "remove");
  }

  private record Result(int exitCode, String out, String err) {}

  /** {@code ace ARGS} in a JVM of its own that sees the home read-only (bubblewrap, which the sandbox needs too). */
  private static Result readOnly(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bwrap", "--dev-bind", "/", "/", "--ro-bind", home.toString(),
        home.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("ACE4J_HOME", home.toString());
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
