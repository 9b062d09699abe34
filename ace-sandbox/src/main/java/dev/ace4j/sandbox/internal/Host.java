package dev.ace4j.sandbox.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Facts about the host the JVM runs on. */
final class Host {
  private Host() {}

  /** The real uid of this process, read from {@code /proc/self/status}. */
  static long uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
        }
      }
      throw new IllegalStateException("no Uid line in /proc/self/status");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/status (is this Linux?)", e);
    }
  }

  static boolean isRoot() {
    return uid() == 0;
  }

  /**
   * Whether process {@code pid} runs now. What ace leaves on the host (run folders, control groups) is named by its
   * pid, so that leftovers of a process that was killed can be told from those of one still running.
   */
  static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The first executable file named {@code name} on the host's PATH. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null || path.isEmpty()) {
      path = "/usr/local/bin:/usr/bin:/bin";
    }
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The path with every symbolic link resolved, or the path itself when it does not exist. */
  static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path;
    }
  }
}
