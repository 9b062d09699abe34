package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ace4j.coder.BuiltinBenchmark;
import dev.ace4j.coder.CodeTask;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ace eval --samples-per-task N}: N programs per task from a model that samples (a loopback server whose
 * answers to the same prompt change from call to call, as a model's do at a temperature above 0), scored each, and
 * pass@k by the estimator; an identical rerun served from the cache, sample for sample.
 */
class SamplesPerTaskTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private Map<String, String> environment() {
    return Map.of("ACE4J_HOME", home.toString());
  }

  @Test
  void drawsNProgramsPerTaskScoresEachAndEstimatesPassAtKThenARerunIsServedFromTheCache() throws IOException {
    // Per task: the first and third answers are the reference, the second a placeholder that fails.
    try (SamplingServer model = new SamplingServer(List.of(true, false, true))) {
      String[] command = {"eval", "--dataset", "builtin", "--limit", "2", "--samples-per-task", "3", "--model",
          "openai-compatible:sampler", "--base-url", model.url(), "--results", home.resolve("tasks.json").toString(),
          "--json"};

      AceRun first = AceRun.withEnvironment(environment(), command);

      assertThat(first.exitCode()).as(first.err()).isZero();
      JsonNode report = JSON.readTree(first.out());
      assertThat(report.path("samples_per_task").asInt()).isEqualTo(3);
      assertThat(report.at("/pass_at_k/pass@1").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
      assertThat(report.path("pass_at_k").has("pass@10")).as("k above n").isFalse();
      assertThat(model.requests()).isEqualTo(6);
      assertThat(model.temperatures).containsOnly(0.8);
      JsonNode tasks = JSON.readTree(home.resolve("tasks.json").toFile()).path("tasks");
      assertThat(tasks).hasSize(6);
      List<String> seen = new ArrayList<>();
      tasks.forEach(t -> seen.add(t.path("task_id").asText() + "#" + t.path("sample").asInt() + " "
          + t.path("status").asText()));
      String one = BuiltinBenchmark.tasks().get(0).id();
      assertThat(seen).contains(one + "#0 passed", one + "#2 passed").anyMatch(s -> s.startsWith(one + "#1 ")
          && !s.endsWith(" passed"));

      AceRun again = AceRun.withEnvironment(environment(), command);

      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(model.requests()).as("every sample answered from the cache").isEqualTo(6);
      assertThat(JSON.readTree(again.out()).at("/pass_at_k/pass@1").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
    }
  }

  @Test
  void aGivenTemperatureReachesTheModelAndTextOutputListsPassAtK() throws IOException {
    try (SamplingServer model = new SamplingServer(List.of(true, true))) {
      AceRun run = AceRun.withEnvironment(environment(), "eval", "--dataset", "builtin", "--limit", "1",
          "--samples-per-task", "2", "--temperature", "0.3", "--model", "openai-compatible:sampler", "--base-url",
          model.url());

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("2 samples per task:", "pass@1: 1.0000");
      assertThat(model.temperatures).containsOnly(0.3);
    }
  }

  @Test
  void outOfRangeSamplesOrTemperaturesAreRefusedInOneLine() throws IOException {
    Path samples = Files.writeString(home.resolve("samples.jsonl"), "{\"task_id\": \"easy_fibonacci\", "
        + "\"completion\": \"x\"}\n");
    for (String[] args : List.of(
        new String[] {"--samples-per-task", "0"},
        new String[] {"--samples-per-task", "2", "--temperature", "2.5"},
        new String[] {"--samples", samples.toString(), "--samples-per-task", "2"})) {
      List<String> command = new ArrayList<>(List.of("eval", "--dataset", "builtin", "--model", "reference"));
      if (args[0].equals("--samples")) {
        command.remove("--model");
        command.remove("reference");
      }
      command.addAll(List.of(args));

      AceRun run = AceRun.withEnvironment(environment(), command.toArray(String[]::new));

      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
      assertThat(run.err()).contains(args[args.length - 2]);
    }
  }

  /**
   * OpenAI's {@code /v1/chat/completions} on loopback, answering each built-in task's n-th request with its
   * reference when {@code right.get(n % size)}, else with a placeholder that raises.
   */
  private static final class SamplingServer implements AutoCloseable {
    private final HttpServer server;
    private final List<CodeTask> tasks = BuiltinBenchmark.tasks();
    private final List<Boolean> right;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    final List<Double> temperatures = Collections.synchronizedList(new ArrayList<>());

    SamplingServer(List<Boolean> right) throws IOException {
      this.right = List.copyOf(right);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::answer);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    int requests() {
      return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
      requests.incrementAndGet();
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      temperatures.add(request.path("temperature").asDouble(-1));
      StringBuilder prompt = new StringBuilder();
      request.path("messages").forEach(message -> prompt.append(message.path("content").asText()).append('\n'));
      CodeTask task = tasks.stream().filter(t -> prompt.toString().contains(t.prompt())).findFirst().orElseThrow();
      int call = calls.computeIfAbsent(task.id(), id -> new AtomicInteger()).getAndIncrement();
      ObjectNode reply = JSON.createObjectNode().put("reasoning", "sample " + call);
      reply.putArray("bullet_ids");
      reply.put("code", right.get(call % right.size()) ? task.referenceSolution().orElseThrow()
          : "raise NotImplementedError('to do')\n");
      FakeCoderServer.send(exchange, request.path("model").asText(), requests.get(), "```json\n" + reply + "\n```");
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
