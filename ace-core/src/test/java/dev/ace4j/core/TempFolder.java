package dev.ace4j.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A temporary folder for properties, which cannot get one from {@code @TempDir}. It lives in memory ({@code
 * /dev/shm}) where there is one: the properties test the algebra through the file store hundreds of times, and
 * fsync on a real disk would make them slow; durability itself is tested on disk by the process tests.
 */
final class TempFolder implements AutoCloseable {
  private static final Path MEMORY = Path.of("/dev/shm");

  final Path path;

  TempFolder() {
    try {
      path = Files.isDirectory(MEMORY) && Files.isWritable(MEMORY)
          ? Files.createTempDirectory(MEMORY, "ace4j-store-") : Files.createTempDirectory("ace4j-store-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under {@code folder} with its bytes, to compare before and after. */
  static Map<String, String> contents(Path folder) {
    Map<String, String> contents = new TreeMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        contents.put(folder.relativize(file).toString(), new String(Files.readAllBytes(file),
            java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return contents;
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
