package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.Backend;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.OutputFile;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.WorkFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain child processes with <strong>no isolation</strong>, for hosts without bubblewrap (macOS, Windows, locked-down
 * containers). The program sees the host's files and network as the user running ace. Only the wall-clock limit,
 * the output caps and an empty environment apply. Every run is announced on standard error.
 */
public final class ProcessSandbox implements Sandbox {
  private static final int MAX_OUTPUT_FILES = 1000;
  /** The end of the JVM's words when it cannot start a program: {@code error=2, No such file or directory}. */
  private static final Pattern START_FAILED = Pattern.compile("error=\\d+, ([^:\\n]+)$");

  private final SandboxSettings settings;
  private final Path stateDir;
  private final Slots slots;
  private final Consumer<String> announce;

  private ProcessSandbox(SandboxSettings settings, Path stateDir, Consumer<String> announce) {
    this.settings = settings;
    this.stateDir = stateDir;
    this.slots = new Slots(settings.maxConcurrent());
    this.announce = announce;
  }

  /** A process sandbox that announces each run on standard error. */
  public static ProcessSandbox create(SandboxSettings settings) {
    return new ProcessSandbox(settings, StateDir.prepare(settings.stateDir()), System.err::println);
  }

  /** A process sandbox for host checks, which say once that there is no isolation instead of on every probe. */
  static ProcessSandbox quiet(SandboxSettings settings) {
    return new ProcessSandbox(settings, StateDir.prepare(settings.stateDir()), message -> { });
  }

  @Override
  public String name() {
    return Backend.UNSAFE_PROCESS.id();
  }

  @Override
  public Execution execute(ExecutionRequest request) {
    Runtimes runtimes = Runtimes.resolve(settings, request);
    RunPlan plan = Runners.plan(request, runtimes.inSandbox(() -> StateDir.junitConsole(stateDir),
        () -> StateDir.pitestJars(stateDir)));
    announce.accept("ace4j: WARNING: sandbox unsafe-process runs " + request.language().id()
        + " code with NO isolation: it can read and change your files and reach the network");
    int slot = slots.acquire();
    try {
      return Results.withFallback(plan, chosen -> execute(request, chosen));
    } finally {
      slots.release(slot);
    }
  }

  private Execution execute(ExecutionRequest request, RunPlan plan) {
    List<Path> dirs = new ArrayList<>();
    try {
      Path work = folder(plan.files(), dirs);
      Consumer<Process> killTree = process -> {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      };
      long fileSize = request.limits().fileSizeBytes();
      ProcessRun.Outcome outcome;
      Collected files;
      if (plan.sealedCode().isPresent()) {
        RunPlan.CodeSide code = plan.sealedCode().get();
        Path codeWork = folder(code.files(), dirs);
        Path pipes = folder(List.of(), dirs);
        SealedRun.Channel channel = SealedRun.Channel.create(pipes);
        Process tests = Spawner.start(builder(work, withChannel(plan.argv(), channel.testsEnds()), request, plan));
        Process codeProcess = Spawner.start(builder(codeWork, withChannel(code.argv(), channel.codeEnds()), request,
            plan));
        SealedRun.Outcomes both = SealedRun.run(tests, new byte[0], codeProcess, request.stdin(),
            request.limits().wall(), request.limits().outputBytes(), channel, killTree, () -> false);
        outcome = both.merged();
        files = collect(work, plan.outputs(), fileSize).and(collect(codeWork, code.outputs(), fileSize));
      } else {
        long startNanos = System.nanoTime();
        Process process;
        try {
          process = Spawner.start(builder(work, plan.argv(), request, plan));
        } catch (IOException e) {
          Optional<Execution> notStarted = notStarted(plan.argv().get(0), e,
              Duration.ofNanos(System.nanoTime() - startNanos));
          if (notStarted.isPresent()) {
            return notStarted.get();
          }
          throw e;
        }
        outcome = ProcessRun.run(process, request.stdin(), request.limits().wall(), request.limits().outputBytes(),
            killTree);
        files = collect(work, plan.outputs(), fileSize);
      }
      return Results.assemble(request, plan,
          new Results.Run(outcome, files.files(), List.of(), Optional.empty(), Optional.empty(),
              files.stoppedCopying()), name());
    } catch (IOException e) {
      return Results.failure(name(), "could not run the process: " + e.getMessage());
    } finally {
      dirs.forEach(StateDir::deleteQuietly);
    }
  }

  /**
   * The run of a program the JVM could not start because of its path (not found, not executable), which is the
   * program's error: {@code ProcessBuilder} words it as {@code Cannot run program "...": error=2, REASON}.
   */
  private Optional<Execution> notStarted(String program, IOException e, Duration duration) {
    Matcher reason = START_FAILED.matcher(String.valueOf(e.getMessage()));
    return reason.find() ? Results.notStarted(program, reason.group(1), duration, name()) : Optional.empty();
  }

  private Path folder(List<WorkFile> files, List<Path> dirs) throws IOException {
    Path dir = StateDir.stage(stateDir, List.of());
    dirs.add(dir);
    for (WorkFile file : files) {
      Path target = dir.resolve(file.path());
      Files.createDirectories(target.getParent());
      Files.write(target, file.content());
    }
    return dir;
  }

  private static ProcessBuilder builder(Path work, List<String> argv, ExecutionRequest request, RunPlan plan) {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(work.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", work.toString());
    env.put("TMPDIR", work.toString());
    env.put("LANG", "C.UTF-8");
    env.putAll(request.environment());
    env.putAll(plan.environment());
    return builder;
  }

  /** The command behind a shell that opens the channel's ends as descriptors 3 and 4, as bubblewrap's launcher does. */
  private static List<String> withChannel(List<String> argv, List<String> ends) {
    List<String> command = new ArrayList<>(List.of("/bin/bash", "-c",
        "for end in \"$1\" \"$2\"; do case $end in \"<\"*) exec 3<\"${end:1}\" ;; *) exec 4>\"${end:1}\" ;; esac; "
            + "done; shift 2; exec \"$@\"", "ace-sealed"));
    command.addAll(ends);
    command.addAll(argv);
    return command;
  }

  /** Files copied out, and why copying stopped early when a cap was reached. */
  private record Collected(List<OutputFile> files, Optional<String> stoppedCopying) {
    Collected and(Collected other) {
      List<OutputFile> all = new ArrayList<>(files);
      all.addAll(other.files());
      return new Collected(all, stoppedCopying.or(other::stoppedCopying));
    }
  }

  private static Collected collect(Path work, List<String> outputs, long maxBytes) throws IOException {
    List<OutputFile> files = new ArrayList<>();
    long[] total = {0};
    List<String> stopped = new ArrayList<>();
    for (String output : outputs) {
      Path start = work.resolve(output);
      if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (!attrs.isRegularFile()) {
            return FileVisitResult.CONTINUE;
          }
          if (files.size() >= MAX_OUTPUT_FILES || total[0] + attrs.size() > maxBytes) {
            String name = work.relativize(file).toString();
            stopped.add(files.size() >= MAX_OUTPUT_FILES ? "more than " + MAX_OUTPUT_FILES + " files; stopped at "
                + name : name + " (" + attrs.size() + " bytes) would take the files over " + maxBytes + " bytes");
            return FileVisitResult.TERMINATE;
          }
          total[0] += attrs.size();
          files.add(new OutputFile(work.relativize(file).toString(), Files.readAllBytes(file)));
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return new Collected(files, stopped.stream().findFirst());
  }

  @Override
  public void close() {}
}
