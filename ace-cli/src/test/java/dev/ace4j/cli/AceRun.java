package dev.ace4j.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the {@code ace} command, with what it printed. */
record AceRun(int exitCode, String out, String err) {

  static AceRun of(String... args) {
    return withStdin("", args);
  }

  static AceRun withStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new AceRun(exitCode, out.toString(), err.toString());
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
