package dev.ace4j.perf;

import static dev.ace4j.perf.Timings.millis;

import dev.ace4j.core.Bullet;
import dev.ace4j.core.DeltaBatch;
import dev.ace4j.core.FilePlaybookStore;
import dev.ace4j.core.LexicalDeduplicator;
import dev.ace4j.core.Operation;
import dev.ace4j.core.Playbook;
import dev.ace4j.core.PlaybookJson;
import dev.ace4j.core.PromptView;
import dev.ace4j.core.Provenance;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * What the playbook engine costs, each beside a baseline from the same run:
 *
 * <ul>
 *   <li>apply and persist one batch (one ADD) to a file store at 1,000 and 10,000 bullets, beside writing the same
 *       snapshot bytes crash-safely by hand (temp file, fsync, atomic rename) — the I/O floor;
 *   <li>lexical dedup of 1,000 bullets, beside exact-duplicate detection by hashing normalized content;
 *   <li>the Generator's prompt view of 1,000 bullets, beside joining the contents with newlines.
 * </ul>
 *
 * Figures are medians (p50) and 95th percentiles over repeated runs after a warm-up.
 */
public final class PlaybookCosts {
  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
  private static final String[] WORDS = ("check validate types bounds input output empty null list map index loop "
      + "range off by one recursion memo cache sort search binary graph edge node visit queue stack heap string "
      + "parse format error exception retry timeout test assert edge case overflow unicode whitespace").split(" ");

  private PlaybookCosts() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("ace4j-perf-");
    try {
      System.out.printf("%-58s %9s %9s%n", "playbook engine", "p50 ms", "p95 ms");
      for (int size : new int[] {1_000, 10_000}) {
        applyAndPersist(dir, size);
      }
      Playbook thousand = playbook(1_000, 7);
      LexicalDeduplicator dedup = LexicalDeduplicator.create();
      report("dedup 1,000 bullets (lexical, threshold 0.8)", time(20, () -> dedup.findDuplicates(thousand)));
      report("  baseline: exact duplicates by normalized hash", time(20, () -> exactDuplicates(thousand)));
      report("prompt view of 1,000 bullets (Generator, no counters)",
          time(200, () -> PromptView.withoutCounters(thousand)));
      report("  baseline: contents joined with newlines", time(200, () -> thousand.active().stream()
          .map(Bullet::content).collect(Collectors.joining("\n"))));
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void applyAndPersist(Path dir, int size) throws IOException {
    Path file = dir.resolve("playbook-" + size + ".json");
    Playbook seed = playbook(size, size);
    Files.writeString(file, PlaybookJson.write(seed));
    long[] store;
    try (FilePlaybookStore playbooks = FilePlaybookStore.open(file)) {
      int[] counter = {0};
      store = time(40, () -> playbooks.apply(DeltaBatch.of(
          Operation.Add.of("STRATEGIES & INSIGHTS", "Perf bullet number " + counter[0]++))));
    }
    byte[] bytes = PlaybookJson.write(seed).getBytes(StandardCharsets.UTF_8);
    Path target = dir.resolve("floor-" + size + ".json");
    long[] floor = time(40, () -> {
      writeCrashSafely(target, bytes);
      return target;
    });
    report(String.format("apply + persist one ADD at %,d bullets (file store)", size), store);
    report(String.format("  baseline: crash-safe write of the snapshot (%,d KiB)", bytes.length / 1024), floor);
  }

  private static void writeCrashSafely(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".tmp-", "");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes));
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static int exactDuplicates(Playbook playbook) {
    return (int) playbook.active().stream()
        .map(b -> b.section() + "\u0000" + b.content().toLowerCase().replaceAll("[^a-z0-9 ]", " ").trim())
        .collect(Collectors.groupingBy(s -> s, Collectors.counting()))
        .values().stream().filter(c -> c > 1).count();
  }

  /** A playbook of {@code size} bullets in 8 sections, contents of 8–20 words, with some near duplicates. */
  static Playbook playbook(int size, long seed) {
    Random random = new Random(seed);
    List<Bullet> bullets = new ArrayList<>();
    List<String> sections = List.of("STRATEGIES & INSIGHTS", "COMMON MISTAKES TO AVOID", "CODE SNIPPETS",
        "PROBLEM-SOLVING HEURISTICS", "TESTING", "PERFORMANCE", "EDGE CASES", "OTHERS");
    for (int i = 1; i <= size; i++) {
      String section = sections.get(random.nextInt(sections.size()));
      StringBuilder content = new StringBuilder();
      int words = 8 + random.nextInt(13);
      for (int w = 0; w < words; w++) {
        content.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
      }
      bullets.add(new Bullet(String.format("b-%05d", i), section, content.toString(), random.nextInt(5),
          random.nextInt(3), 0, T0, T0, Bullet.Status.ACTIVE, 1, Provenance.none(), List.of()));
    }
    return new Playbook(1, size + 1, sections, bullets);
  }

  @FunctionalInterface
  private interface Work {
    Object run() throws IOException;
  }

  private static long[] time(int runs, Work work) throws IOException {
    for (int i = 0; i < Math.max(3, runs / 5); i++) {
      work.run();
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static void report(String what, long[] sorted) {
    System.out.printf("%-58s %9.2f %9.2f%n", what, millis(sorted, 50), millis(sorted, 95));
  }


  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
