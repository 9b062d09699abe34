package dev.ace4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * Reports a problem that ends a command: exactly one line on standard error, prefixed with {@code ace:}; and when the
 * command was given {@code --json}, also one JSON object on standard output, so that a script parses every outcome:
 * <pre>{"error": {"kind": "bad_input", "message": "...", "fix": "..."}, "exit_code": 2}</pre>
 * {@code fix} is what to do about it, or null when the message does not say.
 */
final class ErrorLine {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What kind of problem ended the command. */
  enum Kind {
    /** The command line itself: an unknown option, a malformed value. */
    USAGE,
    /** Input or configuration the user fixes. */
    BAD_INPUT,
    /** The model kept failing after its retries. */
    MODEL_FAILED,
    /** ace itself failed. */
    INTERNAL;

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private ErrorLine() {}

  /** Reports {@code message} and returns {@code exitCode}. */
  static int report(CommandLine commandLine, boolean json, Kind kind, @Nullable String message, int exitCode) {
    return report(commandLine, json, kind, message, fix(oneLine(message)), exitCode);
  }

  /** Reports {@code message}, whose fix is {@code fix} (null for none), and returns {@code exitCode}. */
  static int report(CommandLine commandLine, boolean json, Kind kind, @Nullable String message, @Nullable String fix,
      int exitCode) {
    String text = oneLine(message);
    PrintWriter err = commandLine.getErr();
    err.println("ace: " + text);
    err.flush();
    if (json) {
      ObjectNode root = JSON.createObjectNode();
      ObjectNode error = root.putObject("error");
      error.put("kind", kind.id());
      error.put("message", text);
      error.put("fix", fix);
      root.put("exit_code", exitCode);
      PrintWriter out = commandLine.getOut();
      out.println(root);
      out.flush();
    }
    return exitCode;
  }

  /** What follows the last {@code ": "} of {@code text}: ace's messages say the problem, then the fix. */
  static @Nullable String fix(String text) {
    int split = text.lastIndexOf(": ");
    return split < 0 ? null : text.substring(split + 2);
  }

  private static String oneLine(@Nullable String message) {
    return message == null || message.isBlank() ? "unknown problem"
        : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
