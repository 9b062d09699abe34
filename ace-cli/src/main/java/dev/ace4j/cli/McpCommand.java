package dev.ace4j.cli;

import dev.ace4j.mcp.HttpEndpoint;
import dev.ace4j.mcp.McpToolServer;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ace mcp}: ace4j's sandbox, coder and playbook as tools of a Model Context Protocol server. */
@Command(name = "mcp", sortOptions = false, defaultValueProvider = OptionDefaults.class,
    description = {
        "Serve ace4j to AI agents over the Model Context Protocol: tools run_code, run_tests (sealed), solve, "
            + "playbook_search, playbook_show and playbook_add_lesson, and the resource playbook://default.",
        "On stdio by default, for agents that start it (one JSON-RPC message per line; nothing else is written to "
            + "stdout; the client closing stdin ends it). With --http, Streamable HTTP at /mcp on loopback: every "
            + "request needs the bearer token, taken from ACE4J_MCP_TOKEN or generated and printed on stderr.",
        "The sandbox stays warm between calls; calls beyond --slots wait, with progress notifications, and a "
            + "cancelled call's run is killed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the client closed standard input (stdio)",
        ExitCodes.HELP_BAD_INPUT, ExitCodes.HELP_INTERNAL,
        "130:stopped by Ctrl-C (143: by SIGTERM); running calls are killed"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  # On stdio: what an agent's MCP configuration starts (command, args)",
        "  ace mcp",
        "  # Streamable HTTP on 127.0.0.1:8765, token from ACE4J_MCP_TOKEN",
        "  ace mcp --http 8765"})
// picocli injects @Spec and @Mixin and sets defaulted options before call(); the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class McpCommand implements Callable<Integer> {
  /** Where a chosen token comes from; needed to serve beyond loopback. */
  static final String TOKEN_VARIABLE = "ACE4J_MCP_TOKEN";

  private final InputStream stdin;
  private final OutputStream stdout;
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(names = "--http", paramLabel = "PORT", order = 1,
      description = "Serve Streamable HTTP on PORT (0: any free port, printed) instead of stdio.")
  @Nullable Integer http;

  @Option(names = "--bind", paramLabel = "ADDRESS", order = 2,
      description = "The address --http listens on. Default: 127.0.0.1. Any other than loopback needs a token "
          + "you chose, in " + TOKEN_VARIABLE + ".")
  @Nullable String bind;

  @Option(names = "--slots", paramLabel = "N", order = 3,
      description = "Sandbox runs at once, 1 to 64; further calls wait. Default: the number of processors.")
  @Nullable Integer slots;

  @Option(names = "--playbook", paramLabel = "FILE", order = 4,
      description = "The playbook the tools read and learn into. Default: ACE4J_HOME/playbooks/default.json.")
  @Nullable Path playbook;

  @Mixin ModelOptions model;

  @Mixin SandboxOptions sandbox;

  McpCommand(InputStream stdin, OutputStream stdout, Map<String, String> environment) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.environment = Map.copyOf(environment);
  }

  @Override
  @SuppressWarnings("try") // the Interruption is held, not used: closing it disarms Ctrl-C handling
  public Integer call() throws InterruptedException, IOException {
    int runs = slots == null ? Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors())) : slots;
    if (runs < 1 || runs > 64) {
      throw new BadInputException("--slots " + runs + ": give a number from 1 to 64");
    }
    InetSocketAddress address = http == null ? null : address(http);
    if (http == null && bind != null) {
      throw new BadInputException("--bind " + bind + ": only --http listens on an address: add --http PORT");
    }
    String token = address == null ? "" : token();
    AceHome home = AceHome.of(environment);
    Path playbookFile = (playbook != null ? playbook : home.playbook("default")).toAbsolutePath();
    PrintWriter err = spec.commandLine().getErr();
    SandboxSettings settings = sandbox.settings().withMaxConcurrent(runs);
    AtomicReference<@Nullable McpToolServer> served = new AtomicReference<>();
    try (Sandbox box = Sandboxes.create(settings)) {
      McpTools tools = new McpTools(box, playbookFile, McpTools.cliSolver(model, environment, home,
          sandbox.settings(), AceCommand.openTelemetry(spec), playbookFile), () -> {
            McpToolServer server = served.get();
            if (server != null) {
              server.resourceChanged(McpTools.PLAYBOOK_URI);
            }
          });
      McpToolServer.Builder builder = McpToolServer.builder("ace4j", version()).slots(runs)
          .instructions("ace4j runs code in a hardened local sandbox (run_code, run_tests), solves coding tasks "
              + "with a self-learning coder (solve), and keeps a playbook of strategies learned from runs "
              + "(playbook_search before a task, playbook_add_lesson after one).")
          .resource(tools.playbookResource());
      tools.tools().forEach(builder::tool);
      try (McpToolServer server = builder.build();
          Interruption interruption = Interruption.arm(err, "the MCP server stopped", List.of(box))) {
        served.set(server);
        if (address == null) {
          err.println("ace mcp: serving MCP on stdio; sandbox " + box.name() + ", " + runs + " slot"
              + (runs == 1 ? "" : "s") + "; playbook " + playbookFile);
          err.flush();
          try {
            server.serveStdio(stdin, stdout);
          } catch (IOException e) {
            throw new BadInputException(String.valueOf(e.getMessage()));
          }
          return ExitCodes.OK;
        }
        try (HttpEndpoint endpoint = server.serveHttp(address, token)) {
          err.println("ace mcp: serving MCP at " + endpoint.uri() + "; sandbox " + box.name() + ", " + runs
              + " slot" + (runs == 1 ? "" : "s") + "; playbook " + playbookFile);
          err.println(environment.containsKey(TOKEN_VARIABLE)
              ? "ace mcp: clients send Authorization: Bearer $" + TOKEN_VARIABLE
              : "ace mcp: clients send Authorization: Bearer " + token);
          err.flush();
          Thread.sleep(Long.MAX_VALUE);
        }
      }
    }
    return ExitCodes.OK;
  }

  /** The address --http listens on, checked: a port in range, and beyond loopback only with a chosen token. */
  private InetSocketAddress address(int port) {
    if (port < 0 || port > 65535) {
      throw new BadInputException("--http " + port + ": give a port from 1 to 65535, or 0 for any free one");
    }
    String host = bind == null ? "127.0.0.1" : bind;
    InetAddress resolved;
    try {
      resolved = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new BadInputException("--bind " + host + ": not an address of this machine: give e.g. 127.0.0.1");
    }
    if (!resolved.isLoopbackAddress() && !environment.containsKey(TOKEN_VARIABLE)) {
      throw new BadInputException("--bind " + host + ": serving beyond loopback needs a token you chose: set "
          + TOKEN_VARIABLE + " (at least 16 characters) and give it to your clients");
    }
    return new InetSocketAddress(resolved, port);
  }

  private String token() {
    String chosen = environment.get(TOKEN_VARIABLE);
    if (chosen != null) {
      if (chosen.strip().length() < 16 || !chosen.equals(chosen.strip())) {
        throw new BadInputException(TOKEN_VARIABLE + ": the token must have at least 16 characters and no "
            + "surrounding spaces: e.g. ACE4J_MCP_TOKEN=$(openssl rand -hex 24)");
      }
      return chosen;
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
