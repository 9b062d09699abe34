package dev.ace4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback HTTP server speaking OpenAI's {@code /v1/chat/completions} for a command's roles: the Generator writes
 * the given programs in order (the last again when they run out, under the template named), the Reflector states
 * {@code lesson}, and the Curator adds it to {@code section}.
 */
final class RoleServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Function<String, ObjectNode> replies;
  private final AtomicInteger requests = new AtomicInteger();

  private RoleServer(Function<String, ObjectNode> replies) throws IOException {
    this.replies = replies;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /**
   * @param template the Generator's prompt template, e.g. {@code generator-tests-v1}
   * @param programs what the Generator writes, in order
   */
  static RoleServer writing(String template, List<String> programs, String lesson, String section)
      throws IOException {
    AtomicInteger written = new AtomicInteger();
    return new RoleServer(prompt -> {
      ObjectNode reply = JSON.createObjectNode().put("reasoning", "r");
      if (prompt.contains("# ACE Generator (" + template + ")")) {
        reply.putArray("bullet_ids");
        reply.put("code", programs.get(Math.min(written.getAndIncrement(), programs.size() - 1)));
      } else if (prompt.contains("# ACE Reflector")) {
        reply.put("error_identification", "see the feedback").put("root_cause_analysis", "see the feedback")
            .put("correct_approach", lesson).put("key_insight", lesson).putArray("bullet_tags");
      } else {
        reply.putArray("operations").addObject().put("type", "ADD").put("section", section).put("content", lesson);
      }
      return reply;
    });
  }

  /** The base URL of the OpenAI-compatible API. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  int requests() {
    return requests.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    int id = requests.incrementAndGet();
    JsonNode request = JSON.readTree(exchange.getRequestBody());
    FakeCoderServer.send(exchange, request.path("model").asText(), id,
        replies.apply(request.path("messages").toString()).toString());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
