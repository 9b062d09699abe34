package dev.ace4j.sandbox.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.internal.BubblewrapSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which per-run control groups this host offers, found from {@code /proc/self/mounts} and {@code /proc/self/cgroup}
 * without the sandbox's own code, so that a test whose claim rests on them can check that the sandbox got them, and
 * skip (never pass for want of them) on a host that offers none.
 */
final class HostControlGroups {
  private HostControlGroups() {}

  /**
   * Skips the calling test when this host lets this JVM create no memory and pids groups; otherwise asserts that
   * {@code sandbox} puts each run in groups of the version the host offers (v1 or v2), and returns how the sandbox
   * describes them.
   */
  static String assumeAndAssertPerRunGroups(Sandbox sandbox) {
    boolean v2 = offersV2();
    boolean v1 = offersV1();
    assumeTrue(v1 || v2, "this host lets ace create no memory and pids control groups (cgroup v2 delegation or "
        + "writable v1 hierarchies); the claim rests on them");
    assertThat(sandbox).isInstanceOf(BubblewrapSandbox.class);
    String got = ((BubblewrapSandbox) sandbox).controlGroups();
    String expected = v2 && v1 ? "cgroup v[12]" : v2 ? "cgroup v2" : "cgroup v1";
    assertThat(got).as("the control groups the sandbox got").matches(expected + " memory and pids limits per run, .*");
    return got;
  }

  /** Whether the JVM's own cgroup v2 group is writable and has the memory and pids controllers to delegate. */
  private static boolean offersV2() {
    Map<String, String> own = ownGroups();
    for (String[] mount : mounts()) {
      if (mount[2].equals("cgroup2") && own.containsKey("")) {
        Path group = Path.of(mount[1] + own.get(""));
        String controllers = read(group.resolve("cgroup.controllers"));
        return controllers.contains("memory") && controllers.contains("pids") && Files.isWritable(group);
      }
    }
    return false;
  }

  /** Whether the JVM's own groups in the v1 memory and pids hierarchies are writable. */
  private static boolean offersV1() {
    Map<String, String> own = ownGroups();
    int writable = 0;
    for (String controller : new String[] {"memory", "pids"}) {
      for (String[] mount : mounts()) {
        boolean holds = mount[2].equals("cgroup") && (',' + mount[3] + ',').contains(',' + controller + ',');
        if (holds && own.containsKey(controller) && Files.isWritable(Path.of(mount[1] + own.get(controller)))) {
          writable++;
          break;
        }
      }
    }
    return writable == 2;
  }

  /** Controller (or "" for v2) to this process's group path, from {@code /proc/self/cgroup}. */
  private static Map<String, String> ownGroups() {
    Map<String, String> groups = new HashMap<>();
    for (String line : read(Path.of("/proc/self/cgroup")).split("\n")) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3) {
        for (String controller : parts[1].split(",")) {
          groups.put(controller, parts[2].equals("/") ? "" : parts[2]);
        }
      }
    }
    return groups;
  }

  /** The mounts as {device, mount point, type, options}. */
  private static String[][] mounts() {
    return read(Path.of("/proc/self/mounts")).lines().map(line -> line.split(" "))
        .filter(fields -> fields.length >= 4).toArray(String[][]::new);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
