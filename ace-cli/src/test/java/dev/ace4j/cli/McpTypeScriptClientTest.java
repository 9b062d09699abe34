package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ace mcp} through the MCP TypeScript SDK, as an agent written for node uses it: {@code src/test/node/
 * mcp-client.mjs} lists the tools, calls each, validates their structured output against their output schemas, sends
 * a bad call, and cancels a call on the one slot to see the next call run, over stdio and over Streamable HTTP.
 * Skipped where node or the script's packages are missing (CI installs them: {@code npm ci --prefix
 * ace-cli/src/test/node}).
 */
class McpTypeScriptClientTest {
  private static final Path NODE_FOLDER = Path.of("src", "test", "node").toAbsolutePath();
  /** Variables that would configure a model: the server must find none, so solve says how to configure one. */
  private static final List<String> MODEL_VARIABLES =
      List.of("ACE4J_MODEL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_HOST");
  private static final Pattern SERVING = Pattern.compile("ace mcp: serving MCP at (http://\\S+/mcp);");
  private static final Pattern TOKEN = Pattern.compile("ace mcp: clients send Authorization: Bearer (\\S+)");
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir Path dir;

  @BeforeAll
  static void nodeAndTheSdkAreInstalled() {
    assumeTrue(onPath("node"), "node is not on PATH");
    assumeTrue(Files.isDirectory(NODE_FOLDER.resolve("node_modules/@modelcontextprotocol/sdk")),
        "the MCP TypeScript SDK is not installed: npm ci --prefix ace-cli/src/test/node");
  }

  @Test
  void theTypeScriptSdkListsCallsValidatesAndCancelsToolsOverStdio() throws Exception {
    List<String> script = new ArrayList<>(List.of("stdio", "--"));
    script.addAll(ace("mcp", "--slots", "1"));

    String summary = node(script, Map.of());

    assertThat(summary).contains("\"transport\":\"stdio\"");
  }

  @Test
  void theTypeScriptSdkListsCallsValidatesAndCancelsToolsOverStreamableHttp() throws Exception {
    Path err = dir.resolve("server.err");
    ProcessBuilder builder = new ProcessBuilder(ace("mcp", "--http", "0", "--slots", "1")).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile());
    withoutAModel(builder.environment());
    builder.environment().remove(McpCommand.TOKEN_VARIABLE);
    Process server = builder.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      Matcher url = SERVING.matcher("");
      Matcher token = TOKEN.matcher("");
      while (!url.reset(Files.readString(err)).find() || !token.reset(Files.readString(err)).find()) {
        assertThat(server.isAlive()).as("ace mcp --http ended: " + Files.readString(err)).isTrue();
        assertThat(System.nanoTime()).as("waiting for ace mcp --http to listen").isLessThan(deadline);
        Thread.sleep(20);
      }

      String summary = node(List.of("http", url.group(1)), Map.of(McpCommand.TOKEN_VARIABLE, token.group(1)));

      assertThat(summary).contains("\"transport\":\"http\"");
    } finally {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Runs the script with {@code arguments}; returns its summary line when every check passed. */
  private String node(List<String> arguments, Map<String, String> variables) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", NODE_FOLDER.resolve("mcp-client.mjs").toString()));
    command.addAll(arguments);
    Path out = dir.resolve("node.out");
    Path err = dir.resolve("node.err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    withoutAModel(builder.environment());
    builder.environment().putAll(variables);
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("mcp-client.mjs " + arguments.get(0) + " still running after " + TIMEOUT_SECONDS + " s: "
            + Files.readString(err));
      }
      assertThat(process.exitValue()).as(Files.readString(err)).isZero();
      return Files.readString(out).strip();
    } finally {
      // The stdio server is node's child; it ends when its stdin closes, but a hung node must not leave it behind.
      List<ProcessHandle> children = process.descendants().toList();
      process.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** The command line of {@code ace} with {@code arguments}, in a JVM of its own on the test's class path. */
  private List<String> ace(String... arguments) throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(arguments));
    return command;
  }

  /** A fresh home (a fresh playbook) and no model: the script expects solve to say how to configure one. */
  private void withoutAModel(Map<String, String> environment) {
    MODEL_VARIABLES.forEach(environment::remove);
    environment.put("ACE4J_HOME", dir.resolve("home").toString());
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator)).anyMatch(folder -> Files.isExecutable(Path.of(folder,
        program)));
  }
}
