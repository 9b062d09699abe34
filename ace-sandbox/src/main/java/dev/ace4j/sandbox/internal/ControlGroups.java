package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.Limits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Per-run control groups for memory and process limits and for counting the CPU time of all the run's processes,
 * created only beneath the groups this JVM already runs in (never moving anything out of them, which would escape
 * the limits the host set for ace itself). cgroup v2 when its memory and pids controllers can be delegated to
 * children; otherwise the v1 memory and pids hierarchies, with cpuacct where it is mounted; or nothing, leaving
 * rlimits alone (see {@link #describe()}). Their counters are what verdicts rest on: the program cannot write them.
 */
final class ControlGroups {
  private static final Path MOUNTS = Path.of("/proc/self/mounts");
  private static final Path OWN = Path.of("/proc/self/cgroup");
  private static final String CPUACCT = "cpuacct";
  private static final String UNIFIED = "unified";
  /** {@code ace4j-PID-N}: the parent groups of sandbox N of the process PID (see BubblewrapSandbox). */
  private static final Pattern OURS = Pattern.compile("ace4j-([0-9]+)-[0-9]+");

  /** Which kind of control groups this host lets ace create. */
  enum Mode { V2, V1, NONE }

  private final Mode mode;
  /** Our own per-JVM parent groups: one for v2 ("unified"), one per controller (memory, pids, cpuacct) for v1. */
  private final Map<String, Path> parents;
  private final String why;
  private final Map<String, Group> slots = new java.util.concurrent.ConcurrentHashMap<>();

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
      case V2 -> "cgroup v2 memory and pids limits per run, and the CPU time of all the run's processes together "
          + "counted against its CPU limit, beneath " + parents.get(UNIFIED);
      case V1 -> "cgroup v1 memory and pids limits per run, beneath " + parents.get("memory") + " and "
          + parents.get("pids") + (parents.containsKey(CPUACCT)
              ? ", and the CPU time of all the run's processes together counted against its CPU limit, beneath "
                  + parents.get(CPUACCT)
              : "; no cpuacct hierarchy, so the CPU limit applies to each process alone (RLIMIT_CPU)");
      case NONE -> "no control groups (" + why + "): memory is capped per runtime (RLIMIT_AS for Python and Bash, "
          + "heap flags for Java and Node), processes by RLIMIT_NPROC only when ace runs as root, and CPU time per "
          + "process (RLIMIT_CPU)";
    };
  }

  /** Finds what this host allows and creates this sandbox's parent groups, named {@code name}. */
  static ControlGroups detect(String name) {
    try {
      String mounts = Files.readString(MOUNTS);
      Map<String, String> own = ownPaths(Files.readString(OWN));
      Optional<ControlGroups> found = tryV2(mounts, own, name).or(() -> tryV1(mounts, own, name));
      found.ifPresent(groups -> sweepOrphans(groups.mode, groups.parents.values()));
      return found.orElseGet(
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
      return Optional.of(new ControlGroups(Mode.V2, Map.of(UNIFIED, parent), ""));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<ControlGroups> tryV1(String mounts, Map<String, String> own, String name) {
    Map<String, Path> parents = new HashMap<>();
    for (String controller : List.of("memory", "pids", CPUACCT)) {
      Optional<Path> parent = v1Parent(mounts, own, controller, name);
      if (parent.isPresent()) {
        parents.put(controller, parent.get());
      } else if (!controller.equals(CPUACCT)) {
        return Optional.empty();
      }
    }
    return Optional.of(new ControlGroups(Mode.V1, parents, ""));
  }

  private static Optional<Path> v1Parent(String mounts, Map<String, String> own, String controller, String name) {
    Optional<Path> mount = mountPoint(mounts, "cgroup", controller);
    String path = own.get(controller);
    if (mount.isEmpty() || path == null) {
      return Optional.empty();
    }
    Path parent = mount.get().resolve(relative(path)).resolve(name);
    try {
      Files.createDirectories(parent);
      return Optional.of(parent);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The groups of one concurrency slot, created on its first run and reused by every later run of that slot:
   * creating and removing a group per run costs several milliseconds, joining an existing one about one.
   */
  Optional<Group> forSlot(int slot) throws IOException {
    return group("slot-" + slot);
  }

  /**
   * The groups of one slot's warm sandboxes, which outlive its runs: apart from the slot's own, so that ending a
   * cold run of the slot (which kills everything in its groups) leaves them be.
   */
  Optional<Group> forWarmSlot(int slot) throws IOException {
    return group("slot-" + slot + "-warm");
  }

  private Optional<Group> group(String name) throws IOException {
    if (mode == Mode.NONE) {
      return Optional.empty();
    }
    Group existing = slots.get(name);
    if (existing != null) {
      return Optional.of(existing);
    }
    Map<String, Path> dirs = new HashMap<>();
    for (Map.Entry<String, Path> parent : parents.entrySet()) {
      Path dir = parent.getValue().resolve(name);
      Files.createDirectories(dir);
      dirs.put(parent.getKey(), dir);
    }
    Group group = new Group(mode, dirs);
    slots.put(name, group);
    return Optional.of(group);
  }

  /** Kills every process of every slot's groups: the runs going on end. */
  void killAll() {
    slots.values().forEach(Group::killAll);
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

  /**
   * What a run's control groups counted, read by the host after every process of the run is dead.
   *
   * @param oomKills processes of the run the kernel's OOM killer ended
   * @param peakMemoryBytes the most memory the run used at once (its processes, tmpfs pages, kernel memory); empty
   *     where the kernel cannot measure it per run
   * @param cpu CPU time of all the run's processes together; empty without CPU accounting
   */
  record Usage(long oomKills, OptionalLong peakMemoryBytes, Optional<Duration> cpu) {}

  /** The control groups of one slot; used by one run at a time. */
  static final class Group {
    private final Mode mode;
    /** Every directory of the slot: one for v2, one per controller for v1. */
    private final List<Path> dirs;
    private final Path memory;
    private final Path pids;
    /** Where CPU time is counted (cpu.stat for v2, cpuacct.usage for v1); null without a cpuacct hierarchy. */
    private final @Nullable Path cpu;
    private long oomKillsBefore;
    private long cpuNanosBefore;
    /** v2 only: memory.peak, opened and reset for this run; a reset holds only for the descriptor that wrote it. */
    private @Nullable FileChannel peak;

    /** {@code dirs} by controller ("memory", "pids", "cpuacct"), or the one v2 group under "unified". */
    private Group(Mode mode, Map<String, Path> dirs) {
      this.mode = mode;
      this.dirs = dirs.values().stream().distinct().toList();
      boolean v2 = mode == Mode.V2;
      this.memory = Objects.requireNonNull(dirs.get(v2 ? UNIFIED : "memory"));
      this.pids = Objects.requireNonNull(dirs.get(v2 ? UNIFIED : "pids"));
      Path cpuDir = dirs.get(v2 ? UNIFIED : CPUACCT);
      this.cpu = cpuDir == null ? null : cpuDir.resolve(v2 ? "cpu.stat" : "cpuacct.usage");
    }

    /**
     * Readies the group for a run: this run's limits and fresh baselines for the counters. The group then holds
     * only the launcher waiting for the run; the previous run's processes were killed when it ended.
     */
    void prepare(Limits limits) throws IOException {
      prepare(limits, 0, 0);
    }

    /**
     * {@link #prepare(Limits)} for a group that also holds processes outside the run (a warm sandbox's server):
     * their memory and tasks are added to the limits, so that the run gets what the limits give it.
     */
    void prepare(Limits limits, long residentBytes, long residentTasks) throws IOException {
      limit(limits.memoryBytes() + residentBytes, limits.processes() + residentTasks);
      oomKillsBefore = oomKills();
      cpuNanosBefore = cpuNanos().orElse(0);
      resetPeak();
    }

    private void limit(long memoryBytes, long processes) throws IOException {
      String bytes = Long.toString(memoryBytes);
      write(pids.resolve("pids.max"), Long.toString(processes));
      if (mode == Mode.V2) {
        write(memory.resolve("memory.max"), bytes);
        writeIfPresent(memory.resolve("memory.swap.max"), "0");
        writeIfPresent(memory.resolve("memory.oom.group"), "1");
        return;
      }
      // memsw may never be below memory: lift it first, whichever way this run's limit moves.
      writeIfPresent(memory.resolve("memory.memsw.limit_in_bytes"), "-1");
      write(memory.resolve("memory.limit_in_bytes"), bytes);
      writeIfPresent(memory.resolve("memory.memsw.limit_in_bytes"), bytes);
    }

    /** The memory charged to the group now (its processes, their page cache and tmpfs pages). */
    long memoryInUse() {
      String text = readQuietly(memory.resolve(mode == Mode.V2 ? "memory.current" : "memory.usage_in_bytes")).trim();
      return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    /** The tasks (processes and threads) in the group now, as its pids limit counts them. */
    long tasks() {
      String text = readQuietly(pids.resolve("pids.current")).trim();
      return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    /** The tasks alive in the group now: what {@link #tasks()} counts but for the dead its parents have not reaped. */
    long liveTasks() {
      return readQuietly(pids.resolve(mode == Mode.V2 ? "cgroup.threads" : "tasks")).lines()
          .filter(line -> !line.isBlank()).count();
    }

    /**
     * The live tasks in the group, once the pids limit counts no others: a killed process stays charged to the limit
     * until its parent reaps it (a previous run's server, until the JVM collects its launcher), and a count taken
     * then would give the next run those slots on top of its own. Waits up to a second for the charges to settle,
     * then answers the live tasks alone, which errs towards fewer processes, never more.
     */
    long residentTasks() {
      long deadline = System.nanoTime() + 1_000_000_000L;
      while (true) {
        long live = liveTasks();
        if (tasks() <= live || System.nanoTime() > deadline) {
          return live;
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return live;
        }
      }
    }

    /** The files the launcher writes its pid to, joining every group before bubblewrap starts. */
    List<Path> procsFiles() {
      return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** Whether the group counts the CPU time of its processes (not on v1 without a cpuacct hierarchy). */
    boolean countsCpu() {
      return cpu != null;
    }

    /** Whether the run's processes together have used {@code limit} of CPU time since {@link #prepare}. */
    boolean cpuReached(Duration limit) {
      return cpuNanos().stream().anyMatch(nanos -> nanos - cpuNanosBefore >= limit.toNanos());
    }

    /** What the counters say of the run since {@link #prepare}; call it once, after the run. */
    Usage usage() {
      OptionalLong cpu = cpuNanos();
      return new Usage(oomKills() - oomKillsBefore, peakBytes(),
          cpu.isPresent() ? Optional.of(Duration.ofNanos(cpu.getAsLong() - cpuNanosBefore)) : Optional.empty());
    }

    private long oomKills() {
      String events = readQuietly(memory.resolve(mode == Mode.V2 ? "memory.events" : "memory.oom_control"));
      return field(events, "oom_kill").orElse(0);
    }

    /** Cumulative CPU time of the group and its descendants: cpuacct.usage (ns) or cpu.stat's usage_usec. */
    private OptionalLong cpuNanos() {
      if (cpu == null) {
        return OptionalLong.empty();
      }
      String text = readQuietly(cpu);
      if (mode == Mode.V2) {
        OptionalLong micros = field(text, "usage_usec");
        return micros.isPresent() ? OptionalLong.of(micros.getAsLong() * 1000) : OptionalLong.empty();
      }
      return text.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text.trim()));
    }

    private void resetPeak() {
      if (mode == Mode.V1) {
        writeQuietly(memory.resolve("memory.max_usage_in_bytes"), "0");
        return;
      }
      closePeak();
      try {
        FileChannel channel = FileChannel.open(memory.resolve("memory.peak"), StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try {
          channel.write(ByteBuffer.wrap("reset\n".getBytes(StandardCharsets.US_ASCII)));
          peak = channel;
        } catch (IOException e) {
          // Before Linux 6.12 memory.peak cannot be reset: it would count earlier runs of the slot too.
          channel.close();
        }
      } catch (IOException e) {
        // No memory.peak (before Linux 5.19): the run's peak stays unknown.
      }
    }

    private OptionalLong peakBytes() {
      if (mode == Mode.V1) {
        String max = readQuietly(memory.resolve("memory.max_usage_in_bytes")).trim();
        return max.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(max));
      }
      FileChannel channel = peak;
      if (channel == null) {
        return OptionalLong.empty();
      }
      try {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.position(0);
        channel.read(buffer);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
      } catch (IOException | NumberFormatException e) {
        return OptionalLong.empty();
      } finally {
        closePeak();
      }
    }

    private void closePeak() {
      FileChannel channel = peak;
      peak = null;
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // Closing a cgroup file cannot lose anything.
        }
      }
    }

    /** SIGKILLs every process still in the groups, until none is left or a second has passed. */
    boolean killAll() {
      return killMembers(mode, dirs);
    }

    /** The pids still inside, for checks that nothing survived. */
    List<Long> members() {
      return ControlGroups.members(dirs);
    }

    /** Kills what is left and removes the groups (when the sandbox closes). */
    void remove() {
      killAll();
      closePeak();
      dirs.forEach(ControlGroups::deleteWhenEmpty);
    }
  }

  /**
   * Removes the groups of ace processes that no longer run (killed before they could remove them), killing what
   * is still inside. Only ours: groups beside {@code parents} named {@code ace4j-PID-N} whose PID is gone.
   */
  private static void sweepOrphans(Mode mode, Collection<Path> parents) {
    for (Path parent : parents) {
      try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent.getParent(), "ace4j-*")) {
        for (Path sibling : siblings) {
          Matcher name = OURS.matcher(sibling.getFileName().toString());
          if (name.matches() && !Host.running(Long.parseLong(name.group(1)))) {
            List<Path> slotDirs = new ArrayList<>();
            try (DirectoryStream<Path> slots = Files.newDirectoryStream(sibling, "slot-*")) {
              slots.forEach(slotDirs::add);
            }
            killMembers(mode, slotDirs);
            slotDirs.forEach(ControlGroups::deleteWhenEmpty);
            deleteWhenEmpty(sibling);
          }
        }
      } catch (IOException | RuntimeException e) {
        // An empty group left behind costs nothing; the next start tries again.
      }
    }
  }

  /** SIGKILLs every process in {@code dirs}, until none is left or a second has passed. */
  private static boolean killMembers(Mode mode, List<Path> dirs) {
    if (mode == Mode.V2) {
      dirs.forEach(dir -> writeQuietly(dir.resolve("cgroup.kill"), "1"));
    }
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (true) {
      List<Long> pids = members(dirs);
      if (pids.isEmpty()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return members(dirs).isEmpty();
      }
    }
  }

  private static List<Long> members(List<Path> dirs) {
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

  /** Removes a group whose processes were killed; the kernel refuses while the last is still exiting, so retry. */
  private static void deleteWhenEmpty(Path dir) {
    for (int attempt = 0; attempt < 50 && Files.exists(dir); attempt++) {
      try {
        Files.delete(dir);
      } catch (IOException e) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** The number after {@code name} on its own line of a flat-keyed cgroup file ({@code oom_kill 3}). */
  private static OptionalLong field(String text, String name) {
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[0].equals(name)) {
        return OptionalLong.of(Long.parseLong(parts[1]));
      }
    }
    return OptionalLong.empty();
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
