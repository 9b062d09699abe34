package dev.ace4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A running session's claim on itself: an OS file lock on {@code ACE4J_HOME/sessions/ID.lock}, holding the pid of
 * the process that runs it. The kernel drops the lock when that process ends, however it ends (kill -9 included),
 * so a session is live exactly while its lock is held, and a second {@code --resume} cannot take it over.
 */
final class SessionLock implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private SessionLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of session {@code sessionId}.
   *
   * @throws BadInputException when another process runs the session now, naming its pid
   */
  static SessionLock take(AceHome home, String sessionId) {
    Path file = home.sessionLock(sessionId);
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        channel.close();
        throw new BadInputException("bench session " + sessionId.substring(0, 8) + " is running now (pid "
            + pid(file) + "): let it finish, or stop it and then resume it");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new SessionLock(file, channel, lock);
    } catch (IOException e) {
      // Before the history is opened: a home ace cannot write is said here, as the history would say it.
      throw new BadInputException("cannot lock session " + sessionId.substring(0, 8) + " in " + file.getParent()
          + " (" + e + "): make ACE4J_HOME writable or set it to a writable folder");
    }
  }

  /** The pid of the process that runs session {@code sessionId} now, if one does; takes nothing. */
  static Optional<String> holder(AceHome home, String sessionId) {
    Path file = home.sessionLock(sessionId);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(channel);
      if (lock != null) {
        lock.release(); // a lock file nobody holds: its process was killed before it could remove it
        return Optional.empty();
      }
      return Optional.of(pid(file));
    } catch (IOException e) {
      return Optional.empty(); // gone meanwhile: the session ended
    }
  }

  private static String pid(Path file) throws IOException {
    String pid = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
    return pid.isEmpty() ? "unknown" : pid;
  }

  private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // this very process runs it already
    }
  }

  /** Removes the file while still holding it (a process that opened it meanwhile finds it locked), then lets go. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
