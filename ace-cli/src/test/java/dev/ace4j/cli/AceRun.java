package dev.ace4j.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the {@code ace} command, with what it printed. */
record AceRun(int exitCode, String out, String err) {

  static AceRun of(String... args) {
    return run("", Map.of(), args);
  }

  static AceRun withStdin(String stdin, String... args) {
    return run(stdin, Map.of(), args);
  }

  /** A run that reads {@code stdin} and sees {@code environment}. */
  static AceRun withStdin(String stdin, Map<String, String> environment, String... args) {
    return run(stdin, environment, args);
  }

  /** A run that sees {@code environment} instead of the process's own (empty for the other runs). */
  static AceRun withEnvironment(Map<String, String> environment, String... args) {
    return run("", environment, args);
  }

  private static AceRun run(String stdin, Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // The tree the real command builds for these arguments: only the command they name.
    CommandLine commandLine = Main.commandLine(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), environment, args);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new AceRun(exitCode, out.toString(), err.toString());
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
