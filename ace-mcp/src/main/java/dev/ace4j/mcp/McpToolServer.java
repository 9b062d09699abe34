package dev.ace4j.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.mcp.internal.Admission;
import dev.ace4j.mcp.internal.CallTags;
import dev.ace4j.mcp.internal.HttpGate;
import dev.ace4j.mcp.internal.RunningCalls;
import dev.ace4j.mcp.internal.TaggedInput;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * An MCP server of {@link Tool}s and {@link Resource}s on the official MCP Java SDK, over stdio ({@link #serveStdio})
 * or Streamable HTTP ({@link #serveHttp}). Calls run concurrently; those of {@link Tool#sandboxed sandboxed} tools
 * share {@code slots} and wait for one with progress notifications; a client's cancellation interrupts the call's
 * thread. Thread-safe; one server can serve both transports at once.
 */
public final class McpToolServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANCELLED = "cancelled: the call was stopped and its sandbox run killed";

  private final String name;
  private final String version;
  private final String instructions;
  private final List<Tool> tools;
  private final List<Resource> resources;
  private final Admission admission;
  private final RunningCalls calls = new RunningCalls();
  private final CallTags tags = new CallTags(calls);
  private final McpJsonMapper mapper = new JacksonMcpJsonMapper(JSON);
  private final List<McpSyncServer> servers = new CopyOnWriteArrayList<>();

  private McpToolServer(Builder builder) {
    this.name = builder.name;
    this.version = builder.version;
    this.instructions = builder.instructions;
    this.tools = List.copyOf(builder.tools);
    this.resources = List.copyOf(builder.resources);
    this.admission = new Admission(builder.slots);
  }

  /** A server that calls itself {@code name} {@code version} to clients. */
  public static Builder builder(String name, String version) {
    return new Builder(name, version);
  }

  /**
   * Serves one client over {@code in} and {@code out} (one JSON-RPC message per line) until {@code in} ends; then
   * cancels the calls still running and returns. Nothing else may write to {@code out}.
   *
   * @throws IOException when the client sent a message over 16 MiB (the session ends there)
   */
  public void serveStdio(InputStream in, OutputStream out) throws InterruptedException, IOException {
    TaggedInput input = new TaggedInput(in, tags);
    McpSyncServer server = configure(McpServer.sync(new StdioServerTransportProvider(mapper, input, out)));
    servers.add(server);
    try {
      input.ended().await();
    } finally {
      calls.cancelSession(TaggedInput.SESSION);
      servers.remove(server);
      server.closeGracefully();
    }
    if (input.oversized()) {
      throw new IOException("standard input: a message over " + TaggedInput.MAX_LINE / (1024 * 1024)
          + " MiB: send smaller messages (code and files are limited far below that)");
    }
  }

  /**
   * Serves Streamable HTTP at {@code /mcp} on {@code address} (port 0 picks a free one) until the endpoint is
   * closed. Every request must carry {@code Authorization: Bearer token}. Binding beyond loopback is the caller's
   * decision ({@code ace mcp --bind}).
   */
  public HttpEndpoint serveHttp(InetSocketAddress address, String token) throws IOException {
    if (token.length() < 16) {
      throw new IllegalArgumentException("the bearer token must have at least 16 characters");
    }
    HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(mapper).mcpEndpoint("/mcp").build();
    McpSyncServer server = configure(McpServer.sync(provider));
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder servlet = new ServletHolder(provider);
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/mcp");
    FilterHolder gate = new FilterHolder(new HttpGate(token, tags));
    gate.setAsyncSupported(true);
    context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(context);
    try {
      jetty.start();
    } catch (Exception e) {
      server.close();
      throw e instanceof IOException io ? io : new IOException("cannot serve HTTP on " + address + ": "
          + e.getMessage(), e);
    }
    servers.add(server);
    String host = address.getHostString().contains(":") ? "[" + address.getHostString() + "]"
        : address.getHostString();
    URI uri = URI.create("http://" + host + ":" + connector.getLocalPort() + "/mcp");
    return new HttpEndpoint(uri, () -> {
      servers.remove(server);
      server.closeGracefully();
      try {
        jetty.stop();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the HTTP server failed: " + e.getMessage(), e);
      }
    });
  }

  /** Tells subscribed clients that the resource {@code uri} changed. */
  public void resourceChanged(String uri) {
    for (McpSyncServer server : servers) {
      try {
        server.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(uri));
      } catch (RuntimeException e) {
        // A client that went away misses the news; the next read gets the resource as it is.
      }
    }
  }

  /** Calls in flight now, on every transport. */
  public int callsInFlight() {
    return calls.size();
  }

  /** Slots free now. */
  public int freeSlots() {
    return admission.available();
  }

  @Override
  public void close() {
    servers.forEach(McpSyncServer::closeGracefully);
    servers.clear();
  }

  private <S extends McpServer.SyncSpecification<S>> McpSyncServer configure(McpServer.SyncSpecification<S> spec) {
    List<SyncToolSpecification> specs = new ArrayList<>();
    for (Tool tool : tools) {
      McpSchema.Tool.Builder definition = McpSchema.Tool.builder(tool.name(), mapper, tool.inputSchema())
          .title(tool.title()).description(tool.description());
      if (tool.outputSchema() != null) {
        definition.outputSchema(mapper, tool.outputSchema());
      }
      specs.add(SyncToolSpecification.builder().tool(definition.build())
          .callHandler((exchange, request) -> call(tool, exchange, request)).build());
    }
    List<SyncResourceSpecification> offered = new ArrayList<>();
    for (Resource resource : resources) {
      McpSchema.Resource definition = McpSchema.Resource.builder(resource.uri(), resource.name())
          .description(resource.description()).mimeType(resource.mimeType()).build();
      offered.add(new SyncResourceSpecification(definition, (exchange, request) -> McpSchema.ReadResourceResult.builder(
          List.of(McpSchema.TextResourceContents.builder(resource.uri(), resource.content().get())
              .mimeType(resource.mimeType()).build())).build()));
    }
    return spec.serverInfo(name, version)
        .instructions(instructions)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(true, false).build())
        .tools(specs)
        .resources(offered)
        .build();
  }

  /** One call: a slot if the tool needs one, the handler, and its result or failure as a tool result. */
  private CallToolResult call(Tool tool, McpSyncServerExchange exchange, CallToolRequest request) {
    Consumer<String> progress = progress(exchange, request.meta());
    @Nullable String key = CallTags.keyOf(request.meta()).orElse(null);
    if (key != null) {
      calls.begin(key);
    }
    ToolResult result;
    boolean cancelled = false;
    try {
      result = answer(tool, request, progress);
    } finally {
      cancelled = key != null ? calls.end(key) : Thread.interrupted();
    }
    // However the handler took the interruption (a killed run is a sandbox failure to it), the answer is the same;
    // clients drop it anyway (a cancelled request gets no reply they read).
    return result(cancelled ? ToolResult.error(CANCELLED) : result);
  }

  /** The handler's result, in a slot if the tool needs one; every failure as a tool error. */
  private ToolResult answer(Tool tool, CallToolRequest request, Consumer<String> progress) {
    boolean slot = false;
    try {
      if (tool.sandboxed()) {
        admission.acquire(progress);
        slot = true;
      }
      Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
      return tool.handler().call(new ToolCall(JSON.valueToTree(arguments), progress));
    } catch (ToolInputException e) {
      return ToolResult.error(Objects.requireNonNullElse(e.getMessage(), "bad arguments"));
    } catch (InterruptedException e) {
      return ToolResult.error(CANCELLED);
    } catch (RuntimeException e) {
      return ToolResult.error("internal failure in " + tool.name() + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } finally {
      if (slot) {
        admission.release();
      }
    }
  }

  /** Progress notifications to the client, when it gave a progress token; numbered from 1. */
  private static Consumer<String> progress(McpSyncServerExchange exchange, @Nullable Map<String, Object> meta) {
    Object token = meta == null ? null : meta.get("progressToken");
    if (token == null) {
      return message -> {};
    }
    AtomicInteger step = new AtomicInteger();
    return message -> {
      try {
        exchange.progressNotification(McpSchema.ProgressNotification.builder(token, step.incrementAndGet())
            .message(message).build());
      } catch (RuntimeException e) {
        // The client went away; the call finds out when it answers.
      }
    };
  }

  private CallToolResult result(ToolResult result) {
    CallToolResult.Builder built = CallToolResult.builder().addTextContent(result.text()).isError(result.error());
    JsonNode structured = result.structured();
    if (structured != null) {
      built.structuredContent(JSON.convertValue(structured, Map.class));
    }
    return built.build();
  }

  /** Builds a {@link McpToolServer}. */
  public static final class Builder {
    private final String name;
    private final String version;
    private String instructions = "";
    private final List<Tool> tools = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();
    private int slots = Runtime.getRuntime().availableProcessors();

    private Builder(String name, String version) {
      this.name = Objects.requireNonNull(name, "name");
      this.version = Objects.requireNonNull(version, "version");
    }

    /** What the server tells clients about using it. */
    public Builder instructions(String text) {
      this.instructions = Objects.requireNonNull(text, "text");
      return this;
    }

    /** Adds a tool; names must be unique. */
    public Builder tool(Tool tool) {
      if (tools.stream().anyMatch(t -> t.name().equals(tool.name()))) {
        throw new IllegalArgumentException("two tools are named " + tool.name());
      }
      tools.add(tool);
      return this;
    }

    /** Adds a resource. */
    public Builder resource(Resource resource) {
      resources.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /** How many sandboxed calls run at once; the rest wait. Default: the number of processors. */
    public Builder slots(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("slots must be at least 1, not " + count);
      }
      this.slots = count;
      return this;
    }

    public McpToolServer build() {
      return new McpToolServer(this);
    }
  }
}
