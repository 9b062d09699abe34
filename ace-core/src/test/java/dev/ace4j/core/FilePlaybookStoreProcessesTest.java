package dev.ace4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The file store against real processes: killed at chosen points of a commit, killed anywhere, and racing. */
class FilePlaybookStoreProcessesTest {
  private static final int ROUNDS = 6;

  @TempDir Path folder;

  /**
   * The child halts inside the commit of version 8 (a snapshot version, with snapshots every 8) once the log line
   * (and, at SNAPSHOT_WRITTEN, snapshot 8) is on disk, and is killed there with the playbook file still at
   * version 7. Opening must replay the line and write version 8 where it belongs.
   */
  @ParameterizedTest
  @EnumSource(FilePlaybookStore.CommitStep.class)
  void aWriterKilledBetweenTheLogAppendAndTheRenameIsReplayedOnOpen(FilePlaybookStore.CommitStep step)
      throws Exception {
    Path file = folder.resolve("playbook.json");
    Path snapshot8 = folder.resolve("playbook.json.versions").resolve("0000000008.json");
    Child child = Child.start("halt", file.toString(), step.name(), "8");
    try (child) {
      child.awaitLine("halted " + step);
    }
    child.drained.await(10, TimeUnit.SECONDS);

    assertThat(child.committed.get()).as("versions the child acknowledged").isEqualTo(7);
    assertThat(PlaybookJson.read(file).version()).as("the playbook file the kill left").isEqualTo(7);
    List<String> logLines = Files.readAllLines(folder.resolve("playbook.json.log"));
    assertThat(logLines).as("log lines the kill left").hasSize(8);
    assertThat(logLines.get(7)).contains("bullet 8");
    assertThat(Files.exists(snapshot8)).as("snapshot 8 before recovery")
        .isEqualTo(step == FilePlaybookStore.CommitStep.SNAPSHOT_WRITTEN);

    try (FilePlaybookStore store = FilePlaybookStore.open(file, Clock.systemUTC(), 8)) {
      assertThat(store.current().version()).isEqualTo(8);
      assertThat(store.current().active()).extracting(Bullet::content)
          .containsExactly("bullet 1", "bullet 2", "bullet 3", "bullet 4", "bullet 5", "bullet 6", "bullet 7",
              "bullet 8");
      assertThat(PlaybookJson.read(file).version()).as("the playbook file after recovery").isEqualTo(8);
      assertThat(PlaybookJson.read(snapshot8).active()).hasSize(8);
      assertThat(store.history()).extracting(PlaybookStore.Version::version).isEqualTo(versions(1, 8));
      assertThat(store.at(4).active()).hasSize(4);
      assertThat(store.apply(DeltaBatch.of(Operation.Add.of("Testing", "bullet 9"))).version()).isEqualTo(9);
    }
  }

  @Test
  void loadsEveryAcknowledgedVersionAfterEachKillOfAWriterProcessMidStream() throws Exception {
    Path file = folder.resolve("playbook.json");
    Path logFile = folder.resolve("playbook.json.log");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int tornLogs = 0;
    int replayedSnapshots = 0;
    long lastLoaded = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String context = "round " + round + ", seed " + seed;
      long before = lastLoaded;
      Child child = Child.start("churn", file.toString());
      try (child) {
        child.awaitReady();
        // Killed only once it has committed in this round: the kill lands in a stream of writes, not before them.
        child.awaitCommitted(before + 1 + random.nextInt(20));
      }
      child.drained.await(10, TimeUnit.SECONDS);

      String log = Files.readString(logFile, StandardCharsets.ISO_8859_1);
      boolean torn = !log.endsWith("\n");
      long onDisk = PlaybookJson.read(file).version();
      try (FilePlaybookStore store = FilePlaybookStore.open(file, Clock.systemUTC(), 8)) {
        Playbook loaded = store.current();
        assertThat(loaded.version()).as(context).isGreaterThanOrEqualTo(child.committed.get())
            .isGreaterThan(before);
        assertThat(store.history()).extracting(PlaybookStore.Version::version).as(context)
            .isEqualTo(versions(1, loaded.version()));
        assertThat(store.at(loaded.version() / 2).version()).isEqualTo(loaded.version() / 2);
        String recovered = Files.readString(logFile, StandardCharsets.ISO_8859_1);
        assertThat(recovered).as(context).endsWith("\n");
        if (torn) {
          assertThat(recovered.length()).as(context + ": the torn line is cut off").isLessThan(log.length());
          tornLogs++;
        }
        if (loaded.version() > onDisk) {
          assertThat(PlaybookJson.read(file).version()).as(context + ": the replayed version is written")
              .isEqualTo(loaded.version());
          replayedSnapshots++;
        }
        lastLoaded = loaded.version();
      }
    }
    System.out.printf("crash test: %d kills mid-stream, %d torn log lines cut, %d versions replayed from the log, "
        + "final version %d (seed %d)%n", ROUNDS, tornLogs, replayedSnapshots, lastLoaded, seed);
  }

  /**
   * Each writer adds its i-th bullet only once the other's (i-1)-th is in, so each round both race for the lock
   * and the rounds cannot run one writer's batches in a block: the history must interleave round by round.
   */
  @Test
  void twoProcessesApplyingBatchesToOnePlaybookInterleaveAndLoseNothing() throws Exception {
    Path file = folder.resolve("shared.json");
    int n = 30;
    FilePlaybookStore.open(file).close();
    try (Child child = Child.start("adds", file.toString(), "child", Integer.toString(n), "parent");
        FilePlaybookStore store = FilePlaybookStore.open(file, Clock.systemUTC(), 8)) {
      child.awaitReady();
      PlaybookWriterMain.adds(store, "parent", n, "child");
      assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.process.exitValue()).isZero();
      assertThat(child.lines).contains("done");

      Playbook last = store.current();
      assertThat(last.version()).isEqualTo(2L * n);
      List<PlaybookStore.Version> history = store.history();
      assertThat(history).extracting(PlaybookStore.Version::version).isEqualTo(versions(1, 2L * n));
      for (int i = 0; i < n; i++) {
        assertThat(List.of(added(history.get(2 * i)), added(history.get(2 * i + 1)))).as("versions %d and %d",
            2 * i + 1, 2 * i + 2).containsExactlyInAnyOrder("parent-" + i, "child-" + i);
      }
      assertThat(last.active()).hasSize(2 * n);
    }
    try (FilePlaybookStore reopened = FilePlaybookStore.open(file)) {
      assertThat(reopened.current().active()).hasSize(2 * n);
      assertThat(reopened.history()).hasSize(2 * n);
    }
  }

  private static String added(PlaybookStore.Version version) {
    return ((Operation.Add) version.batch().operations().get(0)).content();
  }

  private static List<Long> versions(long from, long to) {
    List<Long> versions = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      versions.add(v);
    }
    return versions;
  }

  /** A child JVM running {@link PlaybookWriterMain}, its output read on a thread; closing kills it. */
  private static final class Child implements AutoCloseable {
    final Process process;
    final AtomicLong committed = new AtomicLong();
    final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch ready = new CountDownLatch(1);
    final CountDownLatch drained = new CountDownLatch(1);

    private Child(Process process) {
      this.process = process;
      Thread reader = new Thread(this::read, "child-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(String... args) throws IOException {
      // A short-lived child: the first compiler tier and the serial collector start it with the least CPU.
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          PlaybookWriterMain.class.getName()));
      command.addAll(List.of(args));
      return new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Kills the child if a failed assertion left it running (a halted child waits forever). */
    @Override
    public void close() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void awaitReady() throws InterruptedException {
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("child printed ready").isTrue();
    }

    void awaitLine(String expected) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!lines.contains(expected)) {
        assertThat(System.nanoTime()).as("child printed %s; it printed %s", expected, lines).isLessThan(end);
        assertThat(drained.getCount()).as("child printed %s before it ended; it printed %s", expected, lines)
            .isOne();
        Thread.sleep(5);
      }
    }

    void awaitCommitted(long version) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (committed.get() < version) {
        assertThat(System.nanoTime()).as("child committed version %d", version).isLessThan(end);
        Thread.sleep(1);
      }
    }

    private void read() {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line);
          if (line.equals("ready")) {
            ready.countDown();
          } else if (line.startsWith("committed ")) {
            committed.set(Long.parseLong(line.substring("committed ".length())));
          }
        }
      } catch (IOException e) {
        // the child was killed; what it printed so far is what counts
      } finally {
        drained.countDown();
      }
    }
  }
}
