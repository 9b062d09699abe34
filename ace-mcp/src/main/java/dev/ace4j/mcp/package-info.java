/**
 * A Model Context Protocol server on the official MCP Java SDK: {@link dev.ace4j.mcp.McpToolServer} serves
 * {@link dev.ace4j.mcp.Tool}s and {@link dev.ace4j.mcp.Resource}s over stdio or Streamable HTTP (loopback, bearer
 * token). Calls that need the sandbox share its slots and wait with progress notifications; a client's
 * {@code notifications/cancelled} interrupts the call it names. Knows nothing of ACE: {@code ace mcp} (ace-cli)
 * defines the tools.
 */
@NullMarked
package dev.ace4j.mcp;

import org.jspecify.annotations.NullMarked;
