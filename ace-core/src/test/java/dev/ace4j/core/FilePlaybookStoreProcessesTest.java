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

/** The file store against real processes: killed mid-write, and writing concurrently. */
class FilePlaybookStoreProcessesTest {
  private static final int ROUNDS = 20;

  @TempDir Path folder;

  @Test
  void loadsAnOldOrNewVersionAfterEveryKillOfAWriterProcess() throws Exception {
    Path file = folder.resolve("playbook.json");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int killedWhileWriting = 0;
    int tornLogs = 0;
    int replayedSnapshots = 0;
    long lastLoaded = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Child child = Child.start("churn", file.toString());
      child.awaitReady();
      Thread.sleep(10 + random.nextInt(191));
      killedWhileWriting += child.process.isAlive() ? 1 : 0;
      child.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      child.drained.await(10, TimeUnit.SECONDS);

      Path logFile = folder.resolve("playbook.json.log");
      String log = Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.ISO_8859_1) : "";
      tornLogs += !log.isEmpty() && !log.endsWith("\n") ? 1 : 0;
      long onDisk = PlaybookJson.read(file).version();
      try (FilePlaybookStore store = FilePlaybookStore.open(file, Clock.systemUTC(), 8)) {
        Playbook loaded = store.current();
        replayedSnapshots += loaded.version() > onDisk ? 1 : 0;
        String context = "round " + round + ", seed " + seed;
        assertThat(loaded.version()).as(context).isGreaterThanOrEqualTo(child.committed.get())
            .isGreaterThanOrEqualTo(lastLoaded);
        assertThat(store.history()).extracting(PlaybookStore.Version::version).as(context)
            .isEqualTo(versions(1, loaded.version()));
        assertThat(store.at(loaded.version() / 2).version()).isEqualTo(loaded.version() / 2);
        if (loaded.version() > 0) {
          assertThat(Files.readString(logFile)).as(context).endsWith("\n");
        }
        lastLoaded = loaded.version();
      }
    }
    System.out.printf("crash test: %d rounds, %d kills while writing, %d torn log lines cut, %d snapshots "
        + "replayed from the log, all %d loads OK, final version %d (seed %d)%n", ROUNDS, killedWhileWriting,
        tornLogs, replayedSnapshots, ROUNDS, lastLoaded, seed);
    assertThat(killedWhileWriting).isEqualTo(ROUNDS);
    assertThat(lastLoaded).isGreaterThan(ROUNDS);
  }

  @Test
  void twoProcessesApplyingBatchesToOnePlaybookLoseNothing() throws Exception {
    Path file = folder.resolve("shared.json");
    int n = 60;
    FilePlaybookStore.open(file).close();
    Child child = Child.start("adds", file.toString(), "child", Integer.toString(n));
    child.awaitReady();
    try (FilePlaybookStore store = FilePlaybookStore.open(file, Clock.systemUTC(), 8)) {
      for (int i = 0; i < n; i++) {
        store.apply(DeltaBatch.of(Operation.Add.of("Testing", "parent-" + i)));
      }
      assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.process.exitValue()).isZero();

      Playbook last = store.current();
      assertThat(last.version()).isEqualTo(2L * n);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        expected.add("parent-" + i);
        expected.add("child-" + i);
      }
      assertThat(last.active()).extracting(Bullet::content).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(child.lines).contains("done");
    }
    try (FilePlaybookStore reopened = FilePlaybookStore.open(file)) {
      assertThat(reopened.current().active()).hasSize(2 * n);
      assertThat(reopened.history()).hasSize(2 * n);
    }
  }

  private static List<Long> versions(long from, long to) {
    List<Long> versions = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      versions.add(v);
    }
    return versions;
  }

  /** A child JVM running {@link PlaybookWriterMain}, its output read on a thread. */
  private static final class Child {
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
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"), PlaybookWriterMain.class.getName()));
      command.addAll(List.of(args));
      return new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    void awaitReady() throws InterruptedException {
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("child printed ready").isTrue();
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
