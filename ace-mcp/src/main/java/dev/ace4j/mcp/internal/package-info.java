/**
 * ace-mcp's implementation: the calls in flight and their cancellation, the tagging of tool calls on both
 * transports, admission to the sandbox's slots, and the HTTP server.
 *
 * <p><b>Internal:</b> not part of the public API; it may change in any release without notice. Do not
 * depend on it from outside its module.
 */
@NullMarked
package dev.ace4j.mcp.internal;

import org.jspecify.annotations.NullMarked;
