package dev.ace4j.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exclusive lock that serializes writers of one playbook, across threads and across processes: a JVM-wide
 * {@link ReentrantLock} per lock file (file locks are held per process, and a second lock from the same JVM would
 * throw) and then {@link FileChannel#lock()} on the lock file, which is never deleted.
 */
public final class PlaybookLock {
  private static final ConcurrentMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path file;
  private final ReentrantLock local;

  public PlaybookLock(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.local = IN_THIS_JVM.computeIfAbsent(this.file, f -> new ReentrantLock());
  }

  /** Something done while holding the lock. */
  @FunctionalInterface
  public interface Work<T> {
    T run();
  }

  /** Runs {@code work} holding the lock, waiting for other threads and processes to release it first. */
  public <T> T holding(Work<T> work) {
    local.lock();
    try {
      if (local.getHoldCount() > 1) {
        return work.run();
      }
      // The channel is opened only under the JVM lock: closing any channel of a file drops the process's locks.
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock();
        try {
          return work.run();
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
      }
    } finally {
      local.unlock();
    }
  }
}
