package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ace solve}: one task through the loopback model, and the inputs it refuses without touching anything. */
class SolveCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TASK = "Write def double(x: int) -> int returning twice x.";
  private static final String TESTS = "from solution import double\n\ndef test_double():\n    assert double(4) == 8\n";

  @TempDir Path home;
  private Path tests;
  private Path playbook;

  @BeforeEach
  void files() throws IOException {
    tests = Files.writeString(home.resolve("test_double.py"), TESTS);
    playbook = home.resolve("book.json");
  }

  private Map<String, String> environment() {
    return Map.of("ACE4J_HOME", home.toString());
  }

  @Test
  void writesFailsReflectsAndPassesThenPrintsTheProgramAndRecordsIt() throws IOException {
    try (CodeServer model = new CodeServer(attempt -> attempt == 1
        ? "def double(x):\n    return x + 2\n"
        : "def double(x):\n    return 2 * x\n")) {
      AceRun run = AceRun.withEnvironment(environment(), "solve", TASK, "--tests", tests.toString(), "--playbook",
          playbook.toString(), "--model", "openai-compatible:m", "--base-url", model.url(), "--json");

      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode result = JSON.readTree(run.out());
      assertThat(result.path("passed").asBoolean()).isTrue();
      assertThat(result.path("code").asText()).contains("return 2 * x");
      assertThat(result.path("attempts")).hasSize(2);
      assertThat(result.at("/attempts/0/error_type").asText()).isEqualTo("tests_failed");
      assertThat(result.at("/attempts/0/visible_tests_failed").asLong()).isEqualTo(1);
      assertThat(result.at("/attempts/0/reflection/key_insight").asText()).isEqualTo(CodeServer.RULE);
      assertThat(result.at("/playbook/operations/0/type").asText()).isEqualTo("ADD");
      assertThat(run.err()).contains("attempt 1: failed (tests_failed), 0/1 visible tests");
    }
    assertThat(playbook).content().contains(CodeServer.RULE);
    try (History history = History.open(home.resolve("ace.db"))) {
      assertThat(history.tasks(Filter.all().withKind("solve"))).singleElement()
          .satisfies(row -> assertThat(row.attempts()).isEqualTo(2));
    }
  }

  @Test
  void codeThatNeverCompilesFailsEveryRoundClearlyAndLeavesAValidPlaybookAndHistory() throws IOException {
    try (CodeServer model = new CodeServer(attempt -> "def double(x:\n    return 2 * x\n")) {
      AceRun run = AceRun.withEnvironment(environment(), "solve", TASK, "--tests", tests.toString(), "--playbook",
          playbook.toString(), "--model", "openai-compatible:m", "--base-url", model.url(), "--rounds", "2");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("attempt 3: failed (SyntaxError)").contains("did not pass in 3 attempts");
      assertThat(run.out()).contains("def double(x:");
    }
    assertThat(dev.ace4j.core.PlaybookJson.read(playbook).active()).isNotEmpty();
    try (History history = History.open(home.resolve("ace.db"))) {
      assertThat(history.tasks(Filter.all())).singleElement().satisfies(row -> {
        assertThat(row.success()).isFalse();
        assertThat(row.errorType()).contains("SyntaxError");
      });
    }
  }

  @Test
  void refusesATestsFileThatIsNotPythonBeforeAskingAnyModelAndTouchesNothing() throws IOException {
    Files.writeString(tests, "def test_double(:\n    pass\n");
    try (CodeServer model = new CodeServer(attempt -> "x = 1\n")) {
      AceRun first = AceRun.withEnvironment(environment(), "solve", TASK, "--tests", tests.toString(),
          "--playbook", playbook.toString(), "--model", "openai-compatible:m", "--base-url", model.url());
      byte[] before = Files.readAllBytes(playbook);
      AceRun second = AceRun.withEnvironment(environment(), "solve", TASK, "--tests", tests.toString(),
          "--playbook", playbook.toString(), "--model", "openai-compatible:m", "--base-url", model.url());

      assertThat(first.exitCode()).isEqualTo(2);
      assertThat(first.errLines()).singleElement().asString()
          .contains("--tests " + tests, "not valid Python", "SyntaxError", "fix the file");
      assertThat(second.exitCode()).isEqualTo(2);
      assertThat(model.requests()).isZero();
      assertThat(Files.readAllBytes(playbook)).isEqualTo(before);
    }
    try (History history = History.open(home.resolve("ace.db"))) {
      assertThat(history.tasks(Filter.all())).isEmpty();
    }
  }

  @Test
  void refusesTestsWithoutATestFunctionAndFilesThatAreMissingOrNotUtf8() throws IOException {
    Files.writeString(tests, "from solution import double\n");
    Path latin1 = Files.write(home.resolve("latin1.py"), "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    AceRun noTest = AceRun.withEnvironment(environment(), "solve", TASK, "--tests", tests.toString(), "--model",
        "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1");
    AceRun missing = AceRun.withEnvironment(environment(), "solve", TASK, "--tests", "nope.py", "--model",
        "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1");
    AceRun notUtf8 = AceRun.withEnvironment(environment(), "solve", TASK, "--tests", latin1.toString(), "--model",
        "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1");

    assertThat(noTest.errLines()).singleElement().asString().contains("defines no test");
    assertThat(missing.errLines()).singleElement().asString().contains("--tests nope.py", "no such file");
    assertThat(notUtf8.errLines()).singleElement().asString().contains("not UTF-8");
    assertThat(List.of(noTest.exitCode(), missing.exitCode(), notUtf8.exitCode())).containsOnly(2);
  }

  @Test
  void printsItsSessionIdOnStandardErrorAndInTheJsonAsTheHistoryKnowsIt() throws IOException {
    try (CodeServer model = new CodeServer(attempt -> "def double(x):\n    return 2 * x\n")) {
      AceRun text = solve(model, TASK);
      AceRun json = solve(model, TASK, "--json");

      assertThat(text.exitCode()).as(text.err()).isZero();
      assertThat(text.errLines().get(0)).matches("starting solve session [0-9a-f-]{36} with openai-compatible:m "
          + "\\(.*\\); playbook .*");
      String sessionId = JSON.readTree(json.out()).path("session_id").asText();
      assertThat(fieldNames(JSON.readTree(json.out()))).startsWith("session_id", "task_id");
      try (History history = History.open(home.resolve("ace.db"))) {
        assertThat(history.session(sessionId).kind()).isEqualTo("solve");
        assertThat(history.tasks(Filter.session(sessionId))).hasSize(1);
      }
    }
  }

  @Test
  void readsTheTaskFromStandardInputGivenADash() throws IOException {
    try (CodeServer model = new CodeServer(attempt -> "def double(x):\n    return 2 * x\n")) {
      AceRun inline = solve(model, TASK, "--json");
      AceRun piped = AceRun.withStdin(TASK + "\n", environment(), solveArgs(model, "-", "--json"));

      assertThat(piped.exitCode()).as(piped.err()).isZero();
      assertThat(JSON.readTree(piped.out()).path("task_id").asText())
          .as("the same task as given inline (ids derive from the text)")
          .isEqualTo(JSON.readTree(inline.out()).path("task_id").asText());
    }
  }

  @Test
  void refusesAnEmptyOrOversizedTaskOnStandardInputBeforeAskingAnyModel() throws IOException {
    try (CodeServer model = new CodeServer(attempt -> "x = 1\n")) {
      AceRun empty = AceRun.withStdin(" \n", environment(), solveArgs(model, "-"));
      AceRun huge = AceRun.withStdin("Write it. ".repeat(110_000), environment(), solveArgs(model, "-"));

      assertThat(empty.exitCode()).isEqualTo(2);
      assertThat(empty.errLines()).singleElement().asString().startsWith("ace: TASK is empty");
      assertThat(huge.exitCode()).isEqualTo(2);
      assertThat(huge.errLines()).singleElement().asString()
          .isEqualTo("ace: TASK - (standard input) is over 1 MiB: describe the task in fewer words, and give the "
              + "tests with --tests");
      assertThat(model.requests()).isZero();
    }
  }

  @Test
  void readsTheTaskWholeFromAFileGivenAsAtFileAndTakesAtAtForATaskThatStartsWithAt() throws IOException {
    // Prose over lines, as a task file holds it: read whole, never split into arguments.
    Path file = Files.writeString(home.resolve("task.txt"), "\n" + TASK + "\n\n");
    try (CodeServer model = new CodeServer(attempt -> "def double(x):\n    return 2 * x\n")) {
      AceRun inline = solve(model, TASK, "--json");
      AceRun fromFile = solve(model, "@" + file, "--json");
      AceRun atAt = solve(model, "@@" + TASK, "--json");
      AceRun at = solve(model, "@" + TASK, "--json");

      assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
      assertThat(JSON.readTree(fromFile.out()).path("task_id").asText())
          .isEqualTo(JSON.readTree(inline.out()).path("task_id").asText());
      assertThat(atAt.exitCode()).as(atAt.err()).isZero();
      assertThat(JSON.readTree(atAt.out()).path("task_id").asText()).as("the task is '@' + TASK, not a file")
          .isNotEqualTo(JSON.readTree(inline.out()).path("task_id").asText());
      assertThat(at.exitCode()).as("@TASK names a file that is not there").isEqualTo(2);
      assertThat(at.errLines()).singleElement().asString().startsWith("ace: TASK @" + TASK);
    }
  }

  @Test
  void refusesATaskFileThatIsMissingOrTooLargeBeforeAskingAnyModel() throws IOException {
    Path large = Files.write(home.resolve("large.txt"), new byte[1024 * 1024 + 1]);
    try (CodeServer model = new CodeServer(attempt -> "x = 1\n")) {
      AceRun missing = solve(model, "@" + home.resolve("missing.txt"));
      AceRun tooLarge = solve(model, "@" + large);

      assertThat(missing.exitCode()).isEqualTo(2);
      assertThat(missing.errLines()).singleElement().asString().contains("TASK @" + home.resolve("missing.txt"));
      assertThat(tooLarge.exitCode()).isEqualTo(2);
      assertThat(tooLarge.errLines()).singleElement().asString().contains("TASK @" + large, "over 1 MiB");
      assertThat(model.requests()).isZero();
    }
  }

  @Test
  void refusesTestsInAnotherLanguageBeforeAskingAnyModelAndTouchesNothing() throws IOException {
    Path javaTests = Files.writeString(home.resolve("DoubleTest.java"), "class DoubleTest {}\n");
    try (CodeServer model = new CodeServer(attempt -> "x = 1\n")) {
      AceRun pythonTests = solve(model, TASK, "--lang", "javascript");
      AceRun javaTestsForBash = AceRun.withEnvironment(environment(), "solve", TASK, "--lang", "bash", "--tests",
          javaTests.toString(), "--model", "openai-compatible:m", "--base-url", model.url());

      assertThat(pythonTests.exitCode()).isEqualTo(2);
      assertThat(pythonTests.errLines()).singleElement().asString().isEqualTo("ace: --tests " + tests + ": a python "
          + "file (.py), but --lang is javascript: give javascript tests (.js, .mjs, .cjs) or use --lang python");
      assertThat(javaTestsForBash.exitCode()).isEqualTo(2);
      assertThat(javaTestsForBash.errLines()).singleElement().asString()
          .contains("--tests " + javaTests, "a java file (.java)", "--lang is bash");
      assertThat(model.requests()).isZero();
    }
    assertThat(home.resolve("ace.db")).doesNotExist();
  }

  @Test
  void refusesAFolderOrAPlaceUnderAFileAsThePlaybookInOneLineBeforeAnyWork() throws IOException {
    Path folder = Files.createDirectories(home.resolve("books"));
    Path underAFile = tests.resolve("book.json");
    try (CodeServer model = new CodeServer(attempt -> "x = 1\n")) {
      AceRun intoFolder = AceRun.withEnvironment(environment(), "solve", TASK, "--tests", tests.toString(),
          "--playbook", folder.toString(), "--model", "openai-compatible:m", "--base-url", model.url());
      AceRun intoFile = AceRun.withEnvironment(environment(), "solve", TASK, "--tests", tests.toString(),
          "--playbook", underAFile.toString(), "--model", "openai-compatible:m", "--base-url", model.url());

      assertThat(intoFolder.exitCode()).isEqualTo(2);
      assertThat(intoFolder.errLines()).singleElement().asString().isEqualTo("ace: --playbook " + folder + ": is a "
          + "folder: give the playbook's file, e.g. " + folder.resolve("default.json") + " (created when absent)");
      assertThat(intoFile.exitCode()).isEqualTo(2);
      assertThat(intoFile.errLines()).singleElement().asString()
          .startsWith("ace: --playbook " + underAFile + ": " + tests + " is not a folder");
      assertThat(model.requests()).isZero();
    }
    assertThat(home.resolve("ace.db")).doesNotExist();
  }

  /** {@code ace solve TASK} against {@code model}, with the tests file and the test's own playbook. */
  private AceRun solve(CodeServer model, String task, String... more) {
    return AceRun.withEnvironment(environment(), solveArgs(model, task, more));
  }

  private String[] solveArgs(CodeServer model, String task, String... more) {
    List<String> args = new ArrayList<>(List.of("solve", task, "--tests", tests.toString(), "--playbook",
        playbook.toString(), "--model", "openai-compatible:m", "--base-url", model.url()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void modelReferenceCannotAnswerATaskOfYourOwn() {
    AceRun run = AceRun.withEnvironment(environment(), "solve", TASK, "--model", "reference");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().contains("no reference solution");
  }

  @Test
  void refusesAnAceDbThatIsNotADatabaseInOneLineNamingItAndTheFixLeavingItUntouched() throws IOException {
    Path database = Files.writeString(home.resolve("ace.db"), "not a database, just some notes\n".repeat(200));
    byte[] before = Files.readAllBytes(database);

    AceRun run = solveOnAClosedPort();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .contains("database " + database + " is not a usable SQLite database", "move it away", "ACE4J_HOME");
    assertThat(Files.readAllBytes(database)).isEqualTo(before);
  }

  @Test
  void anAceDbThatIsNotADatabaseGivesTheSameLineWithNoCache() throws IOException {
    Files.writeString(home.resolve("ace.db"), "not a database, just some notes\n".repeat(200));

    AceRun cached = solveOnAClosedPort();
    AceRun uncached = solveOnAClosedPort("--no-cache");

    assertThat(uncached.exitCode()).isEqualTo(2);
    assertThat(uncached.err()).isEqualTo(cached.err());
  }

  /** {@code ace solve} with a model on a port nothing listens on, so only what happens before a model call shows. */
  private AceRun solveOnAClosedPort(String... more) {
    List<String> args = new ArrayList<>(List.of("solve", TASK, "--tests", tests.toString(), "--playbook",
        playbook.toString(), "--model", "openai-compatible:m", "--base-url", "http://127.0.0.1:9/v1"));
    args.addAll(List.of(more));
    return AceRun.withEnvironment(environment(), args.toArray(String[]::new));
  }

  /** An OpenAI-compatible loopback model: its Generator answers with {@code program(attempt)}. */
  private static final class CodeServer implements AutoCloseable {
    static final String RULE = "Double means multiply by two, not add two.";
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger generations = new AtomicInteger();

    CodeServer(java.util.function.IntFunction<String> program) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        requests.incrementAndGet();
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        String prompt = request.at("/messages/0/content").asText();
        var reply = JSON.createObjectNode();
        if (prompt.startsWith("# ACE Generator")) {
          reply.put("reasoning", "r").putArray("bullet_ids");
          reply.put("code", program.apply(generations.incrementAndGet()));
        } else if (prompt.startsWith("# ACE Reflector")) {
          reply.put("reasoning", "r").put("error_identification", "e").put("root_cause_analysis", "c")
              .put("correct_approach", "a").put("key_insight", RULE).putArray("bullet_tags");
        } else {
          reply.put("reasoning", "r").putArray("operations").addObject().put("type", "ADD")
              .put("section", "mistakes").put("content", RULE);
        }
        var body = JSON.createObjectNode().put("id", "c").put("object", "chat.completion").put("created", 1)
            .put("model", "m");
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message")
            .put("role", "assistant").put("content", reply.toString());
        body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    int requests() {
      return requests.get();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
