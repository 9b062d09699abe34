package dev.ace4j.cli;

import java.io.PrintWriter;

/** Prints a user-facing problem as exactly one line on standard error, prefixed with {@code ace:}. */
final class ErrorLine {
  private ErrorLine() {}

  static void print(PrintWriter err, String message) {
    String text = message == null || message.isBlank() ? "unknown problem" : message.strip();
    err.println("ace: " + text.replaceAll("\\s*\\R\\s*", " "));
    err.flush();
  }
}
