package dev.ace4j.sandbox.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The host's view of processes, read from {@code /proc}: what a sandbox left behind after its run, and bystander
 * processes that share the sandbox's uid.
 *
 * <p>Other builds on the same machine run sandboxes under the same uids at the same time, so a process counts as
 * left behind by <em>this</em> JVM's runs only when it carries the test's marker (in its environment or command line)
 * or runs as a sandbox uid inside one of this JVM's control groups ({@code .../ace4j-<pid>-<instance>/slot-N}).
 * Public for the tests of the unsafe-process backend, whose process cleanup is checked the same way.
 */
public final class HostProcesses {
  /** Sandbox runs use uids from 1000000 up when the host runs as root (one per concurrency slot and instance). */
  static final long SANDBOX_UID_FIRST = 1_000_000;
  static final long SANDBOX_UID_LAST = Integer.MAX_VALUE;
  /** The environment variable that carries a test's marker into every process of a run, children included. */
  public static final String MARKER_VARIABLE = "ACE4J_TEST_MARKER";
  private static final long SETTLE_MILLIS = 2_000;

  private HostProcesses() {}

  /** A fresh marker to put into a payload's environment and command lines. */
  public static String newMarker() {
    return "ace4j-security-" + UUID.randomUUID();
  }

  /** Whether the tests run as root, which makes the sandbox switch to its own unprivileged uids. */
  static boolean hostIsRoot() {
    return realUid(Path.of("/proc/self")) == 0;
  }

  /**
   * Waits up to two seconds for every process of the run marked {@code marker} to disappear, and returns those still
   * alive then, one line each ({@code pid uid=U nspid=P/Q state=S cmdline}, the pid in each pid namespace from the
   * host's down); empty when none survived.
   */
  public static List<String> survivorsAfterSettling(String marker) throws InterruptedException {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    List<String> survivors = survivors(marker);
    while (!survivors.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      survivors = survivors(marker);
    }
    return survivors;
  }

  /**
   * The live (not zombie) processes that carry {@code marker}, or run as a sandbox uid in this JVM's groups, one line
   * each as {@link #survivorsAfterSettling} gives them.
   */
  public static List<String> survivors(String marker) {
    String ownGroup = "/ace4j-" + ProcessHandle.current().pid() + "-";
    boolean root = hostIsRoot();
    List<String> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path proc : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String status = read(proc.resolve("status"));
        String state = field(status, "State:");
        if (status.isEmpty() || state.startsWith("Z") || state.startsWith("X")) {
          continue; // gone, or dead and only waiting to be reaped: holds nothing
        }
        String cmdline = read(proc.resolve("cmdline")).replace('\0', ' ').trim();
        long uid = realUid(proc);
        boolean marked = cmdline.contains(marker) || read(proc.resolve("environ")).contains(marker);
        boolean ownSandboxUid = root && uid >= SANDBOX_UID_FIRST && uid <= SANDBOX_UID_LAST
            && read(proc.resolve("cgroup")).contains(ownGroup) && !warmServer(status, cmdline);
        if (marked || ownSandboxUid) {
          found.add(proc.getFileName() + " uid=" + uid + " nspid=" + field(status, "NSpid:").replaceAll("\\s+", "/")
              + " state=" + state + " " + cmdline);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return found;
  }

  /**
   * Starts {@code sleep} on the host under {@code uid} (as that uid when the tests run as root, as ourselves
   * otherwise): a bystander that a sandbox of the same uid must not be able to kill.
   */
  static Process startSleeper(long uid) throws IOException {
    List<String> command = hostIsRoot()
        ? List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "sleep", "60")
        : List.of("sleep", "60");
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /**
   * Whether a process is one of a warm sandbox's own, which outlive runs by design: its bubblewrap (started with
   * {@code --as-pid-1}) or the server that is pid 1 inside. A run's process, even one forked from the server and so
   * with the same command line, is pid 1 of nothing and still counts.
   */
  private static boolean warmServer(String status, String cmdline) {
    String[] nsPids = field(status, "NSpid:").split("\\s+");
    boolean pidOneInside = nsPids.length > 1 && nsPids[nsPids.length - 1].equals("1");
    return pidOneInside && cmdline.contains("ace4j's warm Python")
        || cmdline.startsWith("/usr/bin/bwrap ") && cmdline.contains(" --as-pid-1 ");
  }

  private static long realUid(Path proc) {
    String uids = field(read(proc.resolve("status")), "Uid:");
    return uids.isEmpty() ? -1 : Long.parseLong(uids.split("\\s+")[0]);
  }

  private static String field(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name)) {
        return line.substring(name.length()).trim();
      }
    }
    return "";
  }

  /** The file's text, or empty when the process is gone or the file unreadable. */
  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }
}
