package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.SandboxUnavailableException;
import dev.ace4j.sandbox.WorkFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host folder a sandbox stages its runs in: {@code seccomp-HASH.bpf}, {@code runtime/} (shared read-only files such
 * as the JUnit console launcher) and one private {@code run-*} folder per run. The sandbox never sees this folder;
 * the launcher hands it files as descriptors.
 */
final class StateDir {
  private static final String JUNIT_CONSOLE = "junit-platform-console-standalone.jar";
  private static final String JUNIT_CONSOLE_VERSION = "junit-console.properties";
  private static final String PITEST = "pitest";

  private static final String RUN_PREFIX = "run-";
  private static final String WARM_PREFIX = "warm-";
  /** {@code run-PID-RANDOM} or {@code warm-PID-RANDOM}: a folder of the process PID. */
  private static final Pattern RUN_FOLDER = Pattern.compile("(?:" + RUN_PREFIX + "|" + WARM_PREFIX
      + ")([0-9]+)-[0-9]+");

  private StateDir() {}

  /** Creates (or checks) the state directory: owned by us, not a link, searchable but not listable by others. */
  static Path prepare(Optional<Path> configured) {
    Path dir = configured.orElseGet(
        () -> Path.of(System.getProperty("java.io.tmpdir"), "ace4j-" + Host.uid())).toAbsolutePath();
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir);
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new SandboxUnavailableException(
            "sandbox state directory " + dir + " is not a plain directory: remove it, or set another one");
      }
      int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      if (owner != Host.uid()) {
        throw new SandboxUnavailableException("sandbox state directory " + dir + " belongs to uid " + owner
            + ", not to us: remove it, or set another one");
      }
      // 0711: an unprivileged sandbox uid may reach runtime/ (to bind the JUnit jar) but list nothing.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
      sweepOrphans(dir);
      return dir;
    } catch (IOException e) {
      throw new SandboxUnavailableException(
          "cannot prepare sandbox state directory " + dir + ": " + e.getMessage() + "; set a writable one");
    }
  }

  /**
   * A new private run folder holding the input files as {@code in/0 .. in/N-1}, in plan order. Its name carries
   * this process's pid, so that the folders of a process that was killed before it could remove them are found.
   */
  static Path stage(Path stateDir, List<WorkFile> files) throws IOException {
    Path stage = Files.createTempDirectory(stateDir, RUN_PREFIX + ProcessHandle.current().pid() + "-",
        PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    Path in = Files.createDirectory(stage.resolve("in"));
    for (int i = 0; i < files.size(); i++) {
      Files.write(in.resolve(Integer.toString(i)), files.get(i).content(), StandardOpenOption.CREATE_NEW);
    }
    return stage;
  }

  /**
   * A new folder for a warm sandbox's channel, which lives as long as the sandbox does: searchable (not listable)
   * by the sandbox uid, which opens the FIFOs in it by name. Named with this process's pid, like run folders.
   */
  static Path warmChannel(Path stateDir) throws IOException {
    return Files.createTempDirectory(stateDir, WARM_PREFIX + ProcessHandle.current().pid() + "-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
  }

  /**
   * The JUnit Platform console launcher, copied from ace-sandbox's own jar (where the build nested it) into
   * {@code runtime/} once per version, where the sandbox uid can read it.
   */
  static Path junitConsole(Path stateDir) {
    return runtimeFile(stateDir, JUNIT_CONSOLE,
        "junit-platform-console-standalone-" + junitConsoleVersion() + ".jar");
  }

  /**
   * PIT's jars, copied like the console launcher; their names carry their versions. The build lists them in
   * {@code pitest/jars}, since a jar's resources cannot be listed.
   */
  static List<Path> pitestJars(Path stateDir) {
    return pitestJarNames().stream().map(name -> runtimeFile(stateDir, PITEST + "/" + name, name)).toList();
  }

  /** The file names of PIT's jars, as the build nested them under {@code pitest/}. */
  static List<String> pitestJarNames() {
    try (InputStream in = StateDir.class.getResourceAsStream(PITEST + "/jars")) {
      if (in == null) {
        throw missing(PITEST + "/jars");
      }
      List<String> names = new ArrayList<>();
      for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split(",")) {
        String name = entry.substring(entry.lastIndexOf('/') + 1);
        if (!name.matches("[0-9A-Za-z.-]+\\.jar")) {
          throw missing(PITEST + "/jars");
        }
        names.add(name);
      }
      return List.copyOf(names);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PITEST + "/jars from ace-sandbox's jar", e);
    }
  }

  /** Copies the resource {@code resource} to {@code runtime/name} unless it is there already. */
  private static synchronized Path runtimeFile(Path stateDir, String resource, String name) {
    Path target = stateDir.resolve("runtime/" + name);
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return target;
    }
    try (InputStream jar = StateDir.class.getResourceAsStream(resource)) {
      if (jar == null) {
        throw missing(resource);
      }
      Path runtime = Files.createDirectories(stateDir.resolve("runtime"));
      Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
      writeAtomically(target, jar.readAllBytes());
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + resource + " into " + target, e);
    }
  }

  private static String junitConsoleVersion() {
    Properties properties = new Properties();
    try (InputStream in = StateDir.class.getResourceAsStream(JUNIT_CONSOLE_VERSION)) {
      if (in == null) {
        throw missing(JUNIT_CONSOLE_VERSION);
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + JUNIT_CONSOLE_VERSION + " from ace-sandbox's jar", e);
    }
    String version = properties.getProperty("version", "");
    if (!version.matches("[0-9A-Za-z.-]+")) {
      throw missing(JUNIT_CONSOLE_VERSION);
    }
    return version;
  }

  private static SandboxUnavailableException missing(String resource) {
    return new SandboxUnavailableException("ace-sandbox's jar lacks " + resource + ", which Java test suites "
        + "and mutation tests need: rebuild ace with `mvn -B -q package -DskipTests`");
  }

  /** Writes a file so readers see the old content or the new, never a part: temp file, fsync, atomic rename. */
  static void writeAtomically(Path target, byte[] content) {
    try {
      Path temp = Files.createTempFile(target.getParent(), ".tmp-", "");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(content));
        channel.force(true);
      }
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * Deletes the run folders of processes that no longer run (killed with SIGKILL, or the machine stopped), and
   * nothing else: a live process's folders, and folders not named as ours, stay.
   */
  static void sweepOrphans(Path stateDir) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateDir)) {
      for (Path entry : entries) {
        Matcher name = RUN_FOLDER.matcher(entry.getFileName().toString());
        if (name.matches() && !Host.running(Long.parseLong(name.group(1)))
            && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          deleteQuietly(entry);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Leftovers cost disk space only; the next start tries again.
    }
  }

  /** Deletes a run folder, never following links. */
  static void deleteQuietly(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // A run folder left behind holds only that run's own inputs; the next cleanup of the temp dir takes it.
    }
  }
}
