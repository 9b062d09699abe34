package dev.ace4j.sandbox.security;

import static dev.ace4j.sandbox.security.Payloads.bash;
import static dev.ace4j.sandbox.security.Payloads.marked;
import static dev.ace4j.sandbox.security.Payloads.python;
import static dev.ace4j.sandbox.security.Payloads.snippet;
import static dev.ace4j.sandbox.security.Payloads.wall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.OutputFile;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.WorkFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Launch and API-level injection, reference/sandboxes.md §3.5 (L1–L6): what a request carries (code, names,
 * arguments, environment, limits) reaches the program as data, never as host-side shell syntax or settings.
 */
@Timeout(60)
class LaunchTest {
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create(Payloads.settings());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Execution run(ExecutionRequest.Builder request) {
    return sandbox.execute(request.build());
  }

  @Test
  @DisplayName("L1 shell metacharacters and newlines in code run literally")
  void shellMetacharactersInCodeRunLiterally() {
    String text = "$(touch /tmp/pwned) `id` ; | & > < * ~ \\\\ '\\\" \\n second line";
    Execution run = run(python("print(\"" + text + "\")\n"));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).isEqualTo("$(touch /tmp/pwned) `id` ; | & > < * ~ \\ '\" \n second line\n");
  }

  @Test
  @DisplayName("L1 shell metacharacters and spaces in work file names are taken literally")
  void shellMetacharactersInFileNamesAreTakenLiterally(@TempDir Path hostDir) {
    List<String> names = List.of("a; touch pwned.txt", "$(touch pwned2.txt)", "`touch pwned3.txt`",
        "dir with space/x y.txt", "-rf", "it's \"quoted\".txt", "*", "a|b&c>d");
    ExecutionRequest.Builder request = python("""
        import os
        for root, dirs, files in os.walk('.'):
            for name in files:
                path = os.path.relpath(os.path.join(root, name))
                if path != 'main.py':
                    print(path, '=', open(path).read())
        """);
    names.forEach(name -> request.file(name, "content of " + name));
    Execution run = run(request);

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.stdout().text().lines().sorted().toList())
        .isEqualTo(names.stream().map(n -> n + " = content of " + n).sorted().toList());
    assertThat(Path.of(System.getProperty("user.dir"), "pwned.txt")).doesNotExist();
    assertThat(hostDir.getParent().resolve("pwned.txt")).doesNotExist();
  }

  @Test
  @DisplayName("L1 output names with shell and tar syntax come out literally")
  void outputNamesWithShellAndTarSyntaxComeOutLiterally() {
    List<String> outputs = List.of("out; rm -rf x", "$(id).txt", "--checkpoint-action=exec=touch PWNED",
        "-T", "--files-from=main.py");
    ExecutionRequest.Builder request = python("""
        for name in %s:
            with open(name, 'w') as f:
                f.write('data:' + name)
        """.formatted(pythonList(outputs)));
    outputs.forEach(request::output);
    Execution run = run(request);

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.files()).extracting(OutputFile::path).containsExactlyInAnyOrderElementsOf(outputs);
    assertThat(run.files()).allMatch(f -> f.text().equals("data:" + f.path()));
  }

  private static String pythonList(List<String> items) {
    StringBuilder list = new StringBuilder("[");
    for (String item : items) {
      list.append('\'').append(item.replace("\\", "\\\\").replace("'", "\\'")).append("', ");
    }
    return list.append(']').toString();
  }

  @Test
  @DisplayName("L1 a command's arguments reach the program as a list, never through a shell")
  void aCommandsArgumentsReachTheProgramAsAList() {
    Execution run = sandbox.execute(ExecutionRequest.command(
            List.of("printf", "[%s]\\n", "$(id)", "a;b", "`x`", "*", "two words", "line\nbreak"))
        .limits(wall(Duration.ofSeconds(5))).build());

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).isEqualTo("[$(id)]\n[a;b]\n[`x`]\n[*]\n[two words]\n[line\nbreak]\n");
  }

  @Test
  @DisplayName("L2 BASH_ENV and LD_PRELOAD from the request apply inside only, never to the host-side launcher")
  void bashEnvAndLdPreloadApplyInsideOnly(@TempDir Path hostDir) throws Exception {
    Path touched = hostDir.resolve("launcher-sourced-bash-env");
    Path hostScript = hostDir.resolve("bash-env.sh");
    Files.writeString(hostScript, "touch '" + touched + "'\n");
    Execution run = run(bash("echo \"BASH_ENV=$BASH_ENV\"\necho \"LD_PRELOAD=$LD_PRELOAD\"\n")
        .environment("BASH_ENV", hostScript.toString())
        .environment("LD_PRELOAD", hostScript.toString()));

    // The launcher is bash: had it inherited BASH_ENV it would have run the host script, and had setpriv or
    // bubblewrap inherited LD_PRELOAD, the loader would have rejected the host file as not ELF.
    assertThat(touched).doesNotExist();
    assertThat(run.status()).as(run.stderr().text()).isEqualTo(Status.OK);
    assertThat(run.stderr().text()).doesNotContain("ELF", "too short");
    assertThat(run.stdout().text()).isEqualTo("BASH_ENV=" + hostScript + "\nLD_PRELOAD=" + hostScript + "\n");
  }

  @Test
  @DisplayName("L2 NODE_OPTIONS from the request takes effect inside the sandbox")
  void nodeOptionsFromTheRequestTakeEffectInside() {
    Execution run = run(snippet(Language.JAVASCRIPT, "console.log('main');")
        .file("preload.js", "console.log('preloaded');")
        .environment("NODE_OPTIONS", "--require /work/preload.js"));

    assertThat(run.stdout().text()).isEqualTo("preloaded\nmain\n");
  }

  @Test
  @DisplayName("L2 a variable value that looks like a bubblewrap option stays a value")
  void aVariableValueThatLooksLikeABubblewrapOptionStaysAValue() {
    Execution run = run(python("import os\nprint(os.environ['X'], os.path.exists('/host'))")
        .environment("X", "--bind / /host"));

    assertThat(run.stdout().text()).isEqualTo("--bind / /host False\n");
  }

  @Test
  @DisplayName("L3 the Java compile step runs inside the sandbox under the run's wall-clock limit")
  void theJavaCompileStepRunsInsideUnderTheWallClockLimit() throws Exception {
    String marker = HostProcesses.newMarker();
    Duration wall = Duration.ofMillis(1000);
    CompletableFuture<Execution> running = CompletableFuture.supplyAsync(() -> sandbox.execute(
        marked(ExecutionRequest.testSuite(Language.JAVA,
            "public class Solution { public static int one() { return 1; } }",
            """
            import org.junit.jupiter.api.Test;

            public class SolutionTest {
              @Test
              void one() {
                if (Solution.one() != 1) throw new AssertionError();
              }
            }
            """), marker)
        .limits(wall(wall)).build()));
    Set<String> seen = new TreeSet<>();
    while (!running.isDone()) {
      seen.addAll(HostProcesses.survivors(marker));
      Thread.sleep(10);
    }
    Execution run = running.get();

    // The compile step (the bridge's "prepare", javac in the sandbox's JVM) was seen running as a sandbox process:
    // in a pid namespace of its own, and as a sandbox uid when the tests run as root.
    List<String> compiles = seen.stream()
        .filter(line -> line.contains(".AceSealed prepare ") && !line.contains("/bin/sh -c")).toList();
    assertThat(compiles).as("marked processes seen while the run lasted: %s", seen).isNotEmpty()
        .allSatisfy(line -> {
          assertThat(line).matches("\\d+ uid=\\d+ nspid=\\d+(/\\d+)+ .*");
          if (HostProcesses.hostIsRoot()) {
            long uid = Long.parseLong(line.replaceFirst("^\\d+ uid=(\\d+) .*", "$1"));
            assertThat(uid).isBetween(HostProcesses.SANDBOX_UID_FIRST, HostProcesses.SANDBOX_UID_LAST);
          }
        });
    // The wall clock, not the compiler, ended it: nothing was compiled far enough to run a test.
    assertThat(run.status()).as(run.detail()).isEqualTo(Status.TIMEOUT);
    assertThat(run.detail()).startsWith("wall-clock limit of 1 s reached");
    assertThat(run.duration()).isBetween(wall, wall.plusSeconds(5));
    assertThat(run.tests()).isEmpty();
    assertThat(run.stdout().text()).doesNotContain("tests successful");
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
  }

  @Test
  @DisplayName("L4 language escape hatches meet the same kernel walls: node child_process, ctypes mount and setuid")
  void languageEscapeHatchesMeetTheSameKernelWalls() {
    Execution node = run(snippet(Language.JAVASCRIPT, """
        const r = require('child_process').spawnSync('sh', ['-c', 'cat /etc/shadow; ls /root; echo done']);
        console.log(r.stdout.toString() + r.stderr.toString());
        """));
    Execution ctypes = run(python("""
        import ctypes, errno
        libc = ctypes.CDLL(None, use_errno=True)
        print('mount', libc.mount(b'none', b'/usr', b'tmpfs', 0, None), errno.errorcode[ctypes.get_errno()])
        print('setuid', libc.setuid(0), errno.errorcode[ctypes.get_errno()])
        """));

    assertThat(node.stdout().text()).contains("/etc/shadow: No such file", "/root", "No such file", "done");
    assertThat(ctypes.stdout().text()).matches("mount -1 EPERM\nsetuid -1 (EPERM|EINVAL)\n");
  }

  @Test
  @DisplayName("L9 a program that prints the launcher's and bubblewrap's errors and exits 125 gets error")
  void aProgramImitatingASandboxFailureGetsError() {
    Execution run = run(python("""
        import sys
        print('ace4j-launch: cannot set resource limits (-v 1)', file=sys.stderr)
        print("bwrap: Can't mount proc on /newroot/proc", file=sys.stderr)
        sys.exit(125)
        """));

    assertThat(run.status()).as(run.detail()).isEqualTo(Status.ERROR);
    assertThat(run.exitCode()).isEqualTo(125);
    assertThat(run.detail()).isEmpty();
  }

  @Test
  @DisplayName("L9 a bubblewrap that never starts the program is a sandbox_failure")
  void aBubblewrapThatNeverStartsTheProgramIsASandboxFailure() {
    try (Sandbox broken = Sandboxes.create(Payloads.settings().withBubblewrap(Path.of("/bin/false")))) {
      Execution run = broken.execute(ExecutionRequest.snippet(Language.PYTHON, "print('ran')").build());

      assertThat(run.status()).isEqualTo(Status.SANDBOX_FAILURE);
      assertThat(run.detail()).isEqualTo("bubblewrap exited 1 before the program started");
    }
  }

  @Test
  @DisplayName("L10 a seccomp filter another ace writes into the shared state folder does not replace this one's")
  void anotherAcesSeccompFilterInTheStateFolderDoesNotReplaceThisSandboxes(@TempDir Path shared) throws Exception {
    try (Sandbox mine = Sandboxes.create(Payloads.settings().withStateDir(shared))) {
      // What an older ace writes there, under the name every ace used to read: here, bytes that are no filter.
      Files.write(shared.resolve("seccomp.bpf"), new byte[16]);
      Execution run = mine.execute(ExecutionRequest.snippet(Language.PYTHON, """
          import errno, socket
          try:
              socket.socket(socket.AF_INET, socket.SOCK_STREAM)
              print("made a TCP socket")
          except OSError as e:
              print(errno.errorcode[e.errno])
          """).build());

      assertThat(run.status()).as(run.detail() + run.stderr().text()).isEqualTo(Status.OK);
      assertThat(run.stdout().text()).isEqualTo("EAFNOSUPPORT\n");
    }
  }

  static Stream<Arguments> outOfRangeLimits() {
    Limits limits = Limits.defaults();
    return Stream.of(
        bad("wall 0", () -> limits.withWall(Duration.ZERO)),
        bad("wall -1 s", () -> limits.withWall(Duration.ofSeconds(-1))),
        bad("wall 1 day", () -> limits.withWall(Duration.ofDays(1))),
        bad("cpu 0", () -> limits.withCpu(Duration.ZERO)),
        bad("cpu 1 year", () -> limits.withCpu(Duration.ofDays(365))),
        bad("memory 0", () -> limits.withMemoryBytes(0)),
        bad("memory -1", () -> limits.withMemoryBytes(-1)),
        bad("memory Long.MAX_VALUE", () -> limits.withMemoryBytes(Long.MAX_VALUE)),
        bad("processes 0", () -> limits.withProcesses(0)),
        bad("processes -1", () -> limits.withProcesses(-1)),
        bad("processes Integer.MAX_VALUE", () -> limits.withProcesses(Integer.MAX_VALUE)),
        bad("file size 0", () -> limits.withFileSizeBytes(0)),
        bad("file size -1", () -> limits.withFileSizeBytes(-1)),
        bad("file size Long.MAX_VALUE", () -> limits.withFileSizeBytes(Long.MAX_VALUE)),
        bad("output 0", () -> limits.withOutputBytes(0)),
        bad("output -1", () -> limits.withOutputBytes(-1)),
        bad("output Long.MAX_VALUE", () -> limits.withOutputBytes(Long.MAX_VALUE)),
        bad("concurrency 0", () -> Payloads.settings().withMaxConcurrent(0)),
        bad("concurrency 100000", () -> Payloads.settings().withMaxConcurrent(100_000)));
  }

  private static Arguments bad(String name, ThrowingCallable limit) {
    return Arguments.of(Named.of(name, limit));
  }

  @ParameterizedTest(name = "L5 a limit of {0} is rejected")
  @MethodSource("outOfRangeLimits")
  @DisplayName("L5 out-of-range limits are rejected with InvalidRequestException")
  void outOfRangeLimitsAreRejected(ThrowingCallable limit) {
    assertThatThrownBy(limit).isInstanceOf(InvalidRequestException.class).hasMessageContaining("out of range");
  }

  @Test
  @DisplayName("L5 the largest accepted limits are the documented maxima")
  void theLargestAcceptedLimitsAreTheDocumentedMaxima() {
    assertThatCode(() -> new Limits(Limits.MAX_TIME, Limits.MAX_TIME, Limits.MAX_MEMORY, Limits.MAX_PROCESSES,
        Limits.MAX_FILE_SIZE, Limits.MAX_OUTPUT)).doesNotThrowAnyException();
    assertThatThrownBy(() -> new Limits(Limits.MAX_TIME.plusMillis(1), Limits.MAX_TIME, Limits.MAX_MEMORY,
        Limits.MAX_PROCESSES, Limits.MAX_FILE_SIZE, Limits.MAX_OUTPUT)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  @DisplayName("L5 a work file name with a NUL or newline is rejected before anything runs")
  void aWorkFileNameWithANulOrNewlineIsRejected() {
    assertThatThrownBy(() -> WorkFile.of("a\nb.py", "x")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> ExecutionRequest.command(List.of("echo", "a\0b")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> ExecutionRequest.snippet(Language.PYTHON, "pass").environment("BAD NAME", "x"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
