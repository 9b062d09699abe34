package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.Backend;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.SandboxUnavailableException;
import dev.ace4j.sandbox.WorkFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default backend: one fresh bubblewrap sandbox per run, hardened as shared/DESIGN.md "Sandbox" lays out.
 *
 * <p>The JVM starts {@code bash launch-bwrap.sh} with an empty environment. The launcher joins the run's control
 * groups, sets rlimits, opens the seccomp filter, the input files and the output archive as descriptors, and execs
 * (as an unprivileged uid when ace runs as root) bubblewrap, which builds a minimal read-only root with size-limited
 * tmpfs for {@code /work}, {@code /tmp} and {@code /dev/shm}. Inside, a small {@code sh} wrapper runs the program
 * with the output descriptor closed, then archives the requested outputs into it. The host reads that archive only
 * after every sandbox process is dead, and only its regular files: it never opens a path the sandbox could write.
 */
public final class BubblewrapSandbox implements Sandbox {
  /**
   * Lowest uid of the unprivileged users sandboxes run as when ace runs as root. Each sandbox instance takes a block
   * of {@link SandboxSettings#MAX_CONCURRENT} uids from its pid and instance number, and slot n runs as block + n, so
   * concurrent runs never share a uid (which RLIMIT_NPROC counts across).
   */
  static final long SANDBOX_UID_BASE = 1_000_000;
  private static final long UID_BLOCKS = 3_000_000;
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  static final Path JUNIT_IN_SANDBOX = Path.of("/opt/ace4j/junit-platform-console-standalone.jar");
  static final Path PITEST_IN_SANDBOX = Path.of("/opt/ace4j/pitest");
  private static final String LAUNCHER = Runners.resource("launch-bwrap.sh");
  private static final String WRAPPER = String.join("\n",
      "outs=$1; shift",
      "\"$@\" 9>&-",
      "rc=$?",
      // Owner 0: ustar cannot hold the sandbox's large uids, and the host has no use for them.
      "printf '%s\\n' \"$outs\" | tar --format=ustar --owner=0 --group=0 --numeric-owner --ignore-failed-read "
          + "--verbatim-files-from -C /work -T - -cf - >&9 2>/dev/null",
      "exit $rc");
  private static final int MAX_OUTPUT_FILES = 1000;
  /** What every sandbox's environment starts with; a request's variables and its runner's are added. */
  private static final Map<String, String> BASE_ENVIRONMENT = new TreeMap<>(Map.of(
      "PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/work", "TMPDIR", "/tmp", "LANG", "C.UTF-8"));
  private static final long MIB = 1024 * 1024;
  /** bubblewrap's words when it cannot exec the program: {@code bwrap: execvp PROGRAM: REASON}. */
  private static final Pattern EXEC_FAILED = Pattern.compile("bwrap: execvp (.+): ([^:\\n]+)");

  private final SandboxSettings settings;
  private final Path bwrap;
  private final Path stateDir;
  private final Path seccompFilter;
  /** The filter of the runs that may open IP sockets ({@link Runners#opensLoopback}). */
  private final Path loopbackFilter;
  private final boolean root;
  private final long uidBlock;
  private final ControlGroups cgroups;
  private final Slots slots;
  /** Per slot, the launcher started ahead of that slot's next run; only the slot's holder touches its entry. */
  private final AtomicReferenceArray<CompletableFuture<Process>> next;
  /** The launchers of the runs going on now, so that closing the sandbox under them ends them. */
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final WarmPython warm;
  private volatile boolean closed;

  private BubblewrapSandbox(SandboxSettings settings, Path bwrap, Path stateDir, Path seccompFilter,
      Path loopbackFilter) {
    int instance = INSTANCES.incrementAndGet();
    long pid = ProcessHandle.current().pid();
    this.settings = settings;
    this.bwrap = bwrap;
    this.stateDir = stateDir;
    this.seccompFilter = seccompFilter;
    this.loopbackFilter = loopbackFilter;
    this.root = Host.isRoot();
    this.uidBlock = SANDBOX_UID_BASE + ((pid * 64 + instance) % UID_BLOCKS) * SandboxSettings.MAX_CONCURRENT;
    this.cgroups = ControlGroups.detect("ace4j-" + pid + "-" + instance);
    this.slots = new Slots(settings.maxConcurrent());
    this.next = new AtomicReferenceArray<>(settings.maxConcurrent());
    this.warm = new WarmPython(this::startServer, stateDir, settings.maxConcurrent());
  }

  /**
   * Prepares the host side: finds bubblewrap, creates the state directory and writes the seccomp filter.
   *
   * @throws SandboxUnavailableException when bubblewrap is missing or the state directory is unsafe
   */
  public static BubblewrapSandbox create(SandboxSettings settings) {
    Path bwrap = settings.bubblewrap().or(() -> Host.onPath("bwrap"))
        .filter(Files::isExecutable)
        .orElseThrow(() -> new SandboxUnavailableException(
            "bubblewrap not found" + settings.bubblewrap().map(p -> " at " + p).orElse(" on PATH")
                + ": install it with `apt-get install bubblewrap`, or pass --sandbox unsafe-process "
                + "to run without isolation"));
    Path stateDir = StateDir.prepare(settings.stateDir());
    // Named by its content: the state folder is shared by every ace of this user, and a fixed name would let
    // another version's filter, written later, replace this one's under its running sandboxes.
    return new BubblewrapSandbox(settings, bwrap, stateDir, writeFilter(stateDir, SeccompFilter.forHost(false)),
        writeFilter(stateDir, SeccompFilter.forHost(true)));
  }

  private static Path writeFilter(Path stateDir, byte[] filter) {
    Path file = stateDir.resolve("seccomp-" + sha256(filter).substring(0, 16) + ".bpf");
    StateDir.writeAtomically(file, filter);
    return file;
  }

  @Override
  public String name() {
    return Backend.BUBBLEWRAP.id();
  }

  /** Which control groups runs get, for {@code ace doctor}. */
  public String controlGroups() {
    return cgroups.describe();
  }

  @Override
  public Execution execute(ExecutionRequest request) {
    Runtimes runtimes = Runtimes.resolve(settings, request);
    RunPlan plan = Runners.plan(request, runtimes.inSandbox(() -> JUNIT_IN_SANDBOX,
        () -> StateDir.pitestJarNames().stream().map(PITEST_IN_SANDBOX::resolve).toList()));
    int slot = slots.acquire();
    try {
      return Results.withFallback(plan, chosen -> {
        // A run the closing killed must not start another (a fallback, or a cold run for a lost warm one): its
        // folder would appear after close has waited for theirs to go.
        if (closed) {
          return Results.failure(name(), "the sandbox was closed during the run");
        }
        if (settings.warm() && WarmPython.eligible(request, chosen, runtimes)) {
          Optional<Execution> warmRun = executeWarm(request, chosen, runtimes, slot);
          if (warmRun.isPresent()) {
            return warmRun.get();
          }
          if (closed) {
            return Results.failure(name(), "the sandbox was closed during the run");
          }
        }
        return executeCold(request, chosen, runtimes, slot);
      });
    } finally {
      slots.release(slot);
    }
  }

  private Execution executeCold(ExecutionRequest request, RunPlan plan, Runtimes runtimes, int slot) {
    List<Path> stages = new ArrayList<>();
    List<Process> launchers = new ArrayList<>();
    Optional<ControlGroups.Group> group = Optional.empty();
    try {
      group = cgroups.forSlot(slot);
      // The slot's waiting launcher holds the ordinary filter; a run that may open IP sockets starts its own.
      Process launcher = Runners.opensLoopback(request)
          ? Spawner.start(launcherBuilder(group, loopbackFilter))
          : launcher(slot, group);
      launchers.add(launcher);
      Optional<Process> codeLauncher = plan.sealedCode().isPresent()
          ? Optional.of(Spawner.start(launcherBuilder(group)))
          : Optional.empty();
      codeLauncher.ifPresent(launchers::add);
      running.addAll(launchers);
      Path stage = StateDir.stage(stateDir, plan.files());
      stages.add(stage);
      Optional<SealedRun.Channel> channel = Optional.empty();
      Optional<Path> codeStage = Optional.empty();
      if (plan.sealedCode().isPresent()) {
        RunPlan.CodeSide code = plan.sealedCode().get();
        codeStage = Optional.of(StateDir.stage(stateDir, code.files()));
        stages.add(codeStage.get());
        channel = Optional.of(SealedRun.Channel.create(stage));
        Files.write(codeStage.get().resolve("request"), words(request(request, plan, runtimes, group, slot,
            new Side(code.files(), code.argv(), code.outputs(), channel.get().codeEnds()))));
      }
      // The launcher reads it only after the go line below, so a plain write (no fsync) is enough.
      Files.write(stage.resolve("request"), words(request(request, plan, runtimes, group, slot,
          new Side(plan.files(), plan.argv(), plan.outputs(),
              channel.map(SealedRun.Channel::testsEnds).orElse(List.of("-", "-"))))));
      if (group.isPresent()) {
        group.get().prepare(request.limits());
      }
      Optional<ControlGroups.Group> runGroup = group;
      Consumer<Process> killTree = process -> {
        process.destroyForcibly();
        runGroup.ifPresent(ControlGroups.Group::killAll);
      };
      BooleanSupplier cpuReached = () -> runGroup.isPresent() && runGroup.get().cpuReached(request.limits().cpu());
      ProcessRun.Outcome outcome;
      Optional<ProcessRun.Outcome> codeOutcome = Optional.empty();
      if (codeLauncher.isPresent() && codeStage.isPresent() && channel.isPresent()) {
        SealedRun.Outcomes both = SealedRun.run(launcher, go(stage, new byte[0]), codeLauncher.get(),
            go(codeStage.get(), request.stdin()), request.limits().wall(), request.limits().outputBytes(),
            channel.get(), killTree, cpuReached);
        outcome = both.merged();
        codeOutcome = Optional.of(both.code());
      } else {
        outcome = ProcessRun.run(launcher, go(stage, request.stdin()), request.limits().wall(),
            request.limits().outputBytes(), killTree, cpuReached);
      }
      // Every process of the run dies before its outputs are read.
      group.ifPresent(ControlGroups.Group::killAll);
      Optional<ControlGroups.Usage> usage = group.map(ControlGroups.Group::usage);
      Optional<String> failure = outcome.killed() ? Optional.empty() : failure(outcome, stage);
      Optional<Execution> notStarted = failure.isPresent() && codeOutcome.isEmpty()
          ? notStarted(outcome)
          : Optional.empty();
      if (notStarted.isPresent()) {
        return notStarted.get();
      }
      if (failure.isEmpty() && !outcome.killed() && codeOutcome.isPresent() && codeStage.isPresent()) {
        failure = failure(codeOutcome.get(), codeStage.get()).map(f -> "the code under test's sandbox: " + f);
      }
      TarArchive.Extracted outputs = readOutputs(stage, request.limits());
      if (codeStage.isPresent()) {
        outputs = outputs.and(readOutputs(codeStage.get(), request.limits()), plan.report());
      }
      return Results.assemble(request, plan,
          new Results.Run(outcome, outputs.files(), outputs.rejected(), usage, failure,
              outputs.truncated() ? Optional.of(outputs.truncation()) : Optional.empty()), name());
    } catch (IOException e) {
      return Results.failure(name(), "could not run the sandbox: " + e.getMessage());
    } finally {
      group.ifPresent(ControlGroups.Group::killAll);
      launchers.forEach(running::remove);
      stages.forEach(StateDir::deleteQuietly);
      if (!Runners.opensLoopback(request)) {
        prestart(slot, group);
      }
    }
  }

  /**
   * Runs a request in the slot's warm sandboxes ({@link WarmPython}); empty when it must run cold instead: the
   * servers cannot start, or one ended under the program without the host killing it (a cold run then gives the
   * verdict, from a sandbox of its own).
   */
  private Optional<Execution> executeWarm(ExecutionRequest request, RunPlan plan, Runtimes runtimes, int slot) {
    boolean sealed = plan.sealedCode().isPresent();
    Optional<WarmPython.Pair> found = warm.pair(slot, new WarmPython.Shape(scratch(request.limits()), runtimes),
        sealed);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    WarmPython.Pair pair = found.get();
    Limits limits = request.limits();
    try {
      Optional<ControlGroups.Group> group = cgroups.forWarmSlot(slot);
      long residentBytes = group.map(ControlGroups.Group::memoryInUse).orElse(0L);
      long residentTasks = group.map(ControlGroups.Group::residentTasks).orElse(0L);
      if (group.isPresent()) {
        group.get().prepare(limits, residentBytes, residentTasks);
      }
      Map<String, String> environment = new TreeMap<>(BASE_ENVIRONMENT);
      environment.putAll(request.environment());
      environment.putAll(plan.environment());
      // RLIMIT_NPROC counts the slot's servers and bubblewrap's processes above them too.
      List<Rlimit> rlimits = rlimits(limits, plan, group, 4);
      long maxBytes = limits.fileSizeBytes();
      Zygote.Run main = pair.mainServer(sealed).run(WarmPython.request(plan.files(), plan.argv(), environment,
          rlimits, sealed ? WarmPython.Pair.testsEnds() : List.of(), plan.outputs(),
          sealed ? new byte[0] : request.stdin(), maxBytes));
      Consumer<Process> killTree = process -> {
        pair.kill();
        group.ifPresent(ControlGroups.Group::killAll);
      };
      BooleanSupplier cpuReached = () -> group.isPresent() && group.get().cpuReached(limits.cpu());
      ProcessRun.Outcome outcome;
      Optional<Zygote.Run> code = Optional.empty();
      if (sealed) {
        RunPlan.CodeSide side = plan.sealedCode().get();
        code = Optional.of(pair.code().run(WarmPython.request(side.files(), side.argv(), environment, rlimits,
            WarmPython.Pair.codeEnds(), side.outputs(), request.stdin(), maxBytes)));
        outcome = SealedRun.run(main, new byte[0], code.get(), new byte[0], limits.wall(), limits.outputBytes(),
            pair.hostChannel(), killTree, cpuReached).merged();
      } else {
        outcome = ProcessRun.run(main, new byte[0], limits.wall(), limits.outputBytes(), killTree, cpuReached);
      }
      boolean lost = main.lost() || code.map(Zygote.Run::lost).orElse(false);
      if (lost && !outcome.killed()) {
        killTree.accept(main);
        return closed ? Optional.of(Results.failure(name(), "the sandbox was closed during the run"))
            : Optional.empty();
      }
      if (!lost && group.isPresent() && group.get().liveTasks() != residentTasks) {
        // The servers reap every process of a run before they answer; anything more is not theirs to keep. Live
        // tasks, as residentTasks counted them: a dead process of an earlier pair, not yet reaped, is no survivor.
        killTree.accept(main);
      }
      Optional<ControlGroups.Usage> usage = group.map(ControlGroups.Group::usage).map(u -> new ControlGroups.Usage(
          u.oomKills(), u.peakMemoryBytes().isPresent()
              ? java.util.OptionalLong.of(Math.max(0, u.peakMemoryBytes().getAsLong() - residentBytes))
              : u.peakMemoryBytes(), u.cpu()));
      TarArchive.Extracted outputs = warmOutputs(main, limits);
      if (code.isPresent()) {
        outputs = outputs.and(warmOutputs(code.get(), limits), plan.report());
      }
      return Optional.of(Results.assemble(request, plan,
          new Results.Run(outcome, outputs.files(), outputs.rejected(), usage, Optional.empty(),
              outputs.truncated() ? Optional.of(outputs.truncation()) : Optional.empty()), name()));
    } catch (IOException e) {
      pair.kill();
      return Optional.empty();
    }
  }

  private static TarArchive.Extracted warmOutputs(Zygote.Run run, Limits limits) throws IOException {
    byte[] archive = run.files().orElse(new byte[0]);
    return readOutputs(new java.io.ByteArrayInputStream(archive), archive.length, limits);
  }

  /** Starts one warm server in the slot's warm control groups: {@link WarmPython.Starter}. */
  private Zygote startServer(int slot, WarmPython.Shape shape, List<String> preload, Path channel)
      throws IOException {
    Optional<ControlGroups.Group> group = cgroups.forWarmSlot(slot);
    if (root) {
      long uid = uidBlock + slot;
      for (Path fifo : List.of(channel.resolve("to-tests"), channel.resolve("to-code"))) {
        Files.setAttribute(fifo, "unix:uid", (int) uid);
        Files.setAttribute(fifo, "unix:gid", (int) uid);
      }
    }
    Process launcher = Spawner.start(launcherBuilder(group));
    Path stage = StateDir.stage(stateDir, List.of());
    List<String> prefix = prefix(Runners.PYTHON_ENVIRONMENT, List.of(), shape.runtimes(), shape.scratchBytes(),
        slot, List.of("--as-pid-1", "--ro-bind", channel.toString(), WarmPython.CHANNEL_IN_SANDBOX));
    List<String> words = new ArrayList<>(List.of("-", Rlimit.ulimitWords(List.of(Rlimit.of(Rlimit.Resource.CORE, 0))),
        "-", "-", "0", Integer.toString(prefix.size())));
    words.addAll(prefix);
    words.addAll(List.of("--", shape.runtimes().python().toString(), "-s", "-c", WarmPython.SERVER));
    words.addAll(preload);
    Files.write(stage.resolve("request"), words(words));
    launcher.getOutputStream().write((stage + "\n").getBytes(StandardCharsets.UTF_8));
    launcher.getOutputStream().flush();
    return Zygote.attach(launcher, stage);
  }

  /**
   * What one sandbox of a run gets: its files, command, outputs and channel ends (two "-" for an ordinary run).
   */
  private record Side(List<WorkFile> files, List<String> argv, List<String> outputs, List<String> channelEnds) {}

  /**
   * The slot's launcher: the one started ahead of time if there is one (it has joined the slot's control groups
   * and waits for its request), else a new one.
   */
  private Process launcher(int slot, Optional<ControlGroups.Group> group) throws IOException {
    CompletableFuture<Process> ready = next.getAndSet(slot, null);
    if (ready != null) {
      try {
        Process process = ready.join();
        if (process.isAlive()) {
          return process;
        }
      } catch (RuntimeException e) {
        // The early start failed; start again now, and report that failure if it repeats.
      }
    }
    return Spawner.start(launcherBuilder(group));
  }

  /** Starts the slot's next launcher in the background, off the path of the next request. */
  private void prestart(int slot, Optional<ControlGroups.Group> group) {
    if (!closed) {
      next.set(slot, Spawner.startLater(launcherBuilder(group)));
    }
  }

  private ProcessBuilder launcherBuilder(Optional<ControlGroups.Group> group) {
    return launcherBuilder(group, seccompFilter);
  }

  private ProcessBuilder launcherBuilder(Optional<ControlGroups.Group> group, Path filter) {
    String procs = group.map(g -> String.join(" ", g.procsFiles().stream().map(Path::toString).toList()))
        .orElse("-");
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c", LAUNCHER, "ace4j-launch", procs,
        filter.toString());
    builder.environment().clear();
    return builder;
  }

  /** What the waiting launcher reads: its stage folder on one line, then the program's standard input. */
  private static byte[] go(Path stage, byte[] stdin) {
    byte[] line = (stage + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] input = Arrays.copyOf(line, line.length + stdin.length);
    System.arraycopy(stdin, 0, input, line.length, stdin.length);
    return input;
  }

  private static byte[] words(List<String> words) {
    StringBuilder joined = new StringBuilder();
    words.forEach(word -> joined.append(word).append('\0'));
    return joined.toString().getBytes(StandardCharsets.UTF_8);
  }

  private List<String> request(ExecutionRequest request, RunPlan plan, Runtimes runtimes,
      Optional<ControlGroups.Group> group, int slot, Side side) {
    Limits limits = request.limits();
    List<String> words = new ArrayList<>();
    words.add(side.outputs().isEmpty() ? "-" : "out.tar");
    words.add(Rlimit.ulimitWords(rlimits(limits, plan, group, 0)));
    words.addAll(side.channelEnds());
    words.add(Integer.toString(side.files().size()));
    side.files().forEach(f -> words.add("/work/" + f.path()));
    Map<String, String> environment = new TreeMap<>(request.environment());
    environment.putAll(plan.environment());
    List<String> extra = new ArrayList<>();
    if (request.language() == Language.JAVA && (request.kind() == ExecutionRequest.Kind.TEST_SUITE
        || request.kind() == ExecutionRequest.Kind.MUTATION_TEST)) {
      extra.addAll(List.of("--ro-bind", StateDir.junitConsole(stateDir).toString(), JUNIT_IN_SANDBOX.toString()));
    }
    if (request.kind() == ExecutionRequest.Kind.MUTATION_TEST) {
      for (Path jar : StateDir.pitestJars(stateDir)) {
        extra.addAll(List.of("--ro-bind", jar.toString(), PITEST_IN_SANDBOX.resolve(jar.getFileName()).toString()));
      }
    }
    List<String> prefix = prefix(environment, side.files(), runtimes, scratch(limits), slot, extra);
    words.add(Integer.toString(prefix.size()));
    words.addAll(prefix);
    words.add("--");
    if (!side.outputs().isEmpty()) {
      words.addAll(List.of("/bin/sh", "-c", WRAPPER, "ace-run", String.join("\n", side.outputs())));
    }
    words.addAll(side.argv());
    return words;
  }

  /**
   * The run's resource limits. {@code siblings}: other processes of the uid that RLIMIT_NPROC counts too (a warm
   * sandbox's servers).
   */
  private List<Rlimit> rlimits(Limits limits, RunPlan plan, Optional<ControlGroups.Group> group, int siblings) {
    boolean inGroup = group.isPresent();
    // With a CPU counter the host ends the run when all its processes together reach the limit; RLIMIT_CPU, a
    // second later, only backstops each process, so that the counter decides the verdict, not an exit status.
    long cpuSeconds = Math.max(1, (limits.cpu().toMillis() + 999) / 1000)
        + (group.isPresent() && group.get().countsCpu() ? 1 : 0);
    List<Rlimit> rlimits = new ArrayList<>(List.of(Rlimit.of(Rlimit.Resource.CORE, 0),
        Rlimit.of(Rlimit.Resource.NOFILE, 1024),
        Rlimit.of(Rlimit.Resource.FSIZE, Math.max(1, limits.fileSizeBytes() / 1024) * 1024)));
    if (plan.limitAddressSpace() && !inGroup) {
      // Only without a memory cgroup. Under one, its OOM kill is the proof of a memory bomb (a MemoryError the
      // program could as well print is not), and address space reserved but unused (stacks, arenas) is no memory.
      rlimits.add(Rlimit.of(Rlimit.Resource.AS, limits.memoryBytes() / 1024 * 1024));
    }
    if (!inGroup && root) {
      // Without a pids controller, RLIMIT_NPROC works only because each slot has a uid of its own.
      rlimits.add(Rlimit.of(Rlimit.Resource.NPROC, limits.processes() + siblings));
    }
    // The soft CPU limit sends SIGXCPU; the hard one, a second later, SIGKILLs a program that ignores it.
    rlimits.add(new Rlimit(Rlimit.Resource.CPU, cpuSeconds, cpuSeconds + 1));
    return rlimits;
  }

  /**
   * The privilege drop, bubblewrap and its options for one sandbox: the environment it starts with, its runtimes,
   * scratch folders of {@code scratch} bytes, the folders the files need, and {@code extra} options.
   */
  private List<String> prefix(Map<String, String> environment, List<WorkFile> files, Runtimes runtimes,
      long scratch, int slot, List<String> extra) {
    List<String> args = new ArrayList<>();
    if (root) {
      long uid = uidBlock + slot;
      args.addAll(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
          "--inh-caps=-all", "--bounding-set=-all", "--"));
    }
    args.addAll(List.of(bwrap.toString(), "--unshare-all", "--unshare-user", "--disable-userns",
        "--die-with-parent", "--new-session", "--hostname", "sandbox", "--clearenv"));
    BASE_ENVIRONMENT.forEach((name, value) -> args.addAll(List.of("--setenv", name, value)));
    new TreeMap<>(environment).forEach((name, value) -> args.addAll(List.of("--setenv", name, value)));
    args.addAll(List.of("--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/sbin", "/sbin"));
    if (Files.isDirectory(Path.of("/usr/lib64"))) {
      args.addAll(List.of("--symlink", "usr/lib64", "/lib64"));
    }
    // Only what runtimes and common tools resolve through /etc (e.g. /usr/bin/awk -> /etc/alternatives/awk);
    // every bind is a mount on the start-up path. No certificates: there is no network to use them on.
    for (String etc : List.of("/etc/alternatives", "/etc/ld.so.cache")) {
      args.addAll(List.of("--ro-bind-try", etc, etc));
    }
    for (Path dir : runtimes.hostDirectories()) {
      args.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
    }
    args.addAll(extra);
    // bubblewrap's /dev is an unbounded tmpfs: only /dev/shm (sized) stays writable. Its /dev/pts is a devpts whose
    // ptys count against the host-wide kernel.pty.max; an empty read-only tmpfs over it leaves /dev/ptmx dangling.
    args.addAll(List.of("--dev", "/dev", "--size", Long.toString(16 * MIB), "--tmpfs", "/dev/shm",
        "--tmpfs", "/dev/pts", "--remount-ro", "/dev/pts", "--remount-ro", "/dev",
        "--proc", "/proc", "--size", Long.toString(scratch), "--tmpfs", "/tmp",
        "--size", Long.toString(scratch), "--tmpfs", "/work"));
    for (String dir : parentDirectories(files)) {
      args.addAll(List.of("--dir", "/work/" + dir));
    }
    args.addAll(List.of("--chdir", "/work"));
    return args;
  }

  /** The size of each of a run's tmpfs folders (/tmp, /work): half its memory, within 16 and 256 MiB. */
  private static long scratch(Limits limits) {
    return Math.min(256 * MIB, Math.max(16 * MIB, limits.memoryBytes() / 2));
  }

  private static Set<String> parentDirectories(List<WorkFile> files) {
    Set<String> dirs = new LinkedHashSet<>();
    for (WorkFile file : files) {
      String path = file.path();
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        dirs.add(path.substring(0, slash));
      }
    }
    return dirs;
  }

  /**
   * Why the sandbox itself failed, if it did: the launcher gave up, or bubblewrap never ran the program. Decided by
   * bubblewrap's status file alone, which the program cannot write: bubblewrap records an {@code exit-code} there
   * only when the program it ran exited, not when the launcher failed (no file, or no {@code child-pid}) nor when
   * setting up the sandbox failed after the child started (a bind, an exec). What the program printed and its exit
   * code never make a sandbox failure; stderr only words one that bubblewrap's file has shown.
   */
  private static Optional<String> failure(ProcessRun.Outcome outcome, Path stage) {
    String status;
    try {
      status = Files.readString(stage.resolve("status.json"));
    } catch (IOException e) {
      status = "";
    }
    if (status.contains("\"exit-code\"")) {
      return Optional.empty();
    }
    String firstLine = outcome.stderr().text().lines()
        .filter(l -> l.startsWith("bwrap: ") || l.startsWith("ace4j-launch: ")).findFirst().orElse("");
    return Optional.of(firstLine.isEmpty()
        ? "bubblewrap exited " + outcome.exitCode() + " before the program started"
        : firstLine);
  }

  /**
   * The run of a program bubblewrap could not exec (not found, not executable), which is the program's error: when
   * {@link #failure} found that the program never ran and bubblewrap's only words are its failed {@code execvp}. The
   * program cannot have written them, since it never ran.
   */
  private Optional<Execution> notStarted(ProcessRun.Outcome outcome) {
    Matcher execFailed = EXEC_FAILED.matcher(outcome.stderr().text().strip());
    return execFailed.matches()
        ? Results.notStarted(execFailed.group(1), execFailed.group(2), outcome.duration(), name())
        : Optional.empty();
  }

  private static TarArchive.Extracted readOutputs(Path stage, Limits limits) throws IOException {
    Path archive = stage.resolve("out.tar");
    if (!Files.isRegularFile(archive)) {
      return new TarArchive.Extracted(List.of(), List.of(), "");
    }
    try (InputStream in = Files.newInputStream(archive)) {
      return readOutputs(in, Files.size(archive), limits);
    }
  }

  /** The files of an output archive of {@code size} bytes, written (and so cut) under the file-size limit. */
  private static TarArchive.Extracted readOutputs(InputStream in, long size, Limits limits) {
    if (size == 0) {
      return new TarArchive.Extracted(List.of(), List.of(), "");
    }
    TarArchive.Extracted outputs = TarArchive.readRegularFiles(in, MAX_OUTPUT_FILES, limits.fileSizeBytes());
    if (outputs.truncated() && size >= limits.fileSizeBytes()) {
      // tar wrote the archive under the file-size limit, which cut it: say so rather than how it ends.
      return new TarArchive.Extracted(outputs.files(), outputs.rejected(), "together they are over the file-size "
          + "limit of " + limits.fileSizeBytes() + " bytes (" + outputs.truncation() + ")");
    }
    return outputs;
  }

  /**
   * Ends the sandbox: runs still going (as when the JVM shuts down on Ctrl-C) are killed and given a few seconds to
   * remove their run folders, then the control groups are removed.
   */
  @Override
  public void close() {
    closed = true;
    running.forEach(Process::destroyForcibly);
    cgroups.killAll();
    slots.awaitIdle(Duration.ofSeconds(5));
    warm.close();
    for (int slot = 0; slot < next.length(); slot++) {
      CompletableFuture<Process> ready = next.getAndSet(slot, null);
      if (ready != null) {
        ready.thenAccept(Process::destroyForcibly);
      }
    }
    cgroups.close();
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
