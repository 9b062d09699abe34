package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ace doctor} on this host, with real sandboxes. */
class DoctorCommandTest {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Test
  void printsOneLinePerCheckStartingWithItsLevel() {
    AceRun run = AceRun.of("doctor");

    assertThat(run.out().lines()).isNotEmpty()
        .allSatisfy(line -> assertThat(line).matches("(ok  |WARN|FAIL) \\S+ +.+"));
    assertThat(run.out().lines().map(line -> line.substring(5).split(" ")[0]))
        .contains("jvm", "bubblewrap", "python", "pytest", "node", "bash");
  }

  @Test
  void startsWithTheJavaRunningAce() {
    AceRun run = AceRun.of("doctor");

    assertThat(run.out().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
        .startsWith("ok   jvm        Java " + Runtime.version()));
  }

  @Test
  void exitsTwoExactlyWhenACheckFails() {
    AceRun run = AceRun.of("doctor");

    boolean failed = run.out().lines().anyMatch(line -> line.startsWith("FAIL"));
    assertThat(run.exitCode()).isEqualTo(failed ? ExitCodes.BAD_INPUT : ExitCodes.OK);
  }

  @Test
  void failsThePythonCheckWithItsFixWhenTheInterpreterIsMissing() {
    AceRun run = AceRun.of("doctor", "--python", "/nonexistent/python3");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.out().lines().filter(line -> line.startsWith("FAIL python")))
        .singleElement().asString().contains("/nonexistent/python3", " — ", "apt-get install");
  }

  @Test
  void printsExactlyOneJsonObjectWhenAskedForJson() throws IOException {
    AceRun run = AceRun.of("doctor", "--json");

    JsonNode json = STRICT.readTree(run.out());
    List<String> subjects = new ArrayList<>();
    json.get("checks").forEach(check -> subjects.add(check.get("subject").asText()));
    assertThat(json.get("ok").asBoolean()).isEqualTo(run.exitCode() == ExitCodes.OK);
    assertThat(subjects).contains("jvm", "bubblewrap", "python");
    assertThat(json.get("checks").get(0).get("level").asText()).isEqualTo("ok");
  }
}
