package dev.ace4j.examples;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import java.util.List;

/**
 * ace4j as an agent's tools: LangChain4j's MCP client starts {@code ace mcp} on stdio, lists its tools and runs code
 * in the sandbox through {@code run_code}. An agent hands the same client to an AI service instead:
 * {@code AiServices.builder(Assistant.class).chatModel(model).toolProvider(McpToolProvider.builder()
 * .mcpClients(client).build()).build()}.
 *
 * <p>Usage: {@code examples/run AgentTools [COMMAND...]}; the command defaults to {@code ./ace mcp}.
 */
public final class AgentTools {
  private AgentTools() {}

  public static void main(String[] args) throws Exception {
    List<String> command = args.length > 0 ? List.of(args) : List.of("./ace", "mcp");
    McpClient client = new DefaultMcpClient.Builder()
        .transport(new StdioMcpTransport.Builder().command(command).build())
        .build();
    try (client) {
      for (ToolSpecification tool : client.listTools()) {
        String description = tool.description() == null ? "" : tool.description();
        System.out.println(tool.name() + ": " + description.split("\\. ", 2)[0]);
      }
      String result = client.executeTool(ToolExecutionRequest.builder().name("run_code")
          .arguments("{\"language\": \"python\", \"code\": \"print(sum(range(10)))\"}").build()).resultText();
      System.out.println("run_code: " + result.lines().findFirst().orElse(""));
    }
  }
}
