package dev.ace4j.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server through the MCP Java SDK's own client over Streamable HTTP, and through raw JSON-RPC lines over stdio:
 * tools with schemas, tool errors, the bearer token, slots, progress and cancellation. The tools are stand-ins;
 * ace-cli's tests call the real ones.
 */
@Timeout(60)
class McpToolServerTest {
  private static final String TOKEN = "test-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OBJECT = "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
      + "\"required\":[\"text\"]}";

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final CountDownLatch blockStarted = new CountDownLatch(1);
  private final CountDownLatch blockInterrupted = new CountDownLatch(1);
  private McpToolServer server;
  private HttpEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    server = McpToolServer.builder("test", "1").slots(1)
        .tool(new Tool("echo", "Echo", "Says it back", OBJECT,
            "{\"type\":\"object\",\"properties\":{\"said\":{\"type\":\"string\"}},\"required\":[\"said\"]}", false,
            call -> ToolResult.of("said it", JsonNodeFactory.instance.objectNode()
                .put("said", call.requiredText("text")))))
        .tool(new Tool("picky", "Picky", "Refuses", OBJECT, null, false, call -> {
          throw new ToolInputException("argument text " + call.requiredText("text") + " is not welcome: say hi");
        }))
        .tool(new Tool("broken", "Broken", "Fails", "{\"type\":\"object\"}", null, false, call -> {
          throw new IllegalStateException("a bug");
        }))
        .tool(new Tool("slow", "Slow", "Takes a slot for 300 ms", "{\"type\":\"object\"}", null, true, call -> {
          int now = running.incrementAndGet();
          mostAtOnce.accumulateAndGet(now, Math::max);
          try {
            Thread.sleep(300);
          } finally {
            running.decrementAndGet();
          }
          return ToolResult.of("slept", JsonNodeFactory.instance.objectNode());
        }))
        .tool(new Tool("block", "Block", "Holds its slot until cancelled", "{\"type\":\"object\"}", null, true,
            call -> {
              blockStarted.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                // As a sandbox does: the run was killed, and that is a result of its own.
                blockInterrupted.countDown();
                return ToolResult.of("the run was killed", JsonNodeFactory.instance.objectNode());
              }
              return ToolResult.of("never", JsonNodeFactory.instance.objectNode());
            }))
        .build();
    endpoint = server.serveHttp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN);
  }

  @AfterEach
  void stop() {
    endpoint.close();
    server.close();
  }

  @Test
  void listsToolsWithSchemasAndAnswersWithStructuredContent() {
    try (McpSyncClient client = client(List.of())) {
      List<McpSchema.Tool> tools = client.listTools().tools();

      assertThat(tools).extracting(McpSchema.Tool::name).containsExactly("echo", "picky", "broken", "slow", "block");
      assertThat(tools.get(0).inputSchema().get("required")).isEqualTo(List.of("text"));
      assertThat(tools.get(0).outputSchema()).containsKey("properties");
      CallToolResult result = client.callTool(call("echo", Map.of("text", "hello")));
      assertThat(result.isError()).isFalse();
      assertThat(result.structuredContent()).isEqualTo(Map.of("said", "hello"));
      assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("said it");
    }
  }

  @Test
  void badArgumentsAndFailuresComeBackAsToolErrorsNotProtocolErrors() {
    try (McpSyncClient client = client(List.of())) {
      CallToolResult missing = client.callTool(call("echo", Map.of()));
      CallToolResult refused = client.callTool(call("picky", Map.of("text", "boo")));
      CallToolResult failed = client.callTool(call("broken", Map.of()));

      assertThat(missing.isError()).isTrue();
      assertThat(text(missing)).contains("text");
      assertThat(refused.isError()).isTrue();
      assertThat(text(refused)).isEqualTo("argument text boo is not welcome: say hi");
      assertThat(failed.isError()).isTrue();
      assertThat(text(failed)).isEqualTo("internal failure in broken: IllegalStateException: a bug");
    }
  }

  @Test
  void refusesRequestsWithoutTheRightBearerToken() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    for (String authorization : new String[] {null, "Bearer wrong-token-0123456789", "Bearer " + TOKEN + "x",
        TOKEN}) {
      HttpRequest.Builder request = post(initialize);
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }
    HttpResponse<String> allowed = http.send(post(initialize).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).isEqualTo(200);
  }

  @Test
  void callsBeyondTheSlotsWaitWithProgressAndAllComplete() throws Exception {
    List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = client(List.of(progress::add))) {
      List<CompletableFuture<CallToolResult>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        CallToolRequest request = new CallToolRequest("slow", Map.of(), Map.of("progressToken", "call-" + i));
        calls.add(CompletableFuture.supplyAsync(() -> client.callTool(request)));
      }
      for (CompletableFuture<CallToolResult> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS).isError()).isFalse();
      }
    }
    assertThat(mostAtOnce.get()).isEqualTo(1);
    assertThat(progress).isNotEmpty()
        .allSatisfy(p -> assertThat(p.message()).startsWith("waiting for a sandbox slot: all 1 are busy"));
    assertThat(server.freeSlots()).isEqualTo(1);
  }

  @Test
  void aCancelledCallOverStdioIsInterruptedAndFreesItsSlot() throws Exception {
    PipedOutputStream toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    PipedInputStream fromServer = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    Thread serving = new Thread(() -> {
      try {
        server.serveStdio(serverIn, serverOut);
      } catch (InterruptedException | java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
    serving.start();
    BufferedReader replies = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
    send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    assertThat(reply(replies, 1).path("result").path("serverInfo").path("name").asText()).isEqualTo("test");
    send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":\"b-7\",\"method\":\"tools/call\",\"params\":{\"name\":\"block\","
        + "\"arguments\":{}}}");
    assertThat(blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(server.freeSlots()).isZero();

    // Another id (a number where the call's id is a string) cancels nothing.
    send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}");
    assertThat(blockInterrupted.await(300, TimeUnit.MILLISECONDS)).isFalse();
    send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"b-7\","
        + "\"reason\":\"the user changed their mind\"}}");

    assertThat(blockInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
        + "\"arguments\":{}}}");
    JsonNode next = reply(replies, 9);
    assertThat(next.path("result").path("isError").asBoolean(true)).isFalse();
    assertThat(server.freeSlots()).isEqualTo(1);
    toServer.close();
    serving.join(10_000);
    assertThat(serving.isAlive()).as("serveStdio returns when its input ends").isFalse();
  }

  @Test
  void aMessageOverSixteenMebibytesOnStdioEndsTheSessionInsteadOfFillingTheHeap() throws Exception {
    byte[] huge = new byte[16 * 1024 * 1024 + 1];
    java.util.Arrays.fill(huge, (byte) 'x');
    java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(huge);

    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
        () -> server.serveStdio(in, OutputStream.nullOutputStream()));

    assertThat(failure).isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("standard input: a message over 16 MiB: send smaller messages");
    assertThat(in.available()).as("bytes left unread").isZero();
  }

  @Test
  void aCancelledCallOverHttpIsInterrupted() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> initialized = http.send(authorized(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
        + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":"
        + "{\"name\":\"t\",\"version\":\"1\"}}}")).build(), HttpResponse.BodyHandlers.ofString());
    String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    http.send(authorized(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
        .header("Mcp-Session-Id", session).build(), HttpResponse.BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> call = http.sendAsync(authorized(post("{\"jsonrpc\":\"2.0\",\"id\":5,"
        + "\"method\":\"tools/call\",\"params\":{\"name\":\"block\",\"arguments\":{}}}"))
        .header("Mcp-Session-Id", session).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(blockStarted.await(10, TimeUnit.SECONDS)).isTrue();

    // The same id from another session is another call.
    http.send(authorized(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
        + "{\"requestId\":5}}")).header("Mcp-Session-Id", "another").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(blockInterrupted.await(300, TimeUnit.MILLISECONDS)).isFalse();
    http.send(authorized(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
        + "{\"requestId\":5}}")).header("Mcp-Session-Id", session).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(blockInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(call.get(10, TimeUnit.SECONDS).body()).contains("cancelled: the call was stopped")
        .doesNotContain("the run was killed");
    assertThat(server.freeSlots()).isEqualTo(1);
  }

  private McpSyncClient client(List<java.util.function.Consumer<McpSchema.ProgressNotification>> progress) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder("http://" + endpoint.uri().getHost() + ":" + endpoint.uri().getPort()).endpoint("/mcp")
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN)).build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
        .progressConsumers(progress).build();
    client.initialize();
    return client;
  }

  private static CallToolRequest call(String tool, Map<String, Object> arguments) {
    return CallToolRequest.builder(tool).arguments(arguments).build();
  }

  private HttpRequest.Builder post(String body) {
    return HttpRequest.newBuilder(URI.create(endpoint.uri().toString())).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return request.header("Authorization", "Bearer " + TOKEN);
  }

  private static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  private static void send(OutputStream out, String line) throws Exception {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The next message with {@code id}, skipping notifications. */
  private static JsonNode reply(BufferedReader replies, Object id) throws Exception {
    while (true) {
      String line = replies.readLine();
      assertThat(line).as("the server's reply to " + id).isNotNull();
      JsonNode message = JSON.readTree(line);
      if (message.path("id").asText().equals(String.valueOf(id))) {
        return message;
      }
    }
  }
}
