package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The runtimes a request needs, checked on the host; those installed outside /usr are bound read-only. */
record Runtimes(Path python, Path node, Path javaHome, List<Path> hostDirectories) {
  static Runtimes resolve(SandboxSettings settings, ExecutionRequest request) {
    Path python = settings.python();
    Path node = settings.node().or(() -> Host.onPath("node")).orElse(Path.of("/usr/bin/node"));
    Path javaHome = settings.javaHome().orElse(Path.of(System.getProperty("java.home")));
    List<Path> dirs = new ArrayList<>();
    if (request.kind() != ExecutionRequest.Kind.COMMAND) {
      switch (request.language()) {
        case PYTHON -> dirs.addAll(outsideUsr(requireExecutable(python, "python3",
            "install it with `apt-get install python3 python3-pytest`, or pass --python PATH")));
        case JAVASCRIPT -> dirs.addAll(outsideUsr(requireExecutable(node, "node",
            "install it with `apt-get install nodejs`, or pass --node PATH")));
        case JAVA -> {
          dirs.addAll(outsideUsr(requireExecutable(javaHome.resolve("bin/javac"), "javac",
              "install a JDK with `apt-get install openjdk-17-jdk-headless`, or pass --java-home DIR")));
          dirs.addAll(javaEtcDirectories());
        }
        case BASH -> { }
      }
    }
    return new Runtimes(python, node, javaHome, List.copyOf(new LinkedHashSet<>(dirs)));
  }

  RuntimePaths inSandbox(Supplier<Path> junit, Supplier<List<Path>> pitest) {
    return new RuntimePaths(python, node, javaHome, junit, pitest);
  }

  private static Path requireExecutable(Path path, String what, String fix) {
    if (!Files.isExecutable(path)) {
      throw new SandboxUnavailableException(what + " not found at " + path + ": " + fix);
    }
    if (Host.isRoot()) {
      Optional<Path> closed = closedToOthers(Host.real(path));
      if (closed.isPresent()) {
        throw new SandboxUnavailableException(what + " at " + path + " is not readable by the sandbox's "
            + "unprivileged user (" + closed.get() + " is closed to others): " + fix);
      }
    }
    return path;
  }

  /** The first folder on the way to {@code file} (or the file) that other users cannot pass through or read. */
  private static Optional<Path> closedToOthers(Path file) {
    try {
      for (Path at = file; at != null; at = at.getParent()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(at);
        boolean open = at.equals(file)
            ? perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.OTHERS_EXECUTE)
            : perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        if (!open) {
          return Optional.of(at);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(file);
    }
  }

  /** A runtime installed outside /usr is bound read-only at its own path (its installation root). */
  private static List<Path> outsideUsr(Path executable) {
    Path real = Host.real(executable);
    if (real.startsWith("/usr/")) {
      return List.of();
    }
    Path bin = real.getParent();
    Path root = bin != null && bin.getParent() != null ? bin.getParent() : bin;
    return root == null ? List.of() : List.of(root);
  }

  /** Debian's JDKs keep their configuration in /etc/java-N-openjdk, linked from the JDK folder. */
  private static List<Path> javaEtcDirectories() {
    try (var entries = Files.list(Path.of("/etc"))) {
      return entries.filter(p -> p.getFileName().toString().startsWith("java-") && Files.isDirectory(p)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
