package dev.ace4j.sandbox;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to build a {@link Sandbox}: the backend, how many runs at once, and which runtimes to use. Immutable; start
 * from {@link #defaults()} and derive with the {@code withX} methods.
 *
 * @param backend the isolation backend
 * @param maxConcurrent runs at once; further calls wait for a free slot
 * @param python the Python interpreter; it must be readable by the sandbox's unprivileged user
 * @param node the Node.js executable, or empty to look it up on PATH
 * @param javaHome the JDK that compiles and runs Java code, or empty to use the one running ace
 * @param stateDir a host directory for per-run staging, empty for a folder under the system temp directory
 * @param bubblewrap the {@code bwrap} executable, or empty to look it up on PATH
 * @param warm whether Python runs may go to warm sandboxes (bubblewrap only): long-lived sandboxes with the
 *     interpreter and pytest already started, where each run is a fresh process forked from a server under the same
 *     limits and verdict rules, in a work folder emptied after every run. False starts every run cold.
 */
public record SandboxSettings(
    Backend backend,
    int maxConcurrent,
    Path python,
    Optional<Path> node,
    Optional<Path> javaHome,
    Optional<Path> stateDir,
    Optional<Path> bubblewrap,
    boolean warm) {

  public static final int MAX_CONCURRENT = 256;

  public SandboxSettings {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(python, "python");
    node = node == null ? Optional.empty() : node;
    javaHome = javaHome == null ? Optional.empty() : javaHome;
    stateDir = stateDir == null ? Optional.empty() : stateDir;
    bubblewrap = bubblewrap == null ? Optional.empty() : bubblewrap;
    if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT) {
      throw new InvalidRequestException(
          "concurrency " + maxConcurrent + " is out of range: use a value from 1 to " + MAX_CONCURRENT);
    }
  }

  /**
   * bubblewrap, two runs per core, Debian's {@code /usr/bin/python3}, node from PATH, the running JDK, warm Python.
   */
  public static SandboxSettings defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new SandboxSettings(
        Backend.BUBBLEWRAP, Math.max(2, 2 * cores), Path.of("/usr/bin/python3"),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true);
  }

  public SandboxSettings withBackend(Backend value) {
    return new SandboxSettings(value, maxConcurrent, python, node, javaHome, stateDir, bubblewrap, warm);
  }

  public SandboxSettings withMaxConcurrent(int value) {
    return new SandboxSettings(backend, value, python, node, javaHome, stateDir, bubblewrap, warm);
  }

  public SandboxSettings withPython(Path value) {
    return new SandboxSettings(backend, maxConcurrent, value, node, javaHome, stateDir, bubblewrap, warm);
  }

  public SandboxSettings withNode(Path value) {
    return new SandboxSettings(backend, maxConcurrent, python, Optional.of(value), javaHome, stateDir, bubblewrap,
        warm);
  }

  public SandboxSettings withJavaHome(Path value) {
    return new SandboxSettings(backend, maxConcurrent, python, node, Optional.of(value), stateDir, bubblewrap,
        warm);
  }

  public SandboxSettings withBubblewrap(Path value) {
    return new SandboxSettings(backend, maxConcurrent, python, node, javaHome, stateDir, Optional.of(value), warm);
  }

  public SandboxSettings withStateDir(Path value) {
    return new SandboxSettings(backend, maxConcurrent, python, node, javaHome, Optional.of(value), bubblewrap, warm);
  }

  public SandboxSettings withWarm(boolean value) {
    return new SandboxSettings(backend, maxConcurrent, python, node, javaHome, stateDir, bubblewrap, value);
  }
}
