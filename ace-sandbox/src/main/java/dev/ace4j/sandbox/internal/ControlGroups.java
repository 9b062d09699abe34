package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Per-run control groups for memory and process limits, created only beneath the groups this JVM already runs in
 * (never moving anything out of them, which would escape the limits the host set for ace itself). cgroup v2 when
 * its memory and pids controllers can be delegated to children; otherwise the v1 memory and pids hierarchies; or
 * nothing, leaving rlimits alone (see {@link #describe()}).
 */
final class ControlGroups {
  private static final Path MOUNTS = Path.of("/proc/self/mounts");
  private static final Path OWN = Path.of("/proc/self/cgroup");

  /** Which kind of control groups this host lets ace create. */
  enum Mode { V2, V1, NONE }

  private final Mode mode;
  /** Our own per-JVM parent groups: one for v2, one per controller (memory, pids) for v1. */
  private final Map<String, Path> parents;
  private final String why;
  private final Map<Integer, Group> slots = new java.util.concurrent.ConcurrentHashMap<>();

  private ControlGroups(Mode mode, Map<String, Path> parents, String why) {
    this.mode = mode;
    this.parents = Map.copyOf(parents);
    this.why = why;
  }

  Mode mode() {
    return mode;
  }

  /** One line for {@code ace doctor}: what is enforced, and what that leaves open. */
  String describe() {
    return switch (mode) {
      case V2 -> "cgroup v2 memory and pids limits per run, beneath " + parents.get("unified");
      case V1 -> "cgroup v1 memory and pids limits per run, beneath " + parents.get("memory") + " and "
          + parents.get("pids");
      case NONE -> "no control groups (" + why + "): memory is capped per runtime (RLIMIT_AS for Python and Bash, "
          + "heap flags for Java and Node) and processes by RLIMIT_NPROC only when ace runs as root";
    };
  }

  /** Finds what this host allows and creates this sandbox's parent groups, named {@code name}. */
  static ControlGroups detect(String name) {
    try {
      String mounts = Files.readString(MOUNTS);
      Map<String, String> own = ownPaths(Files.readString(OWN));
      Optional<ControlGroups> v2 = tryV2(mounts, own, name);
      if (v2.isPresent()) {
        return v2.get();
      }
      return tryV1(mounts, own, name).orElseGet(
          () -> new ControlGroups(Mode.NONE, Map.of(), "no writable memory and pids controllers"));
    } catch (IOException | RuntimeException e) {
      return new ControlGroups(Mode.NONE, Map.of(), "cannot read /proc/self/cgroup: " + e.getMessage());
    }
  }

  private static Optional<ControlGroups> tryV2(String mounts, Map<String, String> own, String name) {
    Optional<Path> mount = mountPoint(mounts, "cgroup2", null);
    if (mount.isEmpty() || !own.containsKey("")) {
      return Optional.empty();
    }
    Path mine = mount.get().resolve(relative(own.get("")));
    try {
      String controllers = Files.readString(mine.resolve("cgroup.controllers"));
      if (!controllers.contains("memory") || !controllers.contains("pids")) {
        return Optional.empty();
      }
      Path parent = mine.resolve(name);
      Files.createDirectories(parent);
      // Children may use a controller only if the parent enables it for its subtree.
      Files.writeString(mine.resolve("cgroup.subtree_control"), "+memory +pids");
      Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory +pids");
      return Optional.of(new ControlGroups(Mode.V2, Map.of("unified", parent), ""));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<ControlGroups> tryV1(String mounts, Map<String, String> own, String name) {
    Map<String, Path> parents = new HashMap<>();
    for (String controller : List.of("memory", "pids")) {
      Optional<Path> mount = mountPoint(mounts, "cgroup", controller);
      String path = own.get(controller);
      if (mount.isEmpty() || path == null) {
        return Optional.empty();
      }
      Path parent = mount.get().resolve(relative(path)).resolve(name);
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        return Optional.empty();
      }
      parents.put(controller, parent);
    }
    return Optional.of(new ControlGroups(Mode.V1, parents, ""));
  }

  /**
   * The groups of one concurrency slot, created on its first run and reused by every later run of that slot:
   * creating and removing a group per run costs several milliseconds, joining an existing one about one.
   */
  Optional<Group> forSlot(int slot) throws IOException {
    if (mode == Mode.NONE) {
      return Optional.empty();
    }
    Group existing = slots.get(slot);
    if (existing != null) {
      return Optional.of(existing);
    }
    List<Path> dirs = new ArrayList<>();
    for (Path parent : parents.values()) {
      Path dir = parent.resolve("slot-" + slot);
      Files.createDirectories(dir);
      dirs.add(dir);
    }
    Group group = new Group(mode, dirs);
    slots.put(slot, group);
    return Optional.of(group);
  }

  /** Removes every slot's groups, then this JVM's parent groups. */
  void close() {
    slots.values().forEach(Group::remove);
    slots.clear();
    for (Path parent : parents.values()) {
      try {
        Files.deleteIfExists(parent);
      } catch (IOException e) {
        // Still busy or already gone: an empty group left behind costs nothing and the next start reuses the name.
      }
    }
  }

  /** The control groups of one slot; used by one run at a time. */
  static final class Group {
    private final Mode mode;
    private final List<Path> dirs;
    private long oomKillsBefore;

    private Group(Mode mode, List<Path> dirs) {
      this.mode = mode;
      this.dirs = List.copyOf(dirs);
    }

    /**
     * Readies the group for a run: this run's limits and a fresh OOM baseline. The group then holds only the
     * launcher waiting for the run; the previous run's processes were killed when it ended.
     */
    void prepare(Limits limits) throws IOException {
      limit(limits);
      oomKillsBefore = oomKills();
    }

    private void limit(Limits limits) throws IOException {
      String memory = Long.toString(limits.memoryBytes());
      String pids = Integer.toString(limits.processes());
      if (mode == Mode.V2) {
        Path dir = dirs.get(0);
        write(dir.resolve("memory.max"), memory);
        writeIfPresent(dir.resolve("memory.swap.max"), "0");
        writeIfPresent(dir.resolve("memory.oom.group"), "1");
        write(dir.resolve("pids.max"), pids);
        return;
      }
      for (Path dir : dirs) {
        if (Files.exists(dir.resolve("memory.limit_in_bytes"))) {
          // memsw may never be below memory: lift it first, whichever way this run's limit moves.
          writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), "-1");
          write(dir.resolve("memory.limit_in_bytes"), memory);
          writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), memory);
        } else {
          write(dir.resolve("pids.max"), pids);
        }
      }
    }

    /** The files the launcher writes its pid to, joining every group before bubblewrap starts. */
    List<Path> procsFiles() {
      return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** Whether the kernel's OOM killer killed a process since {@link #prepare}. */
    boolean oomKilled() {
      return oomKills() > oomKillsBefore;
    }

    private long oomKills() {
      long kills = 0;
      for (Path dir : dirs) {
        String events = readQuietly(dir.resolve(mode == Mode.V2 ? "memory.events" : "memory.oom_control"));
        for (String line : events.split("\n")) {
          String[] parts = line.trim().split("\\s+");
          if (parts.length == 2 && parts[0].equals("oom_kill")) {
            kills += Long.parseLong(parts[1]);
          }
        }
      }
      return kills;
    }

    /** SIGKILLs every process still in the groups, until none is left or a second has passed. */
    boolean killAll() {
      if (mode == Mode.V2) {
        writeQuietly(dirs.get(0).resolve("cgroup.kill"), "1");
      }
      long deadline = System.nanoTime() + 1_000_000_000L;
      while (true) {
        List<Long> pids = members();
        if (pids.isEmpty()) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        Thread.onSpinWait();
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return members().isEmpty();
        }
      }
    }

    /** The pids still inside, for checks that nothing survived. */
    List<Long> members() {
      List<Long> pids = new ArrayList<>();
      for (Path dir : dirs) {
        for (String line : readQuietly(dir.resolve("cgroup.procs")).split("\n")) {
          if (!line.isBlank()) {
            pids.add(Long.parseLong(line.trim()));
          }
        }
      }
      return pids;
    }

    /** Kills what is left and removes the groups (when the sandbox closes). */
    void remove() {
      killAll();
      for (Path dir : dirs) {
        for (int attempt = 0; attempt < 50 && Files.exists(dir); attempt++) {
          try {
            Files.delete(dir);
          } catch (IOException e) {
            // The kernel refuses while the last process is still exiting: wait a little and retry.
            try {
              Thread.sleep(2);
            } catch (InterruptedException interrupted) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
      }
    }
  }

  private static Map<String, String> ownPaths(String cgroupFile) {
    Map<String, String> paths = new HashMap<>();
    for (String line : cgroupFile.split("\n")) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3) {
        for (String controller : parts[1].split(",")) {
          paths.put(controller, parts[2]);
        }
      }
    }
    return paths;
  }

  /** The mount point of a cgroup filesystem of {@code type}, holding {@code controller} when given. */
  private static Optional<Path> mountPoint(String mounts, String type, @Nullable String controller) {
    for (String line : mounts.split("\n")) {
      String[] fields = line.split(" ");
      if (fields.length >= 4 && fields[2].equals(type)
          && (controller == null || List.of(fields[3].split(",")).contains(controller))) {
        return Optional.of(Path.of(fields[1]));
      }
    }
    return Optional.empty();
  }

  private static String relative(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private static void write(Path file, String value) throws IOException {
    Files.writeString(file, value, StandardCharsets.US_ASCII);
  }

  private static void writeIfPresent(Path file, String value) throws IOException {
    if (Files.exists(file)) {
      write(file, value);
    }
  }

  private static void writeQuietly(Path file, String value) {
    try {
      writeIfPresent(file, value);
    } catch (IOException e) {
      // Best effort: killAll falls back to signalling each member.
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
