package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a run of {@code ace} builds and loads: only the command it names, and no library that its path does not use
 * (the JVM's own class-loading log of a real run is the witness).
 */
class StartupClassesTest {
  private static final List<String> HEAVY = List.of("com.fasterxml.jackson.", "io.opentelemetry.sdk.",
      "dev.langchain4j.");

  @TempDir Path dir;

  @Test
  void aRunBuildsOnlyTheCommandItNames() {
    String[] args = {"--verbose", "sandbox", "exec", "--lang", "python", "--code", "pass"};

    assertThat(Main.commandLine(InputStream.nullInputStream(), Map.of(), args).getSubcommands())
        .containsOnlyKeys("sandbox");
  }

  @Test
  void theVersionBuildsNoCommand() {
    assertThat(Main.commandLine(InputStream.nullInputStream(), Map.of(), new String[] {"--version"})
        .getSubcommands()).isEmpty();
  }

  @ParameterizedTest(name = "ace {0}")
  @ValueSource(strings = {"--help", "help sandbox", "completion fish", "bnch", "--version --help"})
  void helpCompletionAndAMistypedCommandBuildEveryCommand(String args) {
    assertThat(Main.commandLine(InputStream.nullInputStream(), Map.of(), args.split(" ")).getSubcommands())
        .containsOnlyKeys(AceCommand.COMMANDS);
  }

  @ParameterizedTest(name = "ace {0}")
  @ValueSource(strings = {"--version", "--help", "sandbox exec --lang python --code pass"})
  void loadsNeitherJacksonNorTheOpenTelemetrySdkNorLangChain4j(String args)
      throws IOException, InterruptedException {
    List<String> loaded = classesLoadedBy(args.split(" "));

    assertThat(loaded).contains(Main.class.getName());
    // The context API loads any storage provider on the class path: the SDK's testing one is on the tests' only.
    assertThat(loaded).filteredOn(name -> !name.startsWith("io.opentelemetry.sdk.testing."))
        .noneMatch(name -> HEAVY.stream().anyMatch(name::startsWith));
  }

  @Test
  void jsonOutputLoadsJackson() throws IOException, InterruptedException {
    List<String> loaded = classesLoadedBy("sandbox", "exec", "--lang", "python", "--code", "pass", "--json");

    assertThat(loaded).anyMatch(name -> name.startsWith("com.fasterxml.jackson."));
  }

  /** The classes a JVM of its own loads running {@code ace args}, from {@code -Xlog:class+load}. */
  private List<String> classesLoadedBy(String... args) throws IOException, InterruptedException {
    Path log = dir.resolve("classes.log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("ace " + String.join(" ", args)).isZero();
    // A line: [0.058s][info][class,load] java.lang.Object source: shared objects file
    return Files.readAllLines(log).stream().filter(line -> line.contains(" source: "))
        .map(line -> line.split(" ")[1]).toList();
  }
}
