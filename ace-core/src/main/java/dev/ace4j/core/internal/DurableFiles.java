package dev.ace4j.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that survive a crash or a power cut at any instant: a file is replaced by writing a temporary file in the
 * same folder, forcing it to disk and renaming it over the old one atomically, so a reader sees the old bytes or
 * the new ones, never a mix; appends are forced to disk before they return.
 */
public final class DurableFiles {
  private static final String TEMP_MARK = ".tmp-";

  private DurableFiles() {}

  /** Replaces {@code file} with {@code bytes} atomically and durably. */
  public static void replace(Path file, byte[] bytes) {
    Path folder = folderOf(file);
    Path temp = folder.resolve("." + file.getFileName() + TEMP_MARK + Long.toHexString(System.nanoTime()));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeFully(channel, bytes);
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + folder + " cannot rename atomically", e);
      }
      forceFolder(folder);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Appends {@code bytes} to {@code file} (created if absent) and forces them to disk before returning. */
  public static void append(Path file, byte[] bytes) {
    boolean existed = Files.exists(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      writeFully(channel, bytes);
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
    }
    if (!existed) {
      forceFolder(folderOf(file));
    }
  }

  /** Cuts {@code file} to {@code length} bytes, durably. */
  public static void truncate(Path file, long length) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(length);
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the temporary files a crashed {@link #replace} of {@code file}, or of any file in {@code file}'s folder
   * when {@code wholeFolder}, left behind; call only while holding the lock that guards those files.
   */
  public static void deleteLeftovers(Path file, boolean wholeFolder) {
    Path folder = folderOf(file);
    String prefix = "." + file.getFileName() + TEMP_MARK;
    DirectoryStream.Filter<Path> leftover = p -> wholeFolder
        ? p.getFileName().toString().contains(TEMP_MARK) : p.getFileName().toString().startsWith(prefix);
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, leftover)) {
      entries.forEach(DurableFiles::deleteQuietly);
    } catch (IOException e) {
      // Leftovers only cost space; failing to list them must not stop the store from opening.
    }
  }

  /** Makes a rename or a new file in {@code folder} durable, where the platform allows opening folders. */
  public static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory as a channel; NTFS renames are journaled there.
    }
  }

  private static Path folderOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temp file is harmless; the next open deletes it.
    }
  }
}
