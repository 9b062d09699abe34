package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ace4j.sandbox.OutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ace sandbox exec --output-dir}: the files copied out land in the folder, the folder is checked before the
 * run, and no name the sandboxed program chose can put a file outside it.
 */
class OutputDirTest {
  private static final String MAKES_FILES = "mkdir -p out/sub && printf hi > out/sub/a.txt && printf top > top.txt";

  @TempDir Path dir;

  @Test
  void writesEachCopiedOutFileAtItsWorkDirectoryPathInAFolderItCreates() throws IOException {
    Path folder = dir.resolve("new/results");

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", MAKES_FILES, "--output", "out",
        "--output", "top.txt", "--output-dir", folder.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(folder.resolve("out/sub/a.txt")).hasContent("hi");
    assertThat(folder.resolve("top.txt")).hasContent("top");
    assertThat(run.errLines()).last().asString()
        .isEqualTo("ace: copied out out/sub/a.txt (2 bytes), top.txt (3 bytes); written into " + folder);
  }

  @Test
  void writesTheFilesUnderJsonTooAndReplacesFilesOfTheSameName() throws IOException {
    Files.writeString(dir.resolve("top.txt"), "an older top");

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", MAKES_FILES, "--output", "top.txt",
        "--output-dir", dir.toString(), "--json");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(new ObjectMapper().readTree(run.out()).get("files").get(0).get("path").asText()).isEqualTo("top.txt");
    assertThat(dir.resolve("top.txt")).hasContent("top");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void refusesAFileAsTheFolderBeforeRunning() throws IOException {
    Path file = Files.writeString(dir.resolve("results"), "a file");

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", MAKES_FILES, "--output", "top.txt",
        "--output-dir", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).as("one line, and no run summary: nothing ran").singleElement().asString()
        .isEqualTo("ace: --output-dir " + file + ": not a folder: give a folder for the files (it is created when "
            + "missing)");
    assertThat(file).hasContent("a file");
  }

  @Test
  void refusesAFolderThatCannotBeCreatedBeforeRunning() throws IOException {
    Path file = Files.writeString(dir.resolve("results"), "a file");
    Path under = file.resolve("sub");

    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", MAKES_FILES, "--output", "top.txt",
        "--output-dir", under.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("ace: --output-dir " + under + ": " + file + " is not a folder");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void refusesAnOutputDirWithoutAnyOutputToWrite() {
    AceRun run = AceRun.of("sandbox", "exec", "--lang", "bash", "--code", MAKES_FILES, "--output-dir",
        dir.resolve("results").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString()
        .isEqualTo("ace: --output-dir " + dir.resolve("results") + ": no --output given: name the files to copy "
            + "out with --output PATH");
    assertThat(dir.resolve("results")).doesNotExist();
  }

  @Test
  void writesNoFileWhoseNameLeadsOutOfTheFolderAndWarnsAboutEach() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("results"));
    StringWriter err = new StringWriter();

    List<Path> written = OutputFolder.checked(folder).write(List.of(
        file("../escaped.txt"), file("a/../../escaped.txt"), file(dir.resolve("absolute.txt").toString()),
        file("in\u001b]0;title\u0007.txt"), file("kept.txt")), new PrintWriter(err, true));

    assertThat(written).containsExactly(Path.of("kept.txt"));
    assertThat(filesUnder(dir)).containsExactly(folder.resolve("kept.txt"));
    String inside = "' not written: its name is not a plain path inside " + folder;
    assertThat(err.toString().lines()).containsExactly(
        "ace: warning: output '../escaped.txt" + inside,
        "ace: warning: output 'a/../../escaped.txt" + inside,
        "ace: warning: output '" + dir.resolve("absolute.txt") + inside,
        "ace: warning: output 'in\\x1b]0;title\\x07.txt" + inside);
  }

  @Test
  void followsNoSymbolicLinkInTheFolder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("results"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path precious = Files.writeString(elsewhere.resolve("precious.txt"), "keep me");
    Files.createSymbolicLink(folder.resolve("linked"), elsewhere);
    Files.createSymbolicLink(folder.resolve("note.txt"), precious);
    StringWriter err = new StringWriter();

    List<Path> written = OutputFolder.checked(folder).write(
        List.of(file("linked/new.txt"), file("note.txt")), new PrintWriter(err, true));

    assertThat(written).isEmpty();
    assertThat(precious).hasContent("keep me");
    assertThat(elsewhere.resolve("new.txt")).doesNotExist();
    assertThat(err.toString().lines()).hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("not written: it would pass through a symbolic link"));
  }

  private static OutputFile file(String path) {
    return new OutputFile(path, "x".getBytes(StandardCharsets.UTF_8));
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
