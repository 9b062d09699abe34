package dev.ace4j.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import picocli.CommandLine;

/**
 * The training run of the {@code ace} launcher's class-data archive: the launcher starts it once per build with
 * {@code -XX:ArchiveClassesAtExit}, and the classes it loads are then mapped, already parsed and verified, by every
 * later {@code ace}. It runs the short commands in one JVM, their output discarded: {@code --version},
 * {@code --help} and a {@code sandbox exec} of {@code pass} in Python, plain and with {@code --json}. A command that
 * fails here (no bubblewrap on this host) still leaves its classes in the archive.
 */
final class ClassDataTraining {
  private static final List<List<String>> RUNS = List.of(
      List.of("--version"),
      List.of("--help"),
      List.of("sandbox", "exec", "--lang", "python", "--code", "pass"),
      List.of("sandbox", "exec", "--lang", "python", "--code", "pass", "--json"));

  private ClassDataTraining() {}

  public static void main(String[] args) {
    for (List<String> run : RUNS) {
      String[] words = run.toArray(String[]::new);
      CommandLine commandLine = Main.commandLine(InputStream.nullInputStream(), System.getenv(), words);
      commandLine.setOut(new PrintWriter(Writer.nullWriter()));
      commandLine.setErr(new PrintWriter(Writer.nullWriter()));
      commandLine.execute(words);
    }
  }
}
