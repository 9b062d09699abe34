package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under {@code --json}, every way a command fails still prints exactly one JSON object on stdout, naming the kind of
 * problem, the message, the fix and the exit code, beside the one line on stderr: a script parses every outcome.
 */
class JsonFailureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("usage", 2, List.of("sandbox", "exec", "--lang", "cobol", "--code", "x")),
        Arguments.of("usage", 2, List.of("sandbox", "exec", "--lang", "python", "--code", "x", "--memory", "1k")),
        Arguments.of("usage", 2, List.of("bench", "--runs", "many")),
        Arguments.of("usage", 2, List.of("metrics", "summary", "--no-such-option")),
        Arguments.of("bad_input", 2, List.of("sandbox", "exec", "--lang", "python", "--file", "/no/such/file.py")),
        Arguments.of("bad_input", 2, List.of("bench", "--runs", "0")),
        Arguments.of("bad_input", 2, List.of("bench", "--out", "/etc/passwd", "--model", "reference")),
        Arguments.of("bad_input", 2, List.of("eval", "--dataset", "no-such-dataset", "--model", "reference")),
        Arguments.of("bad_input", 2, List.of("metrics", "summary")),
        Arguments.of("bad_input", 2, List.of("metrics", "sessions")),
        Arguments.of("bad_input", 2, List.of("solve", "add two numbers", "--model", "nonsense:x")));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("failures")
  void printsOneJsonObjectOnStdoutNamingTheProblemItsFixAndTheExitCode(String kind, int exitCode,
      List<String> args) throws IOException {
    List<String> withJson = new ArrayList<>(args);
    withJson.add("--json");

    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.resolve("empty-home").toString()),
        withJson.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    assertThat(run.errLines()).singleElement().asString().startsWith("ace: ");
    assertThat(run.out().lines()).as("one line on stdout").hasSize(1);
    JsonNode json = JSON.readTree(run.out());
    assertThat(json.get("exit_code").asInt()).isEqualTo(exitCode);
    assertThat(json.at("/error/kind").asText()).isEqualTo(kind);
    assertThat("ace: " + json.at("/error/message").asText()).isEqualTo(run.errLines().get(0));
    assertThat(json.at("/error/fix").asText()).isNotBlank();
    assertThat(json.fieldNames()).toIterable().containsExactly("error", "exit_code");
  }
}
