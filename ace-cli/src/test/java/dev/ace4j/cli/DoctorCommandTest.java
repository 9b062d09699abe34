package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ace doctor} on this host, with real sandboxes. */
class DoctorCommandTest {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir Path home;

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
  void exitsZeroWhenNoCheckFails() throws IOException {
    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), doctorWhereEveryCheckPasses());

    assertThat(run.out()).doesNotContain("FAIL");
    assertThat(run.exitCode()).as(run.out()).isEqualTo(0);
  }

  @Test
  void exitsTwoWhenOneCheckFails() throws IOException {
    Files.writeString(home.resolve("ace.db"), "not SQL");

    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), doctorWhereEveryCheckPasses());

    assertThat(run.out().lines().filter(line -> line.startsWith("FAIL"))).singleElement().asString()
        .startsWith("FAIL database");
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
  }

  /**
   * {@code ace doctor} with every check decided by this test, not by the host: no isolation to probe
   * (unsafe-process), a Python and a Node.js that are scripts printing a version, the JDK running the test, a model
   * that needs no key, and an empty ACE4J_HOME.
   */
  private String[] doctorWhereEveryCheckPasses() throws IOException {
    Path javaHome = Path.of(System.getProperty("java.home"));
    assumeTrue(Files.isExecutable(javaHome.resolve("bin/javac")), "the tests run on a JDK");
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "/bin/bash is there");
    Path python = standIn("python3", "Python 3.11.2");
    Path node = standIn("node", "Node.js v18.19.0");
    return new String[] {"doctor", "--sandbox", "unsafe-process", "--python", python.toString(), "--node",
        node.toString(), "--java-home", javaHome.toString(), "--model", "reference"};
  }

  /** A script that prints {@code version}, where the sandbox's unprivileged user may run it. */
  private Path standIn(String name, String version) throws IOException {
    Set<PosixFilePermission> everyoneRuns = PosixFilePermissions.fromString("rwxr-xr-x");
    Files.setPosixFilePermissions(home, everyoneRuns);
    Path bin = Files.createDirectories(home.resolve("bin"), PosixFilePermissions.asFileAttribute(everyoneRuns));
    Path script = Files.writeString(bin.resolve(name), "#!/bin/sh\necho '" + version + "'\n");
    Files.setPosixFilePermissions(script, everyoneRuns);
    return script;
  }

  @Test
  void failsThePythonCheckWithItsFixWhenTheInterpreterIsMissing() {
    AceRun run = AceRun.of("doctor", "--python", "/nonexistent/python3");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out().lines().filter(line -> line.startsWith("FAIL python")))
        .singleElement().asString().contains("/nonexistent/python3", " — ", "apt-get install");
  }

  @ParameterizedTest(name = "ace doctor {0}")
  @ValueSource(strings = {"", "--model reference --ping", "--model gpt4", "--python /nonexistent/python3"})
  void noLineSaysAThreeWordPhraseTwice(String options) throws IOException {
    Files.write(home.resolve("ace.db"), new byte[] {'n', 'o', 't', ' ', 'S', 'Q', 'L'});
    Files.createDirectories(home.resolve("playbooks"));
    Files.writeString(home.resolve("playbooks/broken.json"), "{\"format\": ");
    List<String> args = new ArrayList<>(List.of("doctor"));
    args.addAll(List.of(options.split(" ")));
    args.remove("");

    AceRun run = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), args.toArray(String[]::new));

    assertThat(run.out().lines()).hasSizeGreaterThan(10).allSatisfy(line -> assertThat(repeatedPhrase(line))
        .as(line).isEmpty());
  }

  /** A three-word phrase the line says twice, paths left out; empty when there is none. */
  private static String repeatedPhrase(String line) {
    List<String> words = new ArrayList<>();
    for (String token : line.split("\\s+")) {
      String word = token.replaceAll("^\\W+|\\W+$", "").toLowerCase(Locale.ROOT);
      if (!token.contains("/") && !word.isEmpty()) {
        words.add(word);
      }
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i + 3 <= words.size(); i++) {
      String phrase = String.join(" ", words.subList(i, i + 3));
      if (!seen.add(phrase)) {
        return phrase;
      }
    }
    return "";
  }

  @Test
  void printsExactlyOneJsonObjectWhenAskedForJson() throws IOException {
    AceRun run = AceRun.of("doctor", "--json");

    JsonNode json = STRICT.readTree(run.out());
    List<String> subjects = new ArrayList<>();
    json.get("checks").forEach(check -> subjects.add(check.get("subject").asText()));
    assertThat(json.get("ok").asBoolean()).isEqualTo(run.exitCode() == 0);
    assertThat(subjects).contains("jvm", "bubblewrap", "python");
    assertThat(json.get("checks").get(0).get("level").asText()).isEqualTo("ok");
  }
}
