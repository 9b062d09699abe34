package dev.ace4j.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on loopback that gives every request the same answer and counts the requests: a model server that is
 * down (503), rate limiting (429 with {@code Retry-After}) or answering one fixed completion.
 */
final class CannedServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private CannedServer(int status, String body, Map<String, String> headers) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      headers.forEach(exchange.getResponseHeaders()::add);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  /** Answers {@code status} with an empty body. */
  static CannedServer answering(int status) {
    return new CannedServer(status, "", Map.of());
  }

  /** Answers {@code status} with the JSON {@code body} and the extra {@code headers}. */
  static CannedServer answering(int status, String body, Map<String, String> headers) {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    return new CannedServer(status, body, all);
  }

  /** The base URL of an OpenAI-compatible API on this server. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** How many requests arrived so far. */
  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
