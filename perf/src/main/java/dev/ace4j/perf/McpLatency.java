package dev.ace4j.perf;

import static dev.ace4j.perf.Timings.millis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a resident {@code ace mcp} saves an agent: the round trip of one {@code tools/call run_code} (python,
 * {@code pass}) through the server over stdio and over Streamable HTTP, beside {@code ace sandbox exec --code pass}
 * as a whole process (what an agent without MCP would start) and the bare interpreter. The client is raw JSON-RPC:
 * one line per message on stdio, {@link HttpClient} POSTs for HTTP, so the figures hold the server's cost and little
 * of a client's. The four alternate in one run, after ten warm-up rounds, so they share the machine's noise; the
 * figures are medians and 95th percentiles.
 */
public final class McpLatency {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROTOCOL = "2025-11-25";
  private static final Pattern SERVING = Pattern.compile("ace mcp: serving MCP at (http://\\S+/mcp);");
  private static final Pattern TOKEN = Pattern.compile("ace mcp: clients send Authorization: Bearer (\\S+)");
  private static final int WARM_UP = 10;

  private McpLatency() {}

  /** Usage: {@code McpLatency RUNS ACE}, where ACE is the {@code ace} launcher (it is built already). */
  public static void main(String[] args) throws Exception {
    int runs = Timings.runs(args, "mcp-latency", 50, 10_000);
    if (args.length < 2) {
      System.err.println("mcp-latency: usage: McpLatency RUNS ACE (perf/mcp-latency passes them)");
      System.exit(2);
    }
    String ace = args[1];
    Path home = Files.createTempDirectory("mcp-latency");
    long[][] nanos = new long[5][runs];
    try (StdioClient stdio = StdioClient.start(ace, home); HttpClientSession http = HttpClientSession.start(ace,
        home)) {
      for (int i = -WARM_UP; i < runs; i++) {
        long[] times = {stdio.runPass(), http.runPass(), wholeProcess(List.of(ace, "sandbox", "exec", "--lang",
            "python", "--code", "pass"), home), wholeProcess(List.of("/usr/bin/python3", "-c", "pass"), home),
            stdio.lastSandboxNanos};
        for (int k = 0; i >= 0 && k < times.length; k++) {
          nanos[k][i] = times[k];
        }
        if (i >= 0 && (i + 1) % 25 == 0) {
          System.err.printf("mcp-latency: %d/%d%n", i + 1, runs);
        }
      }
    }
    String[] names = {"ace mcp over stdio: tools/call run_code", "ace mcp over HTTP: tools/call run_code",
        "ace sandbox exec --code pass (whole process)", "bare python3 -c pass (no isolation)",
        "  of which the run itself (its duration_ms)"};
    System.out.printf("%-48s %9s %9s%n", "python, pass (" + runs + " runs)", "p50 ms", "p95 ms");
    for (int k = 0; k < names.length; k++) {
      Arrays.sort(nanos[k]);
      System.out.printf("%-48s %9.1f %9.1f%n", "  " + names[k], millis(nanos[k], 50), millis(nanos[k], 95));
    }
    System.out.printf("%-48s %9.1f %9.1f%n", "  ratio (whole process / stdio)", millis(nanos[2], 50)
        / millis(nanos[0], 50), millis(nanos[2], 95) / millis(nanos[0], 95));
    System.out.println("target: p50 over stdio <= 15 ms: " + (millis(nanos[0], 50) <= 15 ? "met" : "missed"));
  }

  /** The {@code tools/call} this measures. */
  private static ObjectNode passCall(long id) {
    ObjectNode call = request(id, "tools/call");
    ObjectNode params = call.putObject("params").put("name", "run_code");
    params.putObject("arguments").put("language", "python").put("code", "pass");
    return call;
  }

  private static ObjectNode request(long id, String method) {
    return JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
  }

  private static ObjectNode initialize() {
    ObjectNode initialize = request(0, "initialize");
    ObjectNode params = initialize.putObject("params").put("protocolVersion", PROTOCOL);
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "ace4j-perf").put("version", "1");
    return initialize;
  }

  private static JsonNode initialized() {
    return JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized");
  }

  /** Fails unless {@code response} answers the call with a run of status ok. */
  private static void checkOk(JsonNode response, String transport) {
    JsonNode result = response.path("result");
    if (result.path("isError").asBoolean(false) || !result.path("structuredContent").path("status").asText("")
        .equals("ok")) {
      throw new IllegalStateException("run_code over " + transport + " did not run: " + response);
    }
  }

  private static long wholeProcess(List<String> command, Path home) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("ACE4J_HOME", home.toString());
    long start = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    int exit = process.waitFor();
    long elapsed = System.nanoTime() - start;
    if (exit != 0) {
      throw new IllegalStateException(command + " exited " + exit + ": " + new String(output,
          StandardCharsets.UTF_8));
    }
    return elapsed;
  }

  private static Process startServer(String ace, Path home, Path err, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(ace, "mcp"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
    builder.environment().put("ACE4J_HOME", home.toString());
    builder.environment().remove("ACE4J_MCP_TOKEN");
    return builder.start();
  }

  /** Ends {@code server} within {@code seconds} if it has not ended by then, or at once when interrupted. */
  private static void stop(Process server, int seconds) {
    try {
      if (!server.waitFor(seconds, TimeUnit.SECONDS)) {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      server.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** {@code ace mcp} on stdio, one JSON-RPC message per line. */
  private static final class StdioClient implements AutoCloseable {
    private final Process server;
    private final OutputStream in;
    private final BufferedReader out;
    private long nextId = 1;

    private StdioClient(Process server) {
      this.server = server;
      this.in = server.getOutputStream();
      this.out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    }

    static StdioClient start(String ace, Path home) throws IOException {
      StdioClient client = new StdioClient(startServer(ace, home, home.resolve("stdio.err")));
      client.send(initialize());
      client.responseTo(0);
      client.send(initialized());
      return client;
    }

    /** The sandbox's own duration of the last run, as the result reports it (whole milliseconds). */
    long lastSandboxNanos;

    long runPass() throws IOException {
      long id = nextId++;
      long start = System.nanoTime();
      send(passCall(id));
      JsonNode response = responseTo(id);
      long elapsed = System.nanoTime() - start;
      checkOk(response, "stdio");
      lastSandboxNanos = response.path("result").path("structuredContent").path("duration_ms").asLong() * 1_000_000;
      return elapsed;
    }

    private void send(JsonNode message) throws IOException {
      in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    /** The response with {@code id}, skipping notifications (a resident server may send some). */
    private JsonNode responseTo(long id) throws IOException {
      while (true) {
        @Nullable String line = out.readLine();
        if (line == null) {
          throw new IllegalStateException("ace mcp ended its output; see its stderr");
        }
        JsonNode message = JSON.readTree(line);
        if (message.path("id").asLong(-1) == id && !message.has("method")) {
          return message;
        }
      }
    }

    @Override
    public void close() throws IOException {
      in.close(); // the server ends when its stdin closes
      stop(server, 10);
    }
  }

  /** {@code ace mcp --http 0}: Streamable HTTP on loopback, one POST per message, with the session and token. */
  private static final class HttpClientSession implements AutoCloseable {
    private final Process server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;
    private final String token;
    private String session = "";
    private long nextId = 1;

    private HttpClientSession(Process server, URI uri, String token) {
      this.server = server;
      this.uri = uri;
      this.token = token;
    }

    static HttpClientSession start(String ace, Path home) throws IOException, InterruptedException {
      Path err = home.resolve("http.err");
      Process server = startServer(ace, home, err, "--http", "0");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        String printed = Files.readString(err);
        Matcher url = SERVING.matcher(printed);
        Matcher token = TOKEN.matcher(printed);
        if (url.find() && token.find()) {
          HttpClientSession client = new HttpClientSession(server, URI.create(url.group(1)), token.group(1));
          HttpResponse<String> initialized = client.post(initialize());
          client.session = initialized.headers().firstValue("Mcp-Session-Id").orElse("");
          client.post(initialized());
          return client;
        }
        if (!server.isAlive() || System.nanoTime() > deadline) {
          stop(server, 0);
          throw new IllegalStateException("ace mcp --http did not start listening: " + printed);
        }
        Thread.sleep(20);
      }
    }

    long runPass() throws IOException, InterruptedException {
      long start = System.nanoTime();
      HttpResponse<String> response = post(passCall(nextId++));
      long elapsed = System.nanoTime() - start;
      checkOk(message(response), "HTTP");
      return elapsed;
    }

    private HttpResponse<String> post(JsonNode message) throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream")
          .header("Authorization", "Bearer " + token)
          .header("MCP-Protocol-Version", PROTOCOL)
          .POST(HttpRequest.BodyPublishers.ofString(message.toString()));
      if (!session.isEmpty()) {
        request.header("Mcp-Session-Id", session);
      }
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException("POST " + uri + ": HTTP " + response.statusCode() + ": " + response.body());
      }
      return response;
    }

    /** The response in a body that is JSON or an event stream whose events carry it in their data lines. */
    private static JsonNode message(HttpResponse<String> response) throws IOException {
      String body = response.body();
      if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
        return JSON.readTree(body);
      }
      for (String line : body.split("\n")) {
        if (line.startsWith("data:")) {
          JsonNode message = JSON.readTree(line.substring(5));
          if (message.has("result") || message.has("error")) {
            return message;
          }
        }
      }
      throw new IllegalStateException("no response in the event stream: " + body);
    }

    @Override
    public void close() {
      stop(server, 0);
    }
  }
}
