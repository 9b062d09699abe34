package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ace refactor} against a loopback server speaking OpenAI's wire format: a rewrite that changes behaviour is
 * refused and the file left alone; a faithful one replaces it with --write; and the inputs it refuses.
 */
class RefactorCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORIGINAL = """
      def sign(x):
          if x > 0:
              return 1
          if x < 0:
              return -1
          return 0
      """;
  private static final String FAITHFUL = "def sign(x):\n    return (x > 0) - (x < 0)\n";
  private static final String CHANGED = "def sign(x):\n    return 1 if x >= 0 else -1\n";

  @TempDir Path dir;
  private Path file;
  private Map<String, String> environment;

  @BeforeEach
  void files() throws IOException {
    file = Files.writeString(dir.resolve("signs.py"), ORIGINAL);
    environment = Map.of("ACE4J_HOME", dir.resolve("home").toString(), "OPENAI_API_KEY", "sk-test-refactor");
  }

  private static RoleServer rewriter(String... rewrites) throws IOException {
    return RoleServer.writing("generator-refactor-v1", List.of(rewrites), "Keep the zero case when collapsing "
        + "sign branches.", "strategies and insights");
  }

  private AceRun refactor(RoleServer model, String... args) {
    List<String> all = new ArrayList<>(List.of("refactor", "--model", "openai-compatible:fake", "--base-url",
        model.url()));
    all.addAll(List.of(args));
    return AceRun.withEnvironment(environment, all.toArray(String[]::new));
  }

  @Test
  void aRewriteThatChangesBehaviourIsRefusedAndTheFileLeftAlone() throws IOException {
    AceRun run;
    try (RoleServer model = rewriter(CHANGED)) {
      run = refactor(model, "--file", file.toString(), "--goal", "make it one line", "--rounds", "1", "--write");
    }

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("rewrite 1: rejected: differs on", "sign(0): the original returned 0, the "
        + "refactored one returned 1", "ace: gave up after 2 rewrites", "is untouched");
    assertThat(Files.readString(file)).isEqualTo(ORIGINAL);
  }

  @Test
  void aFaithfulRewriteReplacesTheFileWithWrite() throws IOException {
    Path tests = Files.writeString(dir.resolve("test_signs.py"),
        "from signs import sign\n\ndef test_sign():\n    assert sign(-3) == -1\n");
    AceRun run;
    try (RoleServer model = rewriter(CHANGED, FAITHFUL)) {
      run = refactor(model, "--file", file.toString(), "--tests", tests.toString(), "--goal", "make it one line",
          "--write");
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(file)).isEqualTo(FAITHFUL);
    assertThat(run.err()).contains("behaviour pinned by its tests and", "rewrite 2: accepted",
        "ace: accepted rewrite 2 of 2; " + file + " replaced");
    assertThat(run.out() + run.err()).doesNotContain("sk-test-refactor");
  }

  @Test
  void anIdenticalRerunSendsTheSamePromptsAndIsServedFromTheCache() throws IOException {
    try (RoleServer model = rewriter(CHANGED, FAITHFUL)) {
      AceRun first = refactor(model, "--file", file.toString(), "--goal", "make it one line", "--playbook",
          dir.resolve("first.json").toString());
      int requests = model.requests();
      AceRun second = refactor(model, "--file", file.toString(), "--goal", "make it one line", "--playbook",
          dir.resolve("second.json").toString());

      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(model.requests()).as(second.err()).isEqualTo(requests);
      assertThat(second.out()).isEqualTo(first.out()).isEqualTo(FAITHFUL);
    }
  }

  @Test
  void jsonTellsEachRewritesVerdict() throws IOException {
    AceRun run;
    try (RoleServer model = rewriter(FAITHFUL)) {
      run = refactor(model, "--file", file.toString(), "--goal", "make it one line", "--json", "-q");
    }

    JsonNode json = JSON.readTree(run.out());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(json.path("accepted").asBoolean()).isTrue();
    assertThat(json.path("code").asText()).isEqualTo(FAITHFUL);
    assertThat(json.path("cases").asInt()).isPositive();
    assertThat(json.path("attempts")).hasSize(1);
    assertThat(Files.readString(file)).isEqualTo(ORIGINAL);
  }

  @Test
  void refusesWhatItCannotRefactorSafelyInOneLineBeforeAnyModelCall() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.py"), "def f(:\n");
    Path failing = Files.writeString(dir.resolve("test_wrong.py"),
        "from signs import sign\n\ndef test_wrong():\n    assert sign(1) == 2\n");
    try (RoleServer model = rewriter(FAITHFUL)) {
      List<List<String>> refused = List.of(
          List.of("--file", broken.toString(), "--goal", "x"),
          List.of("--file", file.toString(), "--goal", " "),
          List.of("--file", file.toString(), "--goal", "x", "--write", "--out", dir.resolve("o.py").toString()),
          List.of("--file", file.toString(), "--goal", "x", "--tests", failing.toString()),
          List.of("--file", dir.resolve("missing.py").toString(), "--goal", "x"));
      for (List<String> args : refused) {
        AceRun run = refactor(model, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(args + ": " + run.err()).isEqualTo(2);
        assertThat(run.errLines()).as(args.toString()).hasSize(1).first().asString().startsWith("ace: ");
      }
      assertThat(model.requests()).isZero();
    }
    assertThat(Files.readString(file)).isEqualTo(ORIGINAL);
  }
}
