package dev.ace4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sandbox leaves on the host: nothing when it is closed under a running program (as on Ctrl-C), and what a
 * process killed with SIGKILL left is removed by the next start, but only that: never a live process's.
 */
class LeftoversTest {
  @TempDir Path stateDir;

  @Test
  void closingTheSandboxUnderARunningProgramEndsItAndRemovesItsRunFolder() throws Exception {
    BubblewrapSandbox sandbox = BubblewrapSandbox.create(SandboxSettings.defaults().withStateDir(stateDir));
    CompletableFuture<Execution> run = CompletableFuture.supplyAsync(() -> sandbox.execute(
        ExecutionRequest.snippet(Language.PYTHON, "import time\ntime.sleep(60)\n")
            .limits(Limits.defaults().withWall(Duration.ofSeconds(90))).build()));
    waitFor(() -> !runFolders().isEmpty(), "the run to be staged");
    Thread.sleep(500); // into its sleep

    long start = System.nanoTime();
    sandbox.close();

    // As on Ctrl-C, the JVM may halt as soon as close returns: by then the run folder must be gone.
    assertThat(runFolders()).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close waits for the run, not for its sleep")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(run.get(10, TimeUnit.SECONDS).status()).isNotEqualTo(Status.OK);
  }

  @Test
  void theNextStartRemovesTheRunFoldersOfAProcessThatIsGoneAndNothingElse() throws Exception {
    long gone = finishedPid();
    long self = ProcessHandle.current().pid();
    Files.createDirectories(stateDir.resolve("run-" + gone + "-123/in"));
    Files.writeString(stateDir.resolve("run-" + gone + "-123/in/0"), "print('left behind')");
    Files.createDirectories(stateDir.resolve("run-" + self + "-456"));
    Files.createDirectories(stateDir.resolve("run-4711"));
    Files.createDirectories(stateDir.resolve("notes-" + gone + "-1"));

    BubblewrapSandbox.create(SandboxSettings.defaults().withStateDir(stateDir)).close();

    assertThat(stateDir.resolve("run-" + gone + "-123")).doesNotExist();
    assertThat(stateDir.resolve("run-" + self + "-456")).as("a live process's").isDirectory();
    assertThat(stateDir.resolve("run-4711")).as("not named as ours").isDirectory();
    assertThat(stateDir.resolve("notes-" + gone + "-1")).isDirectory();
  }

  @Test
  void theNextStartKillsAndRemovesTheControlGroupsOfAProcessThatIsGone() throws Exception {
    long gone = finishedPid();
    ControlGroups orphan = ControlGroups.detect("ace4j-" + gone + "-1");
    assumeTrue(orphan.mode() != ControlGroups.Mode.NONE, "this host gives ace no control groups");
    ControlGroups live = ControlGroups.detect("ace4j-" + ProcessHandle.current().pid() + "-999");
    Process survivor = new ProcessBuilder("sleep", "60").start();
    Process liveMember = new ProcessBuilder("sleep", "60").start();
    try {
      List<Path> orphanProcs = orphan.forSlot(0).orElseThrow().procsFiles();
      List<Path> liveProcs = live.forSlot(0).orElseThrow().procsFiles();
      for (Path procs : orphanProcs) {
        Files.writeString(procs, Long.toString(survivor.pid()));
      }
      for (Path procs : liveProcs) {
        Files.writeString(procs, Long.toString(liveMember.pid()));
      }

      ControlGroups next = ControlGroups.detect("ace4j-" + ProcessHandle.current().pid() + "-1000");
      next.close();

      assertThat(survivor.waitFor(5, TimeUnit.SECONDS)).as("the orphan's process is killed").isTrue();
      for (Path procs : orphanProcs) {
        assertThat(procs.getParent()).as("slot group").doesNotExist();
        assertThat(procs.getParent().getParent()).as("parent group").doesNotExist();
      }
      assertThat(liveMember.isAlive()).as("a live process's group is left alone").isTrue();
      assertThat(liveProcs).allSatisfy(procs -> assertThat(procs).exists());
    } finally {
      survivor.destroyForcibly();
      live.close();
      liveMember.destroyForcibly();
      orphan.close();
    }
  }

  private List<Path> runFolders() {
    try (Stream<Path> entries = Files.list(stateDir)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("run-")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The pid of a process that has ended (the kernel hands pids out in rising order, so it is not reused soon). */
  private static long finishedPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    assertThat(Optional.of(process.pid()).map(Host::running)).contains(false);
    return process.pid();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
