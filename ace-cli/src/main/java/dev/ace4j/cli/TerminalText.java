package dev.ace4j.cli;

/**
 * Text that came from a sandboxed program (its messages, test names, what bubblewrap said about it), made safe to
 * print inside one of ace's own lines: control and format characters — terminal escape sequences, carriage returns
 * and newlines, bidirectional overrides — are shown as backslash escapes ({@code \x1b}, &#92;u202e), never
 * interpreted, so a program cannot write to the user's clipboard or terminal title, or disguise ace's verdict,
 * through ace's output.
 * The program's own stdout and stderr, passed through as they are, are the program's; this is for ace's lines.
 */
final class TerminalText {
  private TerminalText() {}

  /** {@code text} with every control and format character escaped. */
  static String inline(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(codePoint -> {
      switch (Character.getType(codePoint)) {
        case Character.CONTROL -> out.append(String.format("\\x%02x", codePoint));
        case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
            out.append(String.format("\\u%04x", codePoint));
        default -> out.appendCodePoint(codePoint);
      }
    });
    return out.toString();
  }
}
