package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ace mcp} as an agent uses it: a child JVM on stdio, driven by the MCP Java SDK's client, with the real
 * sandbox and a loopback model for {@code solve}. One server serves the class, as one serves an agent's session.
 */
@Timeout(120)
class McpCommandTest {
  private static final String SECRET = "sk-mcp-" + UUID.randomUUID();
  private static final String LESSON = "Return early on an empty list before indexing it.";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  private static RoleServer model;
  private static McpSyncClient client;
  private static final List<McpSchema.ProgressNotification> PROGRESS = new CopyOnWriteArrayList<>();
  private static final List<McpSchema.ResourceContents> UPDATES = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    model = RoleServer.writing("generator-code-v1", List.of("def add(a, b):\n    return a + b\n"), LESSON,
        "common mistakes");
    ServerParameters server = ServerParameters.builder(javaBin())
        .args("-cp", System.getProperty("java.class.path"), "dev.ace4j.cli.Main", "mcp", "--slots", "2",
            "--model", "openai-compatible:m", "--base-url", model.url())
        .env(Map.of("ACE4J_HOME", home.toString(), "OPENAI_API_KEY", SECRET, "ACE4J_MODEL", ""))
        .build();
    client = McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(JSON)))
        .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60))
        .progressConsumer(PROGRESS::add).resourcesUpdateConsumer(UPDATES::addAll).build();
    client.initialize();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.closeGracefully();
    }
    if (model != null) {
      model.close();
    }
  }

  @Test
  void listsTheToolsWithSchemasAndThePlaybookResource() {
    List<McpSchema.Tool> tools = client.listTools().tools();

    assertThat(tools).extracting(McpSchema.Tool::name).containsExactly("run_code", "run_tests", "solve",
        "playbook_search", "playbook_show", "playbook_add_lesson");
    assertThat(tools).allSatisfy(tool -> {
      assertThat(tool.inputSchema().get("type")).isEqualTo("object");
      assertThat(tool.outputSchema()).as(tool.name()).containsEntry("type", "object");
      assertThat(tool.description()).hasSizeGreaterThan(40);
    });
    assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
        .containsExactly("playbook://default");
  }

  @Test
  void runCodeAnswersAsAceSandboxExecJsonDoes() {
    CallToolResult result = call("run_code", Map.of("language", "python", "code", "print(6 * 7)"));

    assertThat(result.isError()).isFalse();
    Map<String, Object> structured = structured(result);
    assertThat(structured).containsEntry("status", "ok").containsEntry("exit_code", 0)
        .containsEntry("stdout", "42\n").containsEntry("backend", "bubblewrap");
    // The fields of ace sandbox exec --json (ExecutionJson), in its order.
    assertThat(structured.keySet()).containsExactly("status", "exit_code", "stdout", "stderr", "stdout_truncated",
        "stderr_truncated", "error", "tests", "duration_ms", "files", "backend", "detail");
  }

  @Test
  void runTestsIsSealedAgainstCodeThatExitsEarly() {
    String tests = "from solution import add\n\ndef test_add():\n    assert add(1, 2) == 3\n\n"
        + "def test_zero():\n    assert add(0, 0) == 0\n";
    CallToolResult honest = call("run_tests", Map.of("language", "python", "tests", tests,
        "code", "def add(a, b):\n    return a + b\n"));
    CallToolResult wrong = call("run_tests", Map.of("language", "python", "tests", tests,
        "code", "def add(a, b):\n    return a - b if a else 0\n"));
    CallToolResult exits = call("run_tests", Map.of("language", "python", "tests", tests,
        "code", "import os\nos._exit(0)\n"));

    assertThat(structured(honest)).containsEntry("status", "ok");
    assertThat(outcomes(honest)).containsExactly("passed", "passed");
    assertThat(structured(wrong)).containsEntry("status", "error");
    assertThat(outcomes(wrong)).containsExactlyInAnyOrder("failed", "passed");
    assertThat(structured(exits).get("status")).isNotEqualTo("ok");
    assertThat(outcomes(exits)).doesNotContain("passed");
  }

  @Test
  void attacksSentAsRunCodeAreContained() throws Exception {
    Path outside = Path.of("/tmp", "ace-mcp-escape-" + UUID.randomUUID());
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(200);
      CallToolResult environment = call("run_code", Map.of("language", "python", "code",
          "import os\nprint(sorted(os.environ.items()))\nprint(open('/proc/1/environ','rb').read())"));
      CallToolResult network = call("run_code", Map.of("language", "python", "code",
          "import socket\nsocket.create_connection(('127.0.0.1', " + listener.getLocalPort() + "), timeout=2)"));
      CallToolResult write = call("run_code", Map.of("language", "bash", "code",
          "echo escaped > " + outside + "; cat /etc/shadow; ls /root"));
      CallToolResult forks = call("run_code", Map.of("language", "python", "code",
          "import os\nwhile True:\n    os.fork()", "limits", Map.of("timeout_seconds", 3, "processes", 16)));
      CallToolResult flood = call("run_code", Map.of("language", "python", "code",
          "while True:\n    print('x' * 1000)", "limits", Map.of("output_kb", 64, "timeout_seconds", 5)));
      CallToolResult sleeper = call("run_code", Map.of("language", "bash", "code",
          "sleep 1000 # ace-mcp-sleeper", "limits", Map.of("timeout_seconds", 1)));

      assertThat(environment.toString()).doesNotContain(SECRET).doesNotContain(home.toString());
      assertThat(structured(network).get("status")).isEqualTo("error");
      assertThat(String.valueOf(structured(network).get("stderr"))).containsAnyOf("Network is unreachable",
          "Connection refused", "Address family not supported", "Operation not permitted");
      try {
        listener.accept().close();
        throw new AssertionError("the sandboxed program reached the host's listener");
      } catch (SocketTimeoutException expected) {
        // Nothing connected.
      }
      assertThat(Files.exists(outside)).isFalse();
      assertThat(String.valueOf(structured(write).get("stdout"))).isEmpty();
      assertThat(structured(forks).get("status")).isNotEqualTo("ok");
      assertThat(structured(flood).get("status")).isIn("output_limit", "timeout");
      assertThat(String.valueOf(structured(flood).get("stdout")).length()).isLessThanOrEqualTo(64 * 1024);
      assertThat(structured(sleeper)).containsEntry("status", "timeout");
      assertThat(survivors("ace-mcp-sleeper")).isEmpty();
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void badArgumentsComeBackAsOneLineToolErrors() {
    CallToolResult language = call("run_code", Map.of("language", "cobol", "code", "x"));
    CallToolResult memory = call("run_code", Map.of("language", "python", "code", "pass",
        "limits", Map.of("memory_mb", 1)));
    CallToolResult empty = call("run_code", Map.of("language", "python", "code", "  "));
    CallToolResult big = call("run_code", Map.of("language", "python", "code", "#" + "x".repeat(2048),
        "limits", Map.of("file_size_kb", 1)));
    CallToolResult lesson = call("playbook_add_lesson", Map.of("section", "tips", "content", "x".repeat(2001)));
    CallToolResult file = call("run_code", Map.of("language", "python", "code", "pass",
        "files", List.of(Map.of("path", "../outside.txt", "content", "x"))));

    assertThat(List.of(language, memory, empty, big, lesson, file)).allSatisfy(result -> {
      assertThat(result.isError()).as(text(result)).isTrue();
      assertThat(text(result)).doesNotContain("\n").doesNotContain("Exception");
    });
    assertThat(text(memory)).startsWith("argument limits.memory_mb 1: ");
    assertThat(text(empty)).isEqualTo("argument code is missing or empty: give it as a string");
    assertThat(text(big)).startsWith("argument code is 2049 bytes, over the file-size limit of 1024");
    assertThat(text(file)).startsWith("argument files: ../outside.txt: ");
    assertThat(text(lesson)).isEqualTo("argument content has 2001 characters: state the lesson in at most 2000");
  }

  @Test
  void callsBeyondTheSlotsWaitWithProgressAndAllComplete() throws Exception {
    List<CompletableFuture<CallToolResult>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      CallToolRequest request = CallToolRequest.builder("run_code").arguments(Map.of("language", "python",
          "code", "import time\ntime.sleep(1.5)\nprint('done')")).progressToken("sleep-" + i).build();
      calls.add(CompletableFuture.supplyAsync(() -> client.callTool(request)));
    }

    for (CompletableFuture<CallToolResult> call : calls) {
      assertThat(structured(call.get(60, TimeUnit.SECONDS))).containsEntry("status", "ok")
          .containsEntry("stdout", "done\n");
    }
    assertThat(PROGRESS).extracting(McpSchema.ProgressNotification::message)
        .anySatisfy(message -> assertThat(message).startsWith("waiting for a sandbox slot: all 2 are busy"));
  }

  @Test
  void solveLearnsALessonThatPlaybookToolsAndTheResourceThenShow() throws Exception {
    client.subscribeResource(McpSchema.SubscribeRequest.builder("playbook://default").build());
    CallToolResult solved = call("solve", Map.of("task", "Write def add(a, b) returning their sum.",
        "tests", "from solution import add\n\ndef test_add():\n    assert add(2, 3) == 5\n", "rounds", 1));
    CallToolResult found = call("playbook_search", Map.of("query", "empty list indexing"));
    CallToolResult again = call("playbook_add_lesson", Map.of("section", "common mistakes", "content", LESSON));
    CallToolResult fresh = call("playbook_add_lesson", Map.of("section", "testing",
        "content", "Test the boundaries: zero, one and many items."));
    String resource = ((McpSchema.TextResourceContents) client.readResource(
        client.listResources().resources().get(0)).contents().get(0)).text();

    assertThat(solved.isError()).as(text(solved)).isFalse();
    assertThat(structured(solved)).containsEntry("passed", true)
        .containsEntry("code", "def add(a, b):\n    return a + b\n");
    assertThat(structured(found).get("hits").toString()).contains(LESSON);
    assertThat(structured(again)).containsEntry("added", false);
    assertThat(String.valueOf(structured(again).get("duplicate_of"))).startsWith("cm-");
    assertThat(structured(fresh)).containsEntry("added", true);
    assertThat(resource).contains(LESSON).contains("Test the boundaries");
    for (int i = 0; i < 100 && UPDATES.stream().noneMatch(u -> u instanceof McpSchema.TextResourceContents text
        && text.text().contains("Test the boundaries")); i++) {
      Thread.sleep(50);
    }
    assertThat(UPDATES).as("what a subscriber heard").isNotEmpty().allSatisfy(update ->
        assertThat(update.uri()).isEqualTo("playbook://default"));
    assertThat(model.requests()).isPositive();
    assertThat(solved.toString() + found + resource).doesNotContain(SECRET);
  }

  @Test
  void servesStreamableHttpOnLoopbackWithAToken(@TempDir Path otherHome) throws Exception {
    Process process = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
        "dev.ace4j.cli.Main", "mcp", "--http", "0", "--slots", "1")
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    process.getOutputStream().close();
    try {
      BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
          StandardCharsets.UTF_8));
      String serving = err.readLine();
      String bearer = err.readLine();
      Matcher url = Pattern.compile("serving MCP at (http://127\\.0\\.0\\.1:\\d+)/mcp;").matcher(serving);
      Matcher token = Pattern.compile("Authorization: Bearer (\\S{16,})$").matcher(bearer);
      assertThat(url.find()).as(serving).isTrue();
      assertThat(token.find()).as(bearer).isTrue();
      McpSyncClient http = McpClient.sync(HttpClientStreamableHttpTransport.builder(url.group(1)).endpoint("/mcp")
          .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token.group(1))).build())
          .requestTimeout(Duration.ofSeconds(60)).build();
      try {
        http.initialize();
        CallToolResult result = http.callTool(CallToolRequest.builder("run_code")
            .arguments(Map.of("language", "python", "code", "print('over http')")).build());
        assertThat(structured(result)).containsEntry("stdout", "over http\n");
      } finally {
        http.closeGracefully();
      }
    } finally {
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void refusesBadOptionsWithOneLineAndExitTwo() {
    AceRun beyondLoopback = AceRun.of("mcp", "--http", "0", "--bind", "0.0.0.0");
    AceRun shortToken = AceRun.withEnvironment(Map.of("ACE4J_MCP_TOKEN", "short"), "mcp", "--http", "0");
    AceRun bindAlone = AceRun.of("mcp", "--bind", "127.0.0.1");
    AceRun slots = AceRun.of("mcp", "--slots", "0");
    AceRun port = AceRun.of("mcp", "--http", "70000");

    for (AceRun run : List.of(beyondLoopback, shortToken, bindAlone, slots, port)) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines()).as(run.err()).hasSize(1);
      assertThat(run.out()).isEmpty();
    }
    assertThat(beyondLoopback.err()).startsWith("ace: --bind 0.0.0.0: serving beyond loopback needs a token you "
        + "chose: set ACE4J_MCP_TOKEN");
    assertThat(shortToken.err()).doesNotContain("short\n").contains("at least 16 characters");
    assertThat(bindAlone.err()).contains("--bind 127.0.0.1: only --http listens on an address");
    assertThat(slots.err()).contains("--slots 0: give a number from 1 to 64");
    assertThat(port.err()).contains("--http 70000: give a port from 1 to 65535");
  }

  private static CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(CallToolResult result) {
    assertThat(result.isError()).as(text(result)).isFalse();
    return (Map<String, Object>) result.structuredContent();
  }

  @SuppressWarnings("unchecked")
  private static List<String> outcomes(CallToolResult result) {
    return ((List<Map<String, Object>>) structured(result).get("tests")).stream()
        .map(test -> (String) test.get("outcome")).toList();
  }

  private static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  /** Processes of this host whose command line holds {@code marker}. */
  private static List<String> survivors(String marker) throws Exception {
    List<String> found = new ArrayList<>();
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String command = Files.readString(process.resolve("cmdline"), StandardCharsets.ISO_8859_1);
          if (command.contains(marker)) {
            found.add(process.getFileName() + ": " + command.replace('\0', ' '));
          }
        } catch (java.io.IOException gone) {
          // Exited while we looked.
        }
      }
    }
    return found;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
