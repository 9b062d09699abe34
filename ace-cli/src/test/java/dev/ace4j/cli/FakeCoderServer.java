package dev.ace4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server that speaks OpenAI's {@code /v1/chat/completions} and answers as a coding model would
 * that knows one rule only once it has read it. For a built-in task it writes a program that fails on import
 * unless the rule is in its prompt: tasks in {@code readsReflections} find it in the reflection on their last
 * attempt (so they are fixed within a run); the others only in the playbook (so they are fixed a run later). The
 * Reflector states the rule; the Curator adds it when the playbook lacks it.
 */
final class FakeCoderServer implements AutoCloseable {
  static final String RULE = "Write the whole requested function: never leave a placeholder that raises.";
  static final String WRONG = "raise NotImplementedError('to do')\n";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROLE = Pattern.compile("# ACE (\\w+) \\(");
  private static final Pattern ID = Pattern.compile("\\[([a-z0-9_]+-\\d{5,})]");

  private final HttpServer server;
  private final List<CodeTask> tasks = BuiltinBenchmark.tasks();
  private final Set<String> readsReflections;
  private final Function<String, String> program;
  private final AtomicInteger requests = new AtomicInteger();
  final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

  /** @param program the program for a task id when the rule is known (e.g. its reference solution) */
  FakeCoderServer(Set<String> readsReflections, Function<String, String> program) throws IOException {
    this.readsReflections = Set.copyOf(readsReflections);
    this.program = program;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** The base URL of the OpenAI-compatible API. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  int requests() {
    return requests.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add(auth == null ? "" : auth);
    JsonNode request = JSON.readTree(exchange.getRequestBody());
    StringBuilder prompt = new StringBuilder();
    request.path("messages").forEach(message -> prompt.append(message.path("content").asText()).append('\n'));
    String text = prompt.toString();
    String reply = switch (role(text)) {
      case "Generator" -> generate(text);
      case "Reflector" -> reflect(text);
      case "Curator" -> curate(text);
      default -> throw new IllegalStateException("a request from no known role: " + text.lines().findFirst());
    };
    send(exchange, request.path("model").asText(), requests.get(), reply);
  }

  /** Answers {@code exchange} as OpenAI's chat completions do: one choice holding {@code content}, 100 + 20 tokens. */
  static void send(HttpExchange exchange, String model, int id, String content) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-" + id).put("object", "chat.completion").put("created", 1).put("model", model);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    body.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 20).put("total_tokens", 120);
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The role that asks, from the title every role's prompt template opens with: {@code # ACE Reflector (…)}. */
  private static String role(String prompt) {
    Matcher title = ROLE.matcher(prompt);
    return title.lookingAt() ? title.group(1) : "";
  }

  private String generate(String prompt) {
    CodeTask task = tasks.stream().filter(t -> prompt.contains(t.prompt())).findFirst().orElseThrow();
    String playbook = between(prompt, "## Playbook\n", "## Reflection on your previous attempt");
    String reflection = between(prompt, "## Reflection on your previous attempt", "## Task");
    boolean knows = playbook.contains(RULE) || (readsReflections.contains(task.id()) && reflection.contains(RULE));
    ObjectNode reply = JSON.createObjectNode();
    reply.put("reasoning", knows ? "the rule says to write it whole" : "a sketch");
    ArrayNode cited = reply.putArray("bullet_ids");
    for (String line : playbook.split("\n")) {
      Matcher id = ID.matcher(line);
      if (line.contains(RULE) && id.find()) {
        cited.add(id.group(1));
      }
    }
    reply.put("code", knows ? program.apply(task.id()) : WRONG);
    return "```json\n" + reply + "\n```";
  }

  private static String reflect(String prompt) {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("reasoning", "the module raised on import");
    reply.put("error_identification", "a placeholder raised NotImplementedError");
    reply.put("root_cause_analysis", "the function was never written");
    reply.put("correct_approach", "write the function");
    reply.put("key_insight", RULE);
    ArrayNode tags = reply.putArray("bullet_tags");
    Matcher id = ID.matcher(between(prompt, "## Playbook bullets the attempt cited", "Reply with"));
    while (id.find()) {
      tags.addObject().put("id", id.group(1)).put("tag", "helpful");
    }
    return reply.toString();
  }

  private static String curate(String prompt) {
    ObjectNode reply = JSON.createObjectNode();
    ArrayNode operations = reply.putArray("operations");
    if (between(prompt, "## Current playbook", "## Task the reflection came from").contains(RULE)) {
      reply.put("reasoning", "the playbook has the rule");
    } else {
      reply.put("reasoning", "the rule is missing");
      operations.addObject().put("type", "ADD").put("section", "common mistakes to avoid").put("content", RULE)
          .put("justification", "modules raised NotImplementedError on import");
    }
    return reply.toString();
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    if (from < 0) {
      return "";
    }
    from += start.length();
    int to = text.indexOf(end, from);
    return to < 0 ? text.substring(from) : text.substring(from, to);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
