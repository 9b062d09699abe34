package dev.ace4j.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An HTTP server on 127.0.0.1 that plays scripted answers in order (the last one repeats) and records every
 * request, for tests that speak a provider's real wire format.
 */
final class FakeProvider implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A request the server received. */
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
          .map(h -> h.getValue().get(0)).findFirst().orElse(null);
    }
  }

  /** What the server answers: a status, headers, a body, after a delay. */
  record Answer(int status, Map<String, String> headers, String body, Duration delay) {
    static Answer ok(String body) {
      return new Answer(200, Map.of(), body, Duration.ZERO);
    }

    static Answer status(int status, String body) {
      return new Answer(status, Map.of(), body, Duration.ZERO);
    }

    Answer withHeader(String name, String value) {
      return new Answer(status, Map.of(name, value), body, delay);
    }

    Answer after(Duration wait) {
      return new Answer(status, headers, body, wait);
    }
  }

  private final HttpServer server;
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();

  private FakeProvider(Answer... answers) throws IOException {
    script.addAll(List.of(answers));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  static FakeProvider answering(Answer... answers) throws IOException {
    return new FakeProvider(answers);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Received> received() {
    return received;
  }

  /** Milliseconds between the first and the last request. */
  long spanOfArrivalsMillis() {
    return (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1_000_000;
  }

  /** Milliseconds between each request and the one before it. */
  List<Long> gapsMillis() {
    List<Long> gaps = new java.util.ArrayList<>();
    for (int i = 1; i < arrivals.size(); i++) {
      gaps.add((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000);
    }
    return gaps;
  }

  private void handle(HttpExchange exchange) throws IOException {
    arrivals.add(System.nanoTime());
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        Map.copyOf(exchange.getRequestHeaders()), body));
    Answer answer;
    synchronized (script) {
      answer = script.size() > 1 ? script.poll() : script.peek();
    }
    try {
      Thread.sleep(answer.delay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
