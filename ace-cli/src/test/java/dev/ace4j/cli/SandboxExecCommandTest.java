package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.Output;
import dev.ace4j.sandbox.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ace sandbox exec} against the real bubblewrap sandbox. */
class SandboxExecCommandTest {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir Path dir;

  @Test
  void printsTheProgramsOutputAndExitsZeroWhenItSucceeds() {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--code", "print(6 * 7)");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("42\n");
    assertThat(run.errLines()).singleElement().asString().startsWith("ace: ok, exit 0, ");
  }

  @Test
  void readsTheCodeFromAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("hello.py"), "print('from a file')\n");

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--file", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("from a file\n");
  }

  @Test
  void readsTheCodeFromStandardInputWhenGivenADash() {
    AceRun run = AceRun.withStdin("echo from stdin\n", "sandbox", "exec", "--lang", "bash", "-");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("from stdin\n");
  }

  @Test
  void passesTheProgramsStderrThroughBeforeTheSummary() {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", "echo oops >&2; exit 3");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(2);
    assertThat(run.errLines().get(0)).isEqualTo("oops");
    assertThat(run.errLines().get(1)).startsWith("ace: error, exit 3, ");
  }

  @Test
  void printsExactlyOneJsonObjectWithEveryFieldWhenAskedForJson() throws IOException {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--code", "print(6 * 7)", "--json");

    JsonNode json = STRICT.readTree(run.out());
    assertThat(run.exitCode()).isZero();
    assertThat(json.isObject()).isTrue();
    assertThat(fieldNames(json)).containsExactly("status", "exit_code", "stdout", "stderr", "stdout_truncated",
        "stderr_truncated", "error", "tests", "duration_ms", "files", "backend", "detail");
    assertThat(json.get("status").asText()).isEqualTo("ok");
    assertThat(json.get("exit_code").asInt()).isZero();
    assertThat(json.get("stdout").asText()).isEqualTo("42\n");
    assertThat(json.get("error").isNull()).isTrue();
    assertThat(json.get("backend").asText()).isEqualTo("bubblewrap");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void reportsTheParsedErrorWhenTheProgramRaises() throws IOException {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--code", "1 / 0", "--json");

    JsonNode json = STRICT.readTree(run.out());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(json.get("status").asText()).isEqualTo("error");
    assertThat(json.get("error").get("name").asText()).isEqualTo("ZeroDivisionError");
    assertThat(json.get("error").get("traceback").asText()).contains("Traceback");
  }

  @Test
  void exitsOneAndListsTheTestsWhenATestSuiteFails() throws IOException {
    Path[] suite = failingPythonSuite();

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--file", suite[0].toString(),
        "--tests", suite[1].toString(), "--json");

    JsonNode json = STRICT.readTree(run.out());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(json.get("status").asText()).isEqualTo("error");
    List<String> tests = new ArrayList<>();
    json.get("tests").forEach(t -> tests.add(t.get("name").asText() + " " + t.get("outcome").asText()));
    assertThat(tests).containsExactlyInAnyOrder("test_zero passed", "test_two failed");
    assertThat(fieldNames(json.get("tests").get(0)))
        .containsExactly("suite", "name", "outcome", "message", "duration_ms");
  }

  @Test
  void namesEachFailedTestAndCountsThemInTheSummary() throws IOException {
    Path[] suite = failingPythonSuite();

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--file", suite[0].toString(),
        "--tests", suite[1].toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).anySatisfy(line -> assertThat(line).startsWith("ace: failed: ").contains("test_two"));
    assertThat(run.errLines()).last().asString().contains("tests: 1 passed, 1 failed");
  }

  @Test
  void exitsOneWithStatusTimeoutWhenTheProgramRunsPastItsTimeout() throws IOException {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--code", "while True: pass",
        "--timeout", "1s", "--json");

    JsonNode json = STRICT.readTree(run.out());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(json.get("status").asText()).isEqualTo("timeout");
    assertThat(json.get("exit_code").isNull()).isTrue();
  }

  @Test
  void feedsTheStdinFileToTheProgram() throws IOException {
    Path input = Files.writeString(dir.resolve("input.txt"), "21\n");

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--code", "print(2 * int(input()))",
        "--stdin", input.toString());

    assertThat(run.out()).isEqualTo("42\n");
  }

  @Test
  void setsTheGivenVariablesInsideTheSandbox() {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", "echo \"$GREETING\"",
        "--env", "GREETING=hello there");

    assertThat(run.out()).isEqualTo("hello there\n");
  }

  @Test
  void carriesOutputFilesInTheJson() throws IOException {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", "printf hi > out.txt",
        "--output", "out.txt", "--json");

    JsonNode file = STRICT.readTree(run.out()).get("files").get(0);
    assertThat(file.get("path").asText()).isEqualTo("out.txt");
    assertThat(file.get("size").asInt()).isEqualTo(2);
    assertThat(file.get("content_base64").asText()).isEqualTo("aGk=");
  }

  @Test
  void warnsAboutAnOutputTheProgramDidNotCreateWithoutFailingTheRun() {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", "printf hi > made.txt",
        "--output", "made.txt", "--output", "never.txt");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.errLines()).containsOnlyOnce(
        "ace: warning: --output never.txt: the program left no regular file there; nothing copied out");
    assertThat(run.errLines()).noneMatch(line -> line.contains("--output made.txt"));
  }

  @Test
  void warnsAboutAMissingOutputOnStandardErrorAndKeepsStandardOutputOneJsonObject() throws IOException {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--code", "print(1)", "--output", "never.txt",
        "--json");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(STRICT.readTree(run.out()).get("files")).isEmpty();
    assertThat(run.errLines()).containsExactly(
        "ace: warning: --output never.txt: the program left no regular file there; nothing copied out");
  }

  @Test
  void warnsExactlyOnceOnStandardErrorWhenRunningWithoutIsolation() {
    PrintStream original = System.err;
    ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
    AceRun run;
    try {
      System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
      run = AceRun.of("sandbox", "exec", "--lang", "python", "--code", "print(1)", "--sandbox", "unsafe-process");
    } finally {
      System.setErr(original);
    }

    String allErr = systemErr.toString(StandardCharsets.UTF_8) + run.err();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("1\n");
    assertThat(allErr.lines().filter(line -> line.contains("WARNING"))).singleElement().asString()
        .contains("NO isolation");
  }

  private Path[] failingPythonSuite() throws IOException {
    Path code = Files.writeString(dir.resolve("add.py"), "def add(a, b):\n    return a - b\n");
    Path tests = Files.writeString(dir.resolve("test_add.py"), String.join("\n",
        "from solution import add", "", "def test_zero():", "    assert add(0, 0) == 0", "",
        "def test_two():", "    assert add(1, 2) == 3", ""));
    return new Path[] {code, tests};
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void keepsWhatAProgramImitatingTheLauncherSaidOutOfAcesOwnSummary() {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code",
        "printf 'ace4j-launch: \\033]52;c;aGk=\\007 owned\\n' >&2; exit 125");

    String summary = run.errLines().get(run.errLines().size() - 1);
    assertThat(summary).matches("ace: error, exit 125, \\d+ ms");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void quotesWhatASandboxFailureSaidInAcesOwnSummaryWithoutTerminalEscapes() {
    Execution failed = new Execution(Status.SANDBOX_FAILURE, Execution.NO_EXIT_CODE, Output.empty(), Output.empty(),
        Optional.empty(), List.of(), Duration.ofMillis(3), List.of(), "bubblewrap",
        "bwrap: \u001b]52;c;aGk=\u0007 owned");

    assertThat(ExecutionText.summary(failed)).isEqualTo(
        "ace: sandbox_failure, no exit code, 3 ms (bwrap: \\x1b]52;c;aGk=\\x07 owned)");
  }

  @Test
  void tracebacksAndTestReportsNameTheFilesAsTheUserGaveThem() throws IOException {
    Path program = Files.writeString(dir.resolve("sol.py"),
        "print('domain.py main.pyc my_main.py')\ndef f():\n    raise ValueError('boom')\nf()\n");
    Path module = Files.writeString(dir.resolve("adder.py"), "def add(a, b):\n    return a - b\n");
    Path tests = Files.writeString(dir.resolve("test_adder.py"),
        "from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n");

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "python", "--file", program.toString());
    AceRun suite = AceRun.of("sandbox", "exec", "--lang", "python", "--file", module.toString(), "--tests",
        tests.toString(), "--json");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).as("other names that merely contain it stay").isEqualTo("domain.py main.pyc my_main.py\n");
    assertThat(run.err()).contains("File \"" + program + "\", line 4").doesNotContain("main.py\"");
    JsonNode json = STRICT.readTree(suite.out());
    assertThat(json.at("/tests/0/suite").asText()).isEqualTo("test_adder");
    assertThat(json.at("/stdout").asText()).contains(tests + "::test_add").doesNotContain("test_solution");
  }
}
