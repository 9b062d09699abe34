package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit 3, through {@link Main#main} in a JVM of its own, as the {@code ace} script runs it: ace itself failed. The
 * failure is a bubblewrap that cannot set up a sandbox (as on a kernel that forbids user namespaces to ace's
 * user): found on PATH, it exits 1 at every run, before any program starts.
 */
class InternalFailureTest {
  private static final String NO_NAMESPACE =
      "bwrap: No permissions to create a new namespace, likely because the kernel does not allow non-privileged "
          + "user namespaces.";

  @TempDir Path dir;
  private Path bin;

  @BeforeEach
  void aBubblewrapThatCannotSetUpASandbox() throws IOException {
    // As root, ace starts bubblewrap as the sandbox slot's unprivileged user, which must reach it.
    Set<PosixFilePermission> everyoneRuns = PosixFilePermissions.fromString("rwxr-xr-x");
    Files.setPosixFilePermissions(dir, everyoneRuns);
    bin = Files.createDirectories(dir.resolve("bin"), PosixFilePermissions.asFileAttribute(everyoneRuns));
    Path bwrap = Files.writeString(bin.resolve("bwrap"), "#!/bin/sh\necho '" + NO_NAMESPACE + "' >&2\nexit 1\n");
    Files.setPosixFilePermissions(bwrap, everyoneRuns);
  }

  @Test
  void solveExitsThreeWithOneLineWhenTheSandboxFails() throws IOException, InterruptedException {
    Path tests = Files.writeString(dir.resolve("test_f.py"),
        "from solution import f\n\ndef test_f():\n    assert f() == 1\n");

    Ended run = ace("solve", "Write f() returning 1.", "--tests", tests.toString(), "--model",
        "openai:gpt-4o-mini");

    assertThat(run.exitCode).as(run.err).isEqualTo(3);
    assertThat(run.err.lines()).singleElement().asString().isEqualTo("ace: internal error: "
        + "java.lang.IllegalStateException: the sandbox could not check --tests " + tests + ": " + NO_NAMESPACE
        + " (rerun with --verbose for the stack trace)");
    assertThat(run.out).isEmpty();
  }

  @Test
  void sandboxExecExitsThreeWhenTheSandboxFails() throws IOException, InterruptedException {
    Ended run = ace("sandbox", "exec", "--lang", "bash", "--code", "echo hi");

    assertThat(run.exitCode).as(run.err).isEqualTo(3);
    assertThat(run.err.lines()).last().asString()
        .matches("ace: sandbox_failure, no exit code, \\d+ ms \\(\\Q" + NO_NAMESPACE + "\\E\\)");
    assertThat(run.out).doesNotContain("hi");
  }

  private record Ended(int exitCode, String out, String err) {}

  /** Runs {@code ace ARGS} with only the bubblewrap above on PATH and a model key that is never used. */
  private Ended ace(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile());
    builder.environment().putAll(Map.of("PATH", bin.toString(), "ACE4J_HOME", dir.resolve("home").toString(),
        "OPENAI_API_KEY", "sk-never-sent"));
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
    } finally {
      process.destroyForcibly();
    }
    return new Ended(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
  }
}
