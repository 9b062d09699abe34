package dev.ace4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.coder.history.Filter;
import dev.ace4j.coder.history.History;
import dev.ace4j.coder.history.Session;
import dev.ace4j.coder.history.TaskRow;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bench stopped for real, in a JVM of its own, by the signals a user or a CI runner sends: Ctrl-C (SIGINT), then
 * SIGTERM on its resumption; then resumed to the end. No task is lost or repeated and nothing is left on the host.
 */
class InterruptTest {
  private static final Pattern HOW_TO_CONTINUE =
      Pattern.compile("ace: interrupted; continue with `ace bench --resume ([0-9a-f]{8})`");

  @TempDir Path dir;

  @Test
  void aBenchStoppedBySigintThenSigtermResumesByIdWithNoTaskLostOrRepeatedAndLeavesNothingBehind()
      throws Exception {
    Path home = dir.resolve("home");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));

    // While it runs, a second ace tries to resume the same session, as from another terminal.
    AtomicReference<AceRun> concurrentResume = new AtomicReference<>();
    Stopped first = runUntilThenSignal(home, tmp, "INT", (out, err) -> err.lines()
        .filter(line -> line.matches("\\[\\d+/\\d+\\] ✓ .*")).count() >= 2,
        pid -> concurrentResume.set(AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench",
            "--resume")),
        "bench", "--model", "reference", "--runs", "2", "--parallel", "2");

    assertThat(concurrentResume.get().exitCode()).isEqualTo(2);
    assertThat(concurrentResume.get().errLines()).singleElement().asString()
        .contains("is running now (pid " + first.pid + ")");
    assertThat(first.exitCode).as(first.err).isEqualTo(130);
    Matcher hint = HOW_TO_CONTINUE.matcher(first.err);
    assertThat(hint.find()).as(first.err).isTrue();
    String shortId = hint.group(1);
    assertThat(first.err).as("no error caused by closing things under the command")
        .doesNotContain("internal error").doesNotContain("Exception");
    assertNothingLeftBy(first.pid, tmp);
    int finishedBeforeSigint = finishedTasks(home, shortId).size();
    assertThat(finishedBeforeSigint).isBetween(2, 15);

    Stopped second = runUntilTasksFinishThenSignal(home, tmp, "TERM", 1, "bench", "--resume", shortId);

    assertThat(second.exitCode).as(second.err).isEqualTo(143);
    assertThat(second.err).contains("resuming bench session " + shortId)
        .contains("ace: interrupted; continue with `ace bench --resume " + shortId + "`");
    assertNothingLeftBy(second.pid, tmp);
    assertThat(finishedTasks(home, shortId).size()).isGreaterThan(finishedBeforeSigint);

    AceRun last = AceRun.withEnvironment(Map.of("ACE4J_HOME", home.toString()), "bench", "--resume", shortId);

    assertThat(last.exitCode()).as(last.err()).isZero();
    try (History history = History.open(home.resolve("ace.db"))) {
      Session session = history.session(shortId);
      assertThat(session.complete()).isTrue();
      List<TaskRow> rows = history.tasks(Filter.session(session.sessionId()));
      assertThat(rows).as("8 tasks × 2 runs, each once").hasSize(16).allMatch(TaskRow::success);
      for (var run : session.runs()) {
        assertThat(rows.stream().filter(r -> r.runId() == run.runId()).map(TaskRow::taskId).distinct()).hasSize(8);
      }
    }
  }

  @Test
  void aSandboxRunStoppedBySigintIsKilledAndLeavesNothingBehind() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp-exec"));

    // Its output comes back when it ends: that the run is under way shows as its run folder in the state folder.
    Stopped stopped = runUntilThenSignal(dir.resolve("home"), tmp, "INT", (out, err) -> hasRunFolder(tmp),
        "sandbox", "exec", "--lang", "python", "--code", "import time\ntime.sleep(60)", "--timeout", "90s");

    assertThat(stopped.exitCode).as(stopped.err).isEqualTo(130);
    assertThat(stopped.err).contains("ace: interrupted; the program was stopped").doesNotContain("internal error");
    assertNothingLeftBy(stopped.pid, tmp);
  }

  private static boolean hasRunFolder(Path tmp) {
    try (Stream<Path> state = Files.walk(tmp, 2)) {
      return state.anyMatch(p -> p.getFileName().toString().startsWith("run-"));
    } catch (IOException e) {
      return false; // the state folder is being created
    }
  }

  private record Stopped(long pid, int exitCode, String err) {}

  /** Starts {@code ace ARGS} in a JVM, waits until {@code tasks} more tasks finished, then sends it {@code signal}. */
  private Stopped runUntilTasksFinishThenSignal(Path home, Path tmp, String signal, int tasks, String... args)
      throws IOException, InterruptedException {
    return runUntilThenSignal(home, tmp, signal, (out, err) -> err.lines()
        .filter(line -> line.matches("\\[\\d+/\\d+\\] ✓ .*")).count() >= tasks, pid -> { }, args);
  }

  /** Starts {@code ace ARGS} in a JVM, waits until its stdout and stderr show {@code ready}, then signals it. */
  private Stopped runUntilThenSignal(Path home, Path tmp, String signal, BiPredicate<String, String> ready,
      String... args) throws IOException, InterruptedException {
    return runUntilThenSignal(home, tmp, signal, ready, pid -> { }, args);
  }

  /** As above, calling {@code whileRunning} with the process's pid once it is ready, before the signal. */
  private Stopped runUntilThenSignal(Path home, Path tmp, String signal, BiPredicate<String, String> ready,
      LongConsumer whileRunning, String... args) throws IOException, InterruptedException {
    Path err = Files.createTempFile(dir, "err", ".txt");
    Path out = Files.createTempFile(dir, "out", ".txt");
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().put("ACE4J_HOME", home.toString());
    Process process = builder.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!ready.test(Files.readString(out), Files.readString(err))) {
        assertThat(process.isAlive()).as("still running: " + Files.readString(err)).isTrue();
        assertThat(System.nanoTime()).as("waiting to signal " + List.of(args)).isLessThan(deadline);
        Thread.sleep(20);
      }
      whileRunning.accept(process.pid());
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended after SIG" + signal).isTrue();
      return new Stopped(process.pid(), process.exitValue(), Files.readString(err));
    } finally {
      process.destroyForcibly();
    }
  }

  /** No run folder in the sandbox's state folder, and no control group named after the process. */
  private static void assertNothingLeftBy(long pid, Path tmp) throws IOException {
    try (Stream<Path> state = Files.walk(tmp, 2)) {
      assertThat(state.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("run-"));
    }
    Path cgroups = Path.of("/sys/fs/cgroup");
    if (Files.isDirectory(cgroups)) {
      try (Stream<Path> groups = Files.walk(cgroups, 5)) {
        assertThat(groups.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.startsWith("ace4j-" + pid + "-"));
      }
    }
  }

  private static List<String> finishedTasks(Path home, String sessionId) {
    try (History history = History.open(home.resolve("ace.db"))) {
      List<TaskRow> rows = history.tasks(Filter.session(history.session(sessionId).sessionId()));
      List<String> keys = rows.stream().map(r -> r.runId() + "/" + r.taskId()).toList();
      assertThat(keys).as("no task finished twice").doesNotHaveDuplicates();
      return keys;
    }
  }
}
