package dev.ace4j.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.ThirtyTwoBitCalls;
import dev.ace4j.sandbox.internal.SeccompFilter.Arch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs programs under the real filter in real bubblewrap. System call numbers and machine code in the snippets are
 * x86_64's, the architecture of the build host.
 */
class SeccompFilterTest {

  /** Exit status bubblewrap reports for a child killed by SIGSYS (128 + 31). */
  private static final int KILLED_BY_SIGSYS = 159;

  /** Makes the raw system call given as arguments and prints the errno name, or what it returned. */
  private static final String SYSCALL =
      String.join(
          "\n",
          "import ctypes, errno, os, sys",
          "libc = ctypes.CDLL(None, use_errno=True)",
          "parent = os.getpid()",
          "result = libc.syscall(*[ctypes.c_long(int(arg, 0)) for arg in sys.argv[1:]])",
          "if os.getpid() != parent:",
          "    os._exit(0)",
          "print(errno.errorcode[ctypes.get_errno()] if result == -1 else 'returned')");

  @TempDir static Path directory;
  private static Path filter;
  private static Path loopbackFilter;

  @BeforeAll
  static void writeFilter() throws IOException {
    filter = Files.write(directory.resolve("filter.bpf"), SeccompFilter.forHost());
    loopbackFilter = Files.write(directory.resolve("loopback.bpf"), SeccompFilter.forHost(true));
  }

  @Test
  void deniesPtraceWithEperm() throws Exception {
    assertThat(syscall("101", "0")).isEqualTo("EPERM");
  }

  @Test
  void deniesReadingAnotherProcessMemoryWithEperm() throws Exception {
    assertThat(syscall("310", "1", "0", "0", "0", "0", "0")).isEqualTo("EPERM");
  }

  @Test
  void deniesKeyctlWithEperm() throws Exception {
    assertThat(syscall("250", "0", "0")).isEqualTo("EPERM");
  }

  @Test
  void deniesUnsharingAUserNamespaceWithEperm() throws Exception {
    assertThat(syscall("272", "0x10000000")).isEqualTo("EPERM");
  }

  @Test
  void deniesCloningIntoANewUserNamespaceWithEperm() throws Exception {
    assertThat(syscall("56", "0x10000011", "0", "0", "0", "0")).isEqualTo("EPERM");
  }

  @Test
  void answersIoUringSetupWithEnosys() throws Exception {
    assertThat(syscall("425", "1", "0")).isEqualTo("ENOSYS");
  }

  @Test
  void answersClone3WithEnosys() throws Exception {
    assertThat(syscall("435", "0", "0")).isEqualTo("ENOSYS");
  }

  @Test
  void refusesInternetNetlinkAndVsockSocketsWithEafnosupport() throws Exception {
    for (String family : List.of("2", "10", "16", "40")) {
      assertThat(syscall("41", family, "1", "0")).as("family %s", family).isEqualTo("EAFNOSUPPORT");
    }
  }

  @Test
  void refusesSocketpairsOfAnyFamilyButUnixWithEafnosupport() throws Exception {
    assertThat(syscall("53", "2", "1", "0", "0")).isEqualTo("EAFNOSUPPORT");
  }

  @Test
  void theLoopbackFilterAllowsInternetSocketsOnly() throws Exception {
    assertThat(syscallUnder(loopbackFilter, "41", "2", "1", "0")).isEqualTo("returned");
    assertThat(syscallUnder(loopbackFilter, "41", "10", "1", "0")).isEqualTo("returned");
    for (String family : List.of("16", "17", "40")) {
      assertThat(syscallUnder(loopbackFilter, "41", family, "3", "0")).as("family %s", family)
          .isEqualTo("EAFNOSUPPORT");
    }
    assertThat(syscallUnder(loopbackFilter, "53", "2", "1", "0", "0")).isEqualTo("EAFNOSUPPORT");
    assertThat(syscallUnder(loopbackFilter, "101", "0")).isEqualTo("EPERM");
  }

  @Test
  void allowsUnixSockets() throws Exception {
    assertThat(syscall("41", "1", "1", "0")).isEqualTo("returned");
  }

  @Test
  void deniesInjectingTerminalInputWithEperm() throws Exception {
    assertThat(syscall("16", "0", "0x5412", "0")).isEqualTo("EPERM");
  }

  @Test
  void deniesTiocLinuxWithEperm() throws Exception {
    assertThat(syscall("16", "0", "0x541C", "0")).isEqualTo("EPERM");
  }

  @Test
  void letsOtherIoctlsReachTheKernel() throws Exception {
    assertThat(syscall("16", "0", "0x5413", "0")).isEqualTo("ENOTTY");
  }

  @Test
  void killsAProcessThatMakesAnX32SystemCall() throws Exception {
    Run run = sandboxed(python(SYSCALL, "0x40000027"));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(KILLED_BY_SIGSYS);
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void killsAProcessThatMakesA32BitSystemCall() throws Exception {
    assumeTrue(ThirtyTwoBitCalls.reachTheKernel(), "this kernel has no 32-bit system-call entry (no IA32 emulation)");
    Run run = sandboxed(python(ThirtyTwoBitCalls.INT_0X80));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(KILLED_BY_SIGSYS);
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void runsOrdinaryPython() throws Exception {
    Run run = sandboxed(python("print(1)"));

    assertThat(run.stdout()).as(run.toString()).isEqualTo("1\n");
  }

  @Test
  void letsPythonStartAThreadAndASubprocess() throws Exception {
    String code =
        String.join(
            "\n",
            "import subprocess, threading",
            "thread = threading.Thread(target=lambda: print('thread', flush=True))",
            "thread.start()",
            "thread.join()",
            "print(subprocess.run(['/usr/bin/python3', '-c', 'print(42)'], capture_output=True, text=True).stdout)");

    Run run = sandboxed(python(code));

    assertThat(run.stdout()).as(run.toString()).isEqualTo("thread\n42\n\n");
  }

  @Test
  void runsNode() throws Exception {
    Run run =
        sandboxed(
            List.of(
                "/usr/bin/node",
                "-e",
                "console.log(require('fs').readFileSync('/proc/self/status', 'utf8').includes('Seccomp:\\t2'))"));

    assertThat(run.stdout()).as(run.toString()).isEqualTo("true\n");
  }

  @Test
  void runsJava() throws Exception {
    // The JDK a sandbox runs Java with by default: the one running these tests.
    Path javaHome = SandboxSettings.defaults().javaHome().orElse(Path.of(System.getProperty("java.home")));
    Path java = javaHome.resolve("bin/java");
    assumeTrue(Files.isExecutable(java), "no JDK at " + javaHome);
    Path home = javaHome.toRealPath();
    // Only /usr is bound below; a JDK elsewhere (an SDKMAN or CI install) is bound where it lies.
    List<String> bind = home.startsWith("/usr/") ? List.of() : List.of("--ro-bind", home.toString(), home.toString());
    Run run = sandboxed(filter, bind, List.of(home.resolve("bin/java").toString(), "-version"));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stderr()).contains("OpenJDK 64-Bit Server VM");
  }

  @Test
  void buildsTheAarch64FilterAroundItsAuditArch() {
    ByteBuffer program = ByteBuffer.wrap(SeccompFilter.forArch(Arch.AARCH64)).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(program.getInt(4)).as("load seccomp_data.arch").isEqualTo(4);
    assertThat(program.getInt(12)).as("compare with AUDIT_ARCH_AARCH64").isEqualTo(0xC00000B7);
  }

  @Test
  void keepsEveryJumpInsideTheProgramAndEndsWithAReturn() {
    for (Arch arch : Arch.values()) {
      byte[] program = SeccompFilter.forArch(arch);
      int count = program.length / 8;
      ByteBuffer bytes = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < count; i++) {
        boolean jump = (bytes.getShort(i * 8) & 0x07) == 0x05;
        int furthest = i + 1 + Math.max(bytes.get(i * 8 + 2) & 0xFF, bytes.get(i * 8 + 3) & 0xFF);
        assertThat(!jump || furthest < count).as("%s instruction %d jumps out", arch, i).isTrue();
      }
      assertThat(bytes.getShort((count - 1) * 8)).as("%s last instruction", arch).isEqualTo((short) 0x06);
    }
  }

  @Test
  void refusesAnArchitectureItHasNoFilterFor() {
    assertThatThrownBy(() -> Arch.ofOsArch("s390x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s390x");
  }

  private static String syscall(String... numberAndArguments) throws Exception {
    return syscallUnder(filter, numberAndArguments);
  }

  private static String syscallUnder(Path bpf, String... numberAndArguments) throws Exception {
    Run run = sandboxed(bpf, python(SYSCALL, numberAndArguments));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run.stdout().strip();
  }

  private static List<String> python(String code, String... arguments) {
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-I", "-c", code));
    command.addAll(List.of(arguments));
    return command;
  }

  /** Runs {@code command} in bubblewrap under the filter, as nobody when the tests run as root (as in production). */
  private static Run sandboxed(List<String> command) throws IOException, InterruptedException {
    return sandboxed(filter, command);
  }

  private static Run sandboxed(Path bpf, List<String> command) throws IOException, InterruptedException {
    return sandboxed(bpf, List.of(), command);
  }

  /** Runs {@code command} under the filter {@code bpf} in bubblewrap, with {@code options} added to bubblewrap's. */
  private static Run sandboxed(Path bpf, List<String> options, List<String> command)
      throws IOException, InterruptedException {
    List<String> line =
        new ArrayList<>(List.of("bash", "-c", "exec 3<\"$1\"; shift; exec \"$@\"", "bash", bpf.toString()));
    if ("root".equals(System.getProperty("user.name"))) {
      line.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--"));
    }
    line.addAll(
        List.of(
            "bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
            "--setenv", "PATH", "/usr/bin",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
    line.addAll(options);
    line.addAll(List.of("--seccomp", "3", "--"));
    line.addAll(command);
    Process process = new ProcessBuilder(line).start();
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + line);
    }
    return new Run(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, String stdout, String stderr) {}
}
