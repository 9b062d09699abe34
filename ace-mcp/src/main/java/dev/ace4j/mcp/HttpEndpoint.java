package dev.ace4j.mcp;

import java.net.URI;
import java.util.Objects;

/** A running Streamable HTTP endpoint of a {@link McpToolServer}; closing it stops the server and its calls. */
public final class HttpEndpoint implements AutoCloseable {
  private final URI uri;
  private final Runnable stop;

  HttpEndpoint(URI uri, Runnable stop) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.stop = stop;
  }

  /** Where clients POST, e.g. {@code http://127.0.0.1:8765/mcp}. */
  public URI uri() {
    return uri;
  }

  @Override
  public void close() {
    stop.run();
  }
}
