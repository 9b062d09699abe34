package dev.ace4j.core;

import dev.ace4j.core.internal.DurableFiles;
import dev.ace4j.core.internal.OperationLog;
import dev.ace4j.core.internal.PlaybookLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A playbook kept in files, crash-safe and shared safely between processes. For a playbook file {@code P}:
 *
 * <ul>
 *   <li>{@code P}: the latest version, in {@link PlaybookJson} format;
 *   <li>{@code P.log}: the append-only operation log, one JSON line per version ({@code {version, applied_at,
 *       batch}}, plus {@code rollback_to} for a rollback);
 *   <li>{@code P.versions/NNNNNNNNNN.json}: snapshots of the first version the log starts from and of every
 *       {@code snapshotEvery}-th version (32 by default); {@link #at} loads the nearest snapshot at or below the
 *       version asked for and replays at most {@code snapshotEvery - 1} log lines, which is deterministic because
 *       each line records the instant the batch was applied at;
 *   <li>{@code P.lock}: the lock file, never deleted.
 * </ul>
 *
 * <p>Every change (apply or rollback) happens under an exclusive lock on {@code P.lock}, after re-reading what
 * other processes wrote: the log line is appended and forced to disk, then the snapshot(s) are replaced (temporary
 * file, fsync, atomic rename, fsync of the folder). A crash between the two leaves a log line without its
 * snapshot, which the next reader replays; a crash in the middle of an append leaves a torn last line, which is
 * ignored and cut off. Readers see the old version or the new one, never a broken file.
 */
public final class FilePlaybookStore implements PlaybookStore {
  /** How often a version is kept as a whole snapshot under {@code P.versions/}. */
  public static final int DEFAULT_SNAPSHOT_EVERY = 32;

  /** The points of a commit between its durable steps, where a crash leaves something for recovery to finish. */
  enum CommitStep { LOG_APPENDED, SNAPSHOT_WRITTEN }

  /**
   * Told of each {@link CommitStep} as it passes; does nothing. The crash tests' child process halts here so that
   * it is killed at a known point of a commit, not wherever a timer happens to fall.
   */
  static volatile Consumer<CommitStep> commitSteps = step -> {};

  private final Path file;
  private final Path log;
  private final Path versions;
  private final Clock clock;
  private final int snapshotEvery;
  private final PlaybookLock lock;

  // What this instance has read; guarded by this.
  private final List<OperationLog.Entry> entries = new ArrayList<>();
  private Playbook current = Playbook.empty(); // replaced by load() before open returns
  private long base;
  private long logEnd;
  private boolean closed;

  private FilePlaybookStore(Path file, Clock clock, int snapshotEvery) {
    this.file = file.toAbsolutePath().normalize();
    this.log = sibling(this.file, ".log");
    this.versions = sibling(this.file, ".versions");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.snapshotEvery = snapshotEvery;
    this.lock = new PlaybookLock(sibling(this.file, ".lock"));
  }

  /** {@link #open(Path, Clock)} with the system clock. */
  public static FilePlaybookStore open(Path file) {
    return open(file, Clock.systemUTC());
  }

  /**
   * Opens the playbook in {@code file}, creating an empty one (and its folder) if the file does not exist, and
   * finishes any write a crashed process left half done.
   *
   * @throws PlaybookFormatException when the file or its log is malformed; nothing is written then
   * @throws java.io.UncheckedIOException when the folder cannot be created
   */
  public static FilePlaybookStore open(Path file, Clock clock) {
    return open(file, clock, DEFAULT_SNAPSHOT_EVERY);
  }

  /** {@link #open(Path, Clock)}, keeping a whole snapshot every {@code snapshotEvery} versions. */
  public static FilePlaybookStore open(Path file, Clock clock, int snapshotEvery) {
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("snapshotEvery is " + snapshotEvery + "; it must be 1 or more");
    }
    FilePlaybookStore store = new FilePlaybookStore(file, clock, snapshotEvery);
    if (Files.exists(store.file)) {
      PlaybookJson.read(store.file); // fails on a malformed file before anything (even the lock file) is created
    } else {
      createFolder(store.file.getParent());
    }
    store.lock.holding(store::load);
    return store;
  }

  private static void createFolder(@Nullable Path folder) {
    if (folder == null) {
      return;
    }
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the playbook's folder " + folder + ": " + e.getMessage(), e);
    }
  }

  /** The playbook file. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized Playbook current() {
    sync();
    return current;
  }

  @Override
  public synchronized Playbook apply(DeltaBatch batch) {
    Objects.requireNonNull(batch, "batch");
    checkOpen();
    return lock.holding(() -> {
      refresh();
      Instant now = clock.instant();
      Playbook next = current.apply(batch, now);
      commit(new OperationLog.Entry(next.version(), now, batch, OptionalLong.empty()), next);
      return next;
    });
  }

  @Override
  public synchronized List<Version> history() {
    sync();
    return entries.stream().map(e -> new Version(e.version(), e.appliedAt(), e.batch())).toList();
  }

  @Override
  public synchronized Playbook at(long version) {
    sync();
    return reconstruct(version);
  }

  @Override
  public synchronized PlaybookDiff diff(long from, long to) {
    sync();
    return PlaybookDiff.between(reconstruct(from), reconstruct(to));
  }

  @Override
  public synchronized Playbook rollback(long version) {
    checkOpen();
    return lock.holding(() -> {
      refresh();
      Playbook target = reconstruct(version);
      Playbook next = new Playbook(current.version() + 1, current.nextId(), target.sections(), target.bullets());
      DeltaBatch marker = new DeltaBatch("rollback to " + version, List.of(), Provenance.none());
      commit(new OperationLog.Entry(next.version(), clock.instant(), marker, OptionalLong.of(version)), next);
      return next;
    });
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  // ---- loading and recovery (under the lock) ----

  private Void load() {
    DurableFiles.deleteLeftovers(file, false);
    DurableFiles.deleteLeftovers(versions.resolve("any"), true);
    if (!Files.exists(file)) {
      if (OperationLog.size(log) > 0) {
        throw new PlaybookFormatException(file.toString(), "is missing but its log " + log.getFileName()
            + " exists; restore the file, or delete the log to start an empty playbook");
      }
      Playbook empty = Playbook.empty();
      writeSnapshot(empty);
      PlaybookJson.write(empty, file);
    }
    entries.clear();
    logEnd = 0;
    readLogAndSnapshot();
    return null;
  }

  /** Re-reads what other processes wrote since this instance last looked, if anything. */
  private void refresh() {
    if (OperationLog.size(log) != logEnd) {
      readLogAndSnapshot();
    }
  }

  private void readLogAndSnapshot() {
    OperationLog.Chunk chunk = OperationLog.read(log, logEnd, entries.size() + 1L);
    if (chunk.tornBytes() > 0) {
      DurableFiles.truncate(log, chunk.end());
    }
    for (OperationLog.Entry entry : chunk.entries()) {
      long expected = entries.isEmpty() ? entry.version() : entries.get(entries.size() - 1).version() + 1;
      if (entry.version() != expected) {
        throw logProblem("line " + (entries.size() + 1) + " is version " + entry.version() + ", expected "
            + expected);
      }
      entries.add(entry);
    }
    logEnd = chunk.end();
    Playbook snapshot = PlaybookJson.read(file);
    if (entries.isEmpty()) {
      base = snapshot.version();
      if (!Files.exists(snapshotFile(base))) {
        writeSnapshot(snapshot);
      }
      current = snapshot;
      return;
    }
    base = entries.get(0).version() - 1;
    long last = entries.get(entries.size() - 1).version();
    if (snapshot.version() > last || snapshot.version() < base) {
      throw logProblem("ends at version " + last + " but " + file.getFileName() + " is version "
          + snapshot.version() + "; the two do not belong together");
    }
    current = snapshot;
    while (current.version() < last) {
      current = replay(current, entry(current.version() + 1));
      if (current.version() % snapshotEvery == 0 && !Files.exists(snapshotFile(current.version()))) {
        writeSnapshot(current);
      }
    }
    if (current.version() != snapshot.version()) {
      PlaybookJson.write(current, file); // finish the write a crashed process left half done
    }
  }

  private void commit(OperationLog.Entry entry, Playbook next) {
    OperationLog.append(log, entry);
    commitSteps.accept(CommitStep.LOG_APPENDED);
    entries.add(entry);
    logEnd = OperationLog.size(log);
    if (next.version() % snapshotEvery == 0) {
      writeSnapshot(next);
      commitSteps.accept(CommitStep.SNAPSHOT_WRITTEN);
    }
    PlaybookJson.write(next, file);
    current = next;
  }

  // ---- versions ----

  private Playbook reconstruct(long version) {
    if (version == current.version()) {
      return current;
    }
    if (version < base || version > current.version()) {
      throw new IllegalArgumentException("no version " + version + " of " + file.getFileName() + ": versions are "
          + base + " to " + current.version());
    }
    long from = nearestSnapshot(version);
    Playbook playbook = PlaybookJson.read(snapshotFile(from));
    while (playbook.version() < version) {
      playbook = replay(playbook, entry(playbook.version() + 1));
    }
    return playbook;
  }

  private Playbook replay(Playbook before, OperationLog.Entry entry) {
    Playbook after;
    if (entry.rollbackTo().isPresent()) {
      Playbook target = reconstruct(entry.rollbackTo().getAsLong());
      after = new Playbook(before.version() + 1, before.nextId(), target.sections(), target.bullets());
    } else {
      try {
        after = before.apply(entry.batch(), entry.appliedAt());
      } catch (InvalidBatchException e) {
        throw logProblem("version " + entry.version() + " no longer applies to version " + before.version()
            + " (" + e.getMessage() + ")");
      }
    }
    if (after.version() != entry.version()) {
      throw logProblem("replaying version " + entry.version() + " gave version " + after.version());
    }
    return after;
  }

  private OperationLog.Entry entry(long version) {
    return entries.get((int) (version - base - 1));
  }

  private long nearestSnapshot(long version) {
    try (Stream<Path> files = Files.list(versions)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{10}\\.json"))
          .mapToLong(n -> Long.parseLong(n.substring(0, 10))).filter(v -> v >= base && v <= version).max()
          .orElseThrow(() -> new PlaybookFormatException(versions.toString(), "holds no snapshot at or below "
              + "version " + version + "; versions before the next snapshot cannot be rebuilt"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + versions + ": " + e.getMessage(), e);
    }
  }

  private void writeSnapshot(Playbook playbook) {
    try {
      Files.createDirectories(versions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + versions + ": " + e.getMessage(), e);
    }
    PlaybookJson.write(playbook, snapshotFile(playbook.version()));
  }

  private Path snapshotFile(long version) {
    return versions.resolve(String.format("%010d.json", version));
  }

  // ---- small things ----

  /** Catches up with other processes when the log has grown; a stat when it has not. */
  private void sync() {
    checkOpen();
    if (OperationLog.size(log) != logEnd) {
      lock.holding(() -> {
        refresh();
        return current;
      });
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store of " + file + " is closed");
    }
  }

  private PlaybookFormatException logProblem(String problem) {
    return new PlaybookFormatException(log.toString(), problem);
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }
}
