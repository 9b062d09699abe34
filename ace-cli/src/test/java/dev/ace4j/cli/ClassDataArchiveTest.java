package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code ace} launcher's class-data archive, with the real launcher and JVM: made on the first run, mapped by the
 * next, made anew for a rebuilt jar, and never the reason a command fails.
 */
class ClassDataArchiveTest {
  /**
   * A runnable jar like ace-cli.jar: ace-cli's classes, and a manifest naming the rest of the test's class path by
   * absolute paths (file: URLs Java 17 takes for missing files when it archives), its folders packed into jars (it
   * archives no class loaded from a folder).
   */
  @TempDir static Path build;
  private static Path jar;

  @TempDir Path root;
  private Path target;

  @BeforeAll
  static void buildTheJar() throws IOException, URISyntaxException {
    Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (path.equals(classes)) {
        continue;
      }
      if (Files.isDirectory(path)) {
        path = jarOf(path, build.resolve("folder-" + classPath.size() + ".jar"), new Manifest());
      }
      classPath.add(path.toUri().getRawPath());
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
    jar = jarOf(classes, build.resolve("ace-cli.jar"), manifest);
  }

  @BeforeEach
  void launcherBesideTheJar() throws IOException {
    Files.copy(Path.of("..", "ace"), root.resolve("ace"));
    target = Files.createDirectories(root.resolve("ace-cli/target"));
    Files.copy(jar, target.resolve("ace-cli.jar"), StandardCopyOption.COPY_ATTRIBUTES);
  }

  @Test
  void theFirstRunMakesTheArchiveAndTheNextMapsIt() throws IOException, InterruptedException {
    assertPrintsTheVersion(ace(Map.of(), "--version"));
    assertThat(archives()).singleElement().asString().matches(".*/ace-cli-\\d+-\\d+\\.jsa");

    Path log = root.resolve("classes.log");
    ace(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), "--version");
    assertThat(Files.readAllLines(log)).anyMatch(line -> line.contains(" dev.ace4j.cli.Main source: shared objects"));
  }

  @Test
  void aRebuiltJarGetsAFreshArchive() throws IOException, InterruptedException {
    ace(Map.of(), "--version");
    List<Path> first = archives();
    Path jarInTarget = target.resolve("ace-cli.jar");
    Files.setLastModifiedTime(jarInTarget,
        FileTime.fromMillis(Files.getLastModifiedTime(jarInTarget).toMillis() + 10_000));

    assertPrintsTheVersion(ace(Map.of(), "--version"));
    assertThat(archives()).hasSize(1).doesNotContainAnyElementsOf(first);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"garbage", "empty"})
  void aCorruptArchiveDoesNotBreakTheCommand(String content) throws IOException, InterruptedException {
    ace(Map.of(), "--version");
    Path archive = archives().get(0);
    Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(archive, content.equals("empty") ? "" : "not a class-data archive\n".repeat(1000));

    assertPrintsTheVersion(ace(Map.of(), "--version"));
  }

  @Test
  void whenTheArchiveCannotBeMadeTheCommandRunsWithoutItAndItIsNotTriedAgainUntilTheNextBuild()
      throws IOException, InterruptedException {
    Path attempts = root.resolve("attempts");
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.writeString(bin.resolve("java"), """
        #!/bin/sh
        case "$*" in *ArchiveClassesAtExit*) echo tried >> %s; exit 1 ;; esac
        exec %s "$@"
        """.formatted(attempts, Path.of(System.getProperty("java.home"), "bin", "java")));
    Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> path = Map.of("PATH", bin + File.pathSeparator + System.getenv("PATH"));

    assertPrintsTheVersion(ace(path, "--version"));
    assertPrintsTheVersion(ace(path, "--version"));
    assertThat(archives()).isEmpty();
    assertThat(Files.readAllLines(attempts)).hasSize(1);
  }

  @Test
  void twoFirstRunsAtOnceBothSucceedAndLeaveOneWholeArchive() throws IOException, InterruptedException {
    Process one = start(Map.of(), "--version");
    Process two = start(Map.of(), "--version");

    assertPrintsTheVersion(finish(one));
    assertPrintsTheVersion(finish(two));
    assertThat(archives()).hasSize(1);
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".tmp"));
    }
  }

  private record Run(int exitCode, String out, String err) {}

  private static void assertPrintsTheVersion(Run run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("ace ");
    assertThat(run.err()).isEmpty();
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
    }
  }

  private Run ace(Map<String, String> environment, String... args) throws IOException, InterruptedException {
    return finish(start(environment, args));
  }

  private Process start(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("ace").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> variables = new HashMap<>(builder.environment());
    variables.remove("JAVA_TOOL_OPTIONS");
    variables.putAll(environment);
    builder.environment().clear();
    builder.environment().putAll(variables);
    return builder.start();
  }

  private static Run finish(Process process) throws IOException, InterruptedException {
    // The first run trains the archive, a sandbox exec included: seconds, not minutes.
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.exitValue(), out, err);
  }

  private static Path jarOf(Path folder, Path jar, Manifest manifest) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.walk(folder)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(folder.relativize(path).toString().replace(File.separatorChar, '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
