package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.ExecutionError;
import dev.ace4j.sandbox.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the error a program died of from the report its runtime printed on standard error: a Python traceback, a
 * JVM's uncaught exception or javac's diagnostics, Node's uncaught-exception report, Bash's {@code line N:}
 * messages.
 *
 * <p>Standard error is written by untrusted code, which can print anything, including a convincing fake report. So
 * this never throws, reads only the last {@value #MAX_SCAN_CHARS} characters, strips terminal escape sequences
 * first, and when several reports are present the one printed last wins, because every runtime prints its fatal
 * report last. A program that prints a fake report after the real one therefore gets the fake one reported; the
 * full stream is still in the execution's stderr.
 *
 * <p>Names are the runtime's own ({@code ZeroDivisionError}, {@code mymod.CustomError},
 * {@code java.lang.IllegalStateException}, {@code TypeError}), except where the runtime prints none:
 * {@value #COMPILATION_ERROR} (javac), {@value #HEAP_OUT_OF_MEMORY} and {@value #FATAL_ERROR} (V8 fatal errors),
 * {@value #UNCAUGHT_VALUE} (Node, a thrown value that is not an Error), {@value #COMMAND_NOT_FOUND} and
 * {@value #BASH_ERROR} (Bash).
 */
final class ErrorParser {
  /** javac rejected the source; the value is the first error's message. */
  static final String COMPILATION_ERROR = "CompilationError";
  /** V8 ran out of heap ({@code FATAL ERROR: ... JavaScript heap out of memory}). */
  static final String HEAP_OUT_OF_MEMORY = "HeapOutOfMemory";
  /** Any other V8 {@code FATAL ERROR}. */
  static final String FATAL_ERROR = "FatalError";
  /** Node: the program threw something that is not an Error ({@code throw 'text'}); the value is what it threw. */
  static final String UNCAUGHT_VALUE = "Uncaught";
  /** Bash: {@code main.sh: line 3: foo: command not found}. */
  static final String COMMAND_NOT_FOUND = "CommandNotFound";
  /** Bash: any other {@code main.sh: line N: message}. */
  static final String BASH_ERROR = "BashError";

  /** Only the tail is read: the fatal report is printed last, and this bounds the work on hostile output. */
  static final int MAX_SCAN_CHARS = 1 << 20;
  /** Longest name, file location or other line part read with a pattern; anything longer is not a report. */
  private static final int MAX_NAME_CHARS = 4096;

  private static final Pattern TERMINAL_ESCAPE = Pattern.compile(
      "\u001B(?:\\[[0-?]*+[ -/]*+[@-~]|\\][^\u0007\u001B]*+(?:\u0007|\u001B\\\\)?|[@-Z\\\\-_])|\u009B[0-?]*+[ -/]*+[@-~]");

  private static final String TRACEBACK = "Traceback (most recent call last):";
  private static final String GROUP_TRACEBACK = "  + Exception Group Traceback (most recent call last):";
  private static final String GROUP_LINE = "  |";
  private static final List<String> CHAIN_SEPARATORS = List.of(
      "During handling of the above exception, another exception occurred:",
      "The above exception was the direct cause of the following exception:");
  private static final String IDENTIFIER = "[\\p{L}_][\\p{L}\\p{N}_]*+";
  private static final Pattern PYTHON_NAME = Pattern.compile("(" + IDENTIFIER + "(?:\\." + IDENTIFIER + ")*+)");
  private static final Pattern PYTHON_SYNTAX_NAME = Pattern.compile("(SyntaxError|IndentationError|TabError)");

  private static final String JAVA_IDENTIFIER = "[\\p{L}_$][\\p{L}\\p{N}_$]*+";
  private static final Pattern JAVA_NAME =
      Pattern.compile("(" + JAVA_IDENTIFIER + "(?:\\." + JAVA_IDENTIFIER + ")*+)");
  private static final String THREAD_DEATH = "Exception in thread \"";
  private static final List<String> JVM_EXITS = List.of("Terminating due to ", "Aborting due to ");
  private static final String HANDLER_FAILURE = " thrown from the UncaughtExceptionHandler in thread ";
  private static final String JAVAC_ERROR = ": error: ";
  private static final Pattern JAVAC_FILE = Pattern.compile("[^\\s:][^:]*\\.java:\\d{1,9}");
  private static final Pattern JAVAC_END = Pattern.compile("\\d{1,9} errors?|error: compilation failed");

  private static final Pattern NODE_LOCATION = Pattern.compile("\\S.*:\\d{1,9}");
  private static final Pattern NODE_TRAILER = Pattern.compile("Node\\.js v\\d{1,4}\\.\\d{1,6}\\.\\d{1,6}\\S*");
  /** Group 1 is the name; Node adds the error code in brackets: {@code AssertionError [ERR_ASSERTION]}. */
  private static final Pattern NODE_NAME = Pattern.compile(
      "([\\p{L}_$][\\p{L}\\p{N}_$.]*+(?: [\\p{L}\\p{N}_$.]++){0,4}+)(?: \\[[^\\]]*+\\])?");
  private static final String NODE_TRACE_HINT = "(Use `node --trace-uncaught ...`";
  private static final String V8_FATAL = "FATAL ERROR: ";
  private static final String V8_GC_SUMMARY = "<--- Last few GCs --->";

  private static final String BASH_LINE = ": line ";
  private static final Pattern BASH_LINE_NUMBER = Pattern.compile("\\d{1,9}: ");
  private static final List<String> BASH_SHELLS = List.of("bash: ", "sh: ", "/bin/bash: ", "/usr/bin/bash: ",
      "/bin/sh: ", "/usr/bin/sh: ");

  private ErrorParser() {}

  /**
   * The error {@code stderr} reports, if it holds a complete report in {@code language}'s format.
   *
   * @return empty for no report, a malformed one, or one cut off before it names the error (e.g. a traceback
   *     without its final line)
   */
  static Optional<ExecutionError> parse(Language language, String stderr) {
    if (language == null || stderr == null || stderr.isBlank()) {
      return Optional.empty();
    }
    List<String> lines = lines(stderr);
    Optional<Report> report = switch (language) {
      case PYTHON -> python(lines);
      case JAVA -> java(lines);
      case JAVASCRIPT -> javascript(lines);
      case BASH -> bash(lines);
    };
    return report.map(r -> r.toError(lines));
  }

  /** Where a report sits in the lines ({@code end} exclusive), and what it names. */
  private record Report(int start, int end, String name, String value) {
    ExecutionError toError(List<String> lines) {
      int last = end;
      while (last > start && lines.get(last - 1).isBlank()) {
        last--;
      }
      return new ExecutionError(name, value.strip(), String.join("\n", lines.subList(start, last)));
    }
  }

  /** A report's {@code Name: value} line, split. */
  private record Headline(String name, String value) {}

  private static List<String> lines(String stderr) {
    String text = stderr;
    if (text.length() > MAX_SCAN_CHARS) {
      text = text.substring(text.length() - MAX_SCAN_CHARS);
      // The first line was cut in the middle: drop it rather than read half a line.
      int newline = text.indexOf('\n');
      text = newline < 0 ? "" : text.substring(newline + 1);
    }
    text = TERMINAL_ESCAPE.matcher(text).replaceAll("");
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    return lines;
  }

  // Python

  private static Optional<Report> python(List<String> lines) {
    int header = lastIndex(lines, lines.size(), ErrorParser::isTracebackHeader);
    // Python prints a bare SyntaxError report only when the main script does not compile, before any code runs.
    return header < 0 ? pythonSyntaxError(lines) : pythonTraceback(lines, header);
  }

  private static boolean isTracebackHeader(String line) {
    return line.equals(TRACEBACK) || line.equals(GROUP_TRACEBACK);
  }

  private static Optional<Report> pythonTraceback(List<String> lines, int header) {
    boolean group = lines.get(header).equals(GROUP_TRACEBACK);
    int end = group ? groupEnd(lines, header) : lines.size();
    for (int i = header + 1; i < end; i++) {
      String line = group ? ungroup(lines.get(i)) : lines.get(i);
      if (line.isEmpty() || line.startsWith(" ")) {
        continue; // a frame, its source line, or its caret line
      }
      Optional<Headline> exception = headline(PYTHON_NAME, line);
      if (exception.isEmpty()) {
        return Optional.empty();
      }
      StringBuilder value = new StringBuilder(exception.get().value());
      for (int j = i + 1; j < end; j++) {
        value.append('\n').append(group ? ungroup(lines.get(j)) : lines.get(j));
      }
      return Optional.of(
          new Report(chainStart(lines, header), lines.size(), exception.get().name(), value.toString()));
    }
    return Optional.empty();
  }

  /** An exception group prints its own traceback with a {@code "  | "} margin, up to its first sub-exception. */
  private static int groupEnd(List<String> lines, int header) {
    int end = header + 1;
    while (end < lines.size() && lines.get(end).startsWith(GROUP_LINE)) {
      end++;
    }
    return end;
  }

  private static String ungroup(String line) {
    return line.length() > GROUP_LINE.length() ? line.substring(GROUP_LINE.length() + 1) : "";
  }

  /** The start of the chain of tracebacks that ends with the one at {@code header}. */
  private static int chainStart(List<String> lines, int header) {
    int start = header;
    while (true) {
      int separator = start - 1;
      while (separator >= 0 && lines.get(separator).isBlank()) {
        separator--;
      }
      if (separator < 0 || !CHAIN_SEPARATORS.contains(lines.get(separator))) {
        return start;
      }
      int previous = lastIndex(lines, separator, ErrorParser::isTracebackHeader);
      if (previous < 0) {
        return start;
      }
      start = previous;
    }
  }

  private static Optional<Report> pythonSyntaxError(List<String> lines) {
    int at = lastIndex(lines, lines.size(), line -> headline(PYTHON_SYNTAX_NAME, line).isPresent());
    if (at < 0) {
      return Optional.empty();
    }
    Headline error = headline(PYTHON_SYNTAX_NAME, lines.get(at)).orElseThrow();
    int start = at;
    for (int i = at - 1; i >= Math.max(0, at - 6); i--) {
      if (lines.get(i).startsWith("  File \"")) {
        start = i;
        break;
      }
    }
    return Optional.of(new Report(start, at + 1, error.name(), error.value()));
  }

  // Java

  private static Optional<Report> java(List<String> lines) {
    return latest(latest(threadDeath(lines), jvmExit(lines)), javacErrors(lines));
  }

  private static Optional<Report> threadDeath(List<String> lines) {
    int header = lastIndex(lines, lines.size(), line -> line.startsWith(THREAD_DEATH));
    if (header < 0) {
      return Optional.empty();
    }
    String line = lines.get(header);
    int close = line.indexOf("\" ", THREAD_DEATH.length());
    Optional<Headline> throwable = close < 0 ? Optional.empty() : headline(JAVA_NAME, line.substring(close + 2));
    if (throwable.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder value = new StringBuilder(throwable.get().value());
    // A message may span lines; they count only when stack frames follow them.
    List<String> pending = new ArrayList<>();
    boolean inMessage = true;
    int end = header + 1;
    for (int i = header + 1; i < lines.size(); i++) {
      String next = lines.get(i);
      if (next.startsWith("\t") || next.startsWith("Caused by: ")) {
        if (inMessage) {
          pending.forEach(l -> value.append('\n').append(l));
          inMessage = false;
        }
        end = i + 1;
      } else if (inMessage) {
        pending.add(next);
      }
    }
    return Optional.of(new Report(header, end, throwable.get().name(), value.toString()));
  }

  /** {@code -XX:+ExitOnOutOfMemoryError} and a failing uncaught-exception handler report in one line. */
  private static Optional<Report> jvmExit(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i);
      for (String exit : JVM_EXITS) {
        Optional<Headline> throwable =
            line.startsWith(exit) ? headline(JAVA_NAME, line.substring(exit.length())) : Optional.empty();
        if (throwable.isPresent()) {
          return Optional.of(new Report(i, i + 1, throwable.get().name(), throwable.get().value()));
        }
      }
      int handler = line.indexOf(HANDLER_FAILURE);
      if (line.startsWith("Exception: ") && handler > 0) {
        String name = line.substring("Exception: ".length(), handler);
        if (fullMatch(JAVA_NAME, name)) {
          return Optional.of(new Report(i, i + 1, name, ""));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Report> javacErrors(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      Optional<String> message = javacError(lines.get(i));
      if (message.isPresent()) {
        int end = lastIndex(lines, lines.size(), line -> fullMatch(JAVAC_END, line)) + 1;
        return Optional.of(new Report(i, end > i ? end : lines.size(), COMPILATION_ERROR, message.get()));
      }
    }
    return Optional.empty();
  }

  /** The message of a {@code Main.java:3: error: message} line. */
  private static Optional<String> javacError(String line) {
    int at = line.indexOf(JAVAC_ERROR);
    return at > 0 && fullMatch(JAVAC_FILE, line.substring(0, at))
        ? Optional.of(line.substring(at + JAVAC_ERROR.length()))
        : Optional.empty();
  }

  // JavaScript (Node)

  private static Optional<Report> javascript(List<String> lines) {
    int location = lastIndex(lines, lines.size(), ErrorParser::isNodeLocation);
    while (location >= 0 && !isNodeReportAt(lines, location)) {
      location = lastIndex(lines, location, ErrorParser::isNodeLocation);
    }
    Optional<Report> uncaught = location < 0 ? Optional.empty() : Optional.of(nodeUncaught(lines, location));
    return latest(uncaught, v8Fatal(lines));
  }

  private static boolean isNodeLocation(String line) {
    return !line.isEmpty() && Character.isDigit(line.charAt(line.length() - 1)) && fullMatch(NODE_LOCATION, line);
  }

  /**
   * Node's uncaught-exception report opens with the location, the source line and a caret line; the caret line is
   * blank when the error has no column (a module that ends too early), and then an Error must follow.
   */
  private static boolean isNodeReportAt(List<String> lines, int location) {
    if (location + 2 >= lines.size()) {
      return false;
    }
    String caret = lines.get(location + 2).strip();
    if (caret.equals("^")) {
      return true;
    }
    int next = location + 3;
    while (caret.isEmpty() && next < lines.size() && next < location + 6 && lines.get(next).isBlank()) {
      next++;
    }
    return caret.isEmpty() && next > location + 3 && next < lines.size() && nodeErrorLine(lines.get(next)).isPresent();
  }

  private static Report nodeUncaught(List<String> lines, int location) {
    int end = location + 3;
    while (end < lines.size() && !fullMatch(NODE_TRAILER, lines.get(end))) {
      end++;
    }
    int next = location + 3;
    while (next < end && next < location + 6 && lines.get(next).isBlank()) {
      next++;
    }
    // An Error is printed after a blank line, as "Name: message" and its stack; any other value right away.
    Optional<Headline> error = next > location + 3 && next < end ? nodeErrorLine(lines.get(next)) : Optional.empty();
    if (error.isPresent()) {
      StringBuilder value = new StringBuilder(error.get().value());
      for (int i = next + 1; i < end && !isNodeFrame(lines.get(i)); i++) {
        value.append('\n').append(lines.get(i));
      }
      return new Report(location, end, error.get().name(), value.toString());
    }
    StringBuilder value = new StringBuilder();
    for (int i = location + 3; i < end && !lines.get(i).startsWith(NODE_TRACE_HINT); i++) {
      value.append(lines.get(i)).append('\n');
    }
    return new Report(location, end, UNCAUGHT_VALUE, value.toString());
  }

  private static Optional<Headline> nodeErrorLine(String line) {
    // An Error without a stack prints as "[TypeError: message]".
    String text = line.startsWith("[") && line.endsWith("]") ? line.substring(1, line.length() - 1) : line;
    return headline(NODE_NAME, text);
  }

  private static boolean isNodeFrame(String line) {
    String text = line.stripLeading();
    return text.length() < line.length()
        && (text.startsWith("at ") || text.startsWith("... ") && text.contains(" matching"));
  }

  private static Optional<Report> v8Fatal(List<String> lines) {
    int at = lastIndex(lines, lines.size(), line -> line.startsWith(V8_FATAL));
    if (at < 0) {
      return Optional.empty();
    }
    String message = lines.get(at).substring(V8_FATAL.length());
    String name = message.contains("JavaScript heap out of memory") ? HEAP_OUT_OF_MEMORY : FATAL_ERROR;
    int start = at;
    for (int i = at - 1; i >= Math.max(0, at - 12); i--) {
      if (lines.get(i).equals(V8_GC_SUMMARY)) {
        start = i;
      }
    }
    return Optional.of(new Report(start, lines.size(), name, message));
  }

  // Bash

  private static Optional<Report> bash(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      Optional<String> message = bashMessage(lines.get(i));
      if (message.isEmpty()) {
        continue;
      }
      // After "syntax error near unexpected token", Bash echoes the offending source line as a second message.
      Optional<String> previous = i > 0 ? bashMessage(lines.get(i - 1)) : Optional.empty();
      if (message.get().startsWith("`") && previous.filter(p -> p.startsWith("syntax error")).isPresent()) {
        return Optional.of(new Report(i - 1, i + 1, BASH_ERROR, previous.get()));
      }
      String name = message.get().endsWith(": command not found") ? COMMAND_NOT_FOUND : BASH_ERROR;
      return Optional.of(new Report(i, i + 1, name, message.get()));
    }
    return Optional.empty();
  }

  /** The message of {@code main.sh: line 3: message}, or of {@code bash: message}. */
  private static Optional<String> bashMessage(String line) {
    int at = line.indexOf(BASH_LINE);
    if (at > 0 && at < MAX_NAME_CHARS && !Character.isWhitespace(line.charAt(0))
        && line.lastIndexOf(':', at - 1) < 0) {
      Matcher number = BASH_LINE_NUMBER.matcher(line);
      if (number.region(at + BASH_LINE.length(), line.length()).lookingAt()) {
        return Optional.of(line.substring(number.end())).filter(m -> !m.isBlank());
      }
    }
    for (String shell : BASH_SHELLS) {
      if (line.startsWith(shell) && line.length() > shell.length()) {
        return Optional.of(line.substring(shell.length()));
      }
    }
    return Optional.empty();
  }

  // Shared

  /**
   * Splits {@code Name: value} (or a bare {@code Name}) at the first {@code ": "}, when the name part matches
   * {@code names}, whose group 1 is the name itself.
   */
  private static Optional<Headline> headline(Pattern names, String line) {
    int colon = line.indexOf(": ");
    String head = colon < 0 ? line : line.substring(0, colon);
    if (head.length() > MAX_NAME_CHARS) {
      return Optional.empty();
    }
    Matcher name = names.matcher(head);
    return name.matches()
        ? Optional.of(new Headline(name.group(1), colon < 0 ? "" : line.substring(colon + 2)))
        : Optional.empty();
  }

  /** Whether all of {@code text} matches; text too long to be part of a report never does. */
  private static boolean fullMatch(Pattern pattern, String text) {
    return text.length() <= MAX_NAME_CHARS && pattern.matcher(text).matches();
  }

  /** The index of the last line before {@code before} that passes, or -1. */
  private static int lastIndex(List<String> lines, int before, Predicate<String> test) {
    for (int i = before - 1; i >= 0; i--) {
      if (test.test(lines.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<Report> latest(Optional<Report> one, Optional<Report> other) {
    if (one.isEmpty()) {
      return other;
    }
    if (other.isEmpty()) {
      return one;
    }
    return one.get().start() >= other.get().start() ? one : other;
  }
}
