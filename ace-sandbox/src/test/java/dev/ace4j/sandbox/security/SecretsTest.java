package dev.ace4j.sandbox.security;

import static dev.ace4j.sandbox.security.Payloads.python;
import static dev.ace4j.sandbox.security.Payloads.snippet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets and information disclosure, reference/sandboxes.md §3.2 (S1–S10): nothing of the host (its environment,
 * files, processes, descriptors, sockets) is visible inside, and nothing of one run is visible to the next.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsTest {
  /** What every program sees: ace4j's allow-list, plus what shells add to their own children. */
  /** The sandbox's own variables, the shells' bookkeeping, and Python's fixed hash seed (reproducible output). */
  private static final Set<String> ALLOWED =
      Set.of("PATH", "HOME", "TMPDIR", "LANG", "PWD", "SHLVL", "_", "OLDPWD", "PYTHONHASHSEED");

  /** One slot, so that successive runs are sure to reuse the same uid and control groups. */
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create(Payloads.settings().withMaxConcurrent(1));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Execution run(ExecutionRequest.Builder request) {
    return sandbox.execute(request.build());
  }

  /** The variable names of {@code NAME=value} lines. */
  private static Set<String> names(String lines) {
    return lines.lines().filter(l -> l.matches("[A-Za-z_][A-Za-z0-9_]*=.*"))
        .map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toCollection(TreeSet::new));
  }

  private static void assertOnlyAllowedVariables(Execution run) {
    assertThat(run.status()).as(run.stderr().text()).isEqualTo(Status.OK);
    Set<String> names = names(run.stdout().text());
    assertThat(names).contains("PATH", "HOME", "GREETING").allMatch(n -> ALLOWED.contains(n) || n.equals("GREETING"));
    assertThat(run.stdout().text()).contains("GREETING=hello");
  }

  @Test
  @DisplayName("S1 Python sees only allow-listed variables and the ones the request adds")
  void pythonSeesOnlyAllowListedVariables() {
    assertOnlyAllowedVariables(run(python("import os\nfor k, v in os.environ.items():\n    print(k + '=' + v)\n")
        .environment("GREETING", "hello")));
  }

  @Test
  @DisplayName("S1 bash printenv shows only allow-listed variables and the ones the request adds")
  void bashPrintenvShowsOnlyAllowListedVariables() {
    assertOnlyAllowedVariables(run(Payloads.bash("printenv").environment("GREETING", "hello")));
  }

  @Test
  @DisplayName("S1 node process.env holds only allow-listed variables and the ones the request adds")
  void nodeProcessEnvHoldsOnlyAllowListedVariables() {
    assertOnlyAllowedVariables(run(snippet(Language.JAVASCRIPT,
        "for (const [k, v] of Object.entries(process.env)) console.log(k + '=' + v);")
        .environment("GREETING", "hello")));
  }

  @Test
  @DisplayName("S1 Java System.getenv() holds only allow-listed variables and the ones the request adds")
  void javaGetenvHoldsOnlyAllowListedVariables() {
    assertOnlyAllowedVariables(run(snippet(Language.JAVA, """
        public class Main {
          public static void main(String[] args) {
            System.getenv().forEach((k, v) -> System.out.println(k + "=" + v));
          }
        }
        """).environment("GREETING", "hello")));
  }

  @Test
  @DisplayName("S2 /proc/1/environ is empty or closed and no /proc/*/environ holds more than the allow-list")
  void procEnvironHoldsNothingOfTheHost() {
    // pid 1 is bubblewrap's init (empty environment) in a cold sandbox, the warm server (not dumpable) in a warm one.
    Execution run = run(python("""
        import os
        def environ(pid):
            try:
                return open('/proc/%s/environ' % pid, 'rb').read()
            except PermissionError:
                return None
        print('pid1', 'closed' if environ(1) is None else environ(1))
        for pid in (p for p in os.listdir('/proc') if p.isdigit()):
            for entry in (environ(pid) or b'').split(b'\\0'):
                if entry:
                    print(entry.decode())
        """));

    assertThat(run.stdout().text()).matches("(?s)pid1 (b''|closed)\n.*");
    assertThat(names(run.stdout().text())).isNotEmpty().isSubsetOf(ALLOWED);
  }

  @Test
  @Timeout(180)
  @DisplayName("S1 S2 a host environment variable holding a fake secret is visible nowhere inside")
  void aHostSecretIsVisibleNowhereInside(@TempDir Path dir) throws Exception {
    String secret = HostSecretProbe.PREFIX + UUID.randomUUID().toString().replace("-", "");
    Path output = dir.resolve("probe.txt");
    ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), HostSecretProbe.class.getName())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    child.environment().put(HostSecretProbe.VARIABLE, secret);
    Process process = child.start();
    boolean exited = process.waitFor(150, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String seen = Files.readString(output, StandardCharsets.ISO_8859_1);

    assertThat(exited).as(seen).isTrue();
    assertThat(process.exitValue()).as(seen).isZero();
    assertThat(seen).contains("host holds the secret: true", "== python environment: ok",
        "== python file system search: ok", "== bash environment: ok", "== node environment: ok",
        "== java environment: ok", "PATH=/usr/local/bin");
    assertThat(seen).containsPattern("walked \\d{4,} files, searched \\d+ of them").contains("hit /tmp/canary");
    assertThat(seen).doesNotContain(secret).doesNotContain(secret.substring(HostSecretProbe.PREFIX.length()));
  }

  @Test
  @DisplayName("S3 host files are absent: /etc/shadow, /etc/passwd, /root, /home, ~/.m2, the project, host /tmp")
  void hostFilesAreAbsent() throws Exception {
    Path hostTemp = Files.createTempFile("ace4j-s3-", ".txt");
    try {
      String home = System.getProperty("user.home");
      List<String> paths = List.of("/etc/shadow", "/etc/passwd", "/etc/hostname", "/root", "/home",
          home + "/.m2", home + "/.ssh", home + "/.aws/credentials", "/work/main", System.getProperty("user.dir"),
          "/var/run/docker.sock", "/run", hostTemp.toString());
      Execution run = run(python("""
          import errno, os
          for path in %s:
              try:
                  os.stat(path)
                  print(path, 'visible')
              except OSError as e:
                  print(path, errno.errorcode[e.errno])
          """.formatted(pythonList(paths))));

      assertThat(run.status()).isEqualTo(Status.OK);
      assertThat(run.stdout().text().lines()).hasSize(paths.size())
          .allMatch(line -> line.endsWith(" ENOENT") || line.endsWith(" EACCES"));
    } finally {
      Files.delete(hostTemp);
    }
  }

  private static String pythonList(List<String> items) {
    return items.stream().map(i -> "'" + i.replace("\\", "\\\\").replace("'", "\\'") + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  @Test
  @DisplayName("S4 /proc shows only the sandbox's own processes and its kernel knobs are not writable")
  void procShowsOnlyTheSandboxsOwnProcesses() {
    long hostPid = ProcessHandle.current().pid();
    Execution run = run(python("""
        import errno, os
        pids = [int(p) for p in os.listdir('/proc') if p.isdigit()]
        print('pids', len(pids), 'highest', max(pids))
        print('host pid visible', os.path.exists('/proc/%d'))
        for path, mode in (('/proc/sys/kernel/hostname', 'w'), ('/proc/sys/vm/drop_caches', 'w'),
                           ('/proc/sysrq-trigger', 'w'), ('/proc/kcore', 'rb')):
            try:
                with open(path, mode) as f:
                    f.write('1') if 'w' in mode else f.read(1)
                print(path, 'allowed')
            except OSError as e:
                print(path, errno.errorcode[e.errno])
        print(open('/proc/self/mountinfo').read())
        """.formatted(hostPid)));

    String out = run.stdout().text();
    // A new pid namespace numbers from 1: bubblewrap's init, perhaps a wrapper shell, and the program.
    assertThat(out).containsPattern("^pids [1-4] highest [1-9]\n").contains("host pid visible False\n");
    assertThat(out).doesNotContain("allowed");
    String home = System.getProperty("user.home");
    assertThat(out).doesNotContain(" " + home + " ", " " + home + "/", System.getProperty("user.dir"));
  }

  @Test
  @DisplayName("S5 there is no /sys")
  void thereIsNoSys() {
    Execution run = run(python("import os\nprint(os.path.exists('/sys'), os.path.exists('/sys/class/net'))"));

    assertThat(run.stdout().text()).isEqualTo("False False\n");
  }

  private static final String OPEN_DESCRIPTORS = """
      import os
      fds = []
      for name in os.listdir('/proc/self/fd'):
          try:
              os.fstat(int(name))
              fds.append(int(name))
          except OSError:
              pass  # the descriptor listdir read the directory through, closed by now
      print(sorted(fds))
      """;

  @Test
  @DisplayName("S6 only descriptors 0, 1 and 2 are open in the program")
  void onlyDescriptorsZeroOneAndTwoAreOpen() {
    Execution run = run(python(OPEN_DESCRIPTORS));

    assertThat(run.stdout().text()).isEqualTo("[0, 1, 2]\n");
  }

  @Test
  @DisplayName("S6 only descriptors 0, 1 and 2 are open even when outputs are copied out")
  void onlyDescriptorsZeroOneAndTwoAreOpenWithOutputs() {
    Execution run = run(python(OPEN_DESCRIPTORS).output("result.txt"));

    assertThat(run.stdout().text()).isEqualTo("[0, 1, 2]\n");
  }

  @Test
  @DisplayName("S6 no descriptor of the wrapper (its output archive among them) can be copied out with pidfd_getfd")
  void noDescriptorOfTheWrapperCanBeCopiedWithPidfdGetfd() {
    Execution run = run(python("""
        import ctypes, errno, os
        libc = ctypes.CDLL(None, use_errno=True)
        parent = libc.syscall(434, os.getppid(), 0)  # pidfd_open: allowed, it only names a process
        print('pidfd_open', 'ok' if parent >= 0 else errno.errorcode[ctypes.get_errno()])
        copied, refusals = 0, set()
        for fd in range(64):
            if libc.syscall(438, parent, fd, 0) >= 0:  # pidfd_getfd
                copied += 1
            else:
                refusals.add(errno.errorcode[ctypes.get_errno()])
        print('copied', copied, sorted(refusals))
        for name, args in (('process_madvise', (440, parent, None, 0, 0, 0)),
                           ('kcmp', (312, os.getpid(), os.getppid(), 0, 0, 0))):
            print(name, libc.syscall(*args), errno.errorcode[ctypes.get_errno()])
        """).output("result.txt"));

    assertThat(run.stdout().text()).isEqualTo(
        "pidfd_open ok\ncopied 0 ['EPERM']\nprocess_madvise -1 EPERM\nkcmp -1 EPERM\n");
  }

  @Test
  @DisplayName("S7 an abstract Unix socket listening on the host is refused")
  void anAbstractUnixSocketListeningOnTheHostIsRefused() throws Exception {
    try (HostAbstractSocket host = HostAbstractSocket.listen("ace4j-s7-" + UUID.randomUUID())) {
      assertThat(host.reachableFromHost()).isTrue();

      Execution run = run(python("""
          import errno, socket
          s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
          try:
              s.connect('\\0%s')
              print('connected')
          except OSError as e:
              print(errno.errorcode[e.errno])
          """.formatted(host.name())));

      assertThat(run.stdout().text()).isEqualTo("ECONNREFUSED\n");
    }
  }

  @Test
  @DisplayName("S7 keyrings, AF_VSOCK and io_uring are closed as channels")
  void keyringsVsockAndIoUringAreClosed() {
    Execution run = run(python("""
        import ctypes, errno, platform, socket
        libc = ctypes.CDLL(None, use_errno=True)
        x86 = platform.machine() == 'x86_64'
        for name, number, args in (('keyctl', 250 if x86 else 219, (0, -3, 0)),
                                   ('add_key', 248 if x86 else 217, (0, 0, 0)),
                                   ('request_key', 249 if x86 else 218, (0, 0, 0)),
                                   ('io_uring_setup', 425, (1, 0, 0))):
            result = libc.syscall(number, *args)
            print(name, result, errno.errorcode.get(ctypes.get_errno()))
        try:
            socket.socket(40, socket.SOCK_STREAM)  # AF_VSOCK
            print('vsock opened')
        except OSError as e:
            print('vsock', errno.errorcode[e.errno])
        """));

    assertThat(run.stdout().text()).isEqualTo(
        "keyctl -1 EPERM\nadd_key -1 EPERM\nrequest_key -1 EPERM\nio_uring_setup -1 ENOSYS\nvsock EAFNOSUPPORT\n");
  }

  @Test
  @DisplayName("S7 /dev/shm, /tmp and the work directory are private to each run")
  void scratchSpaceIsPrivateToEachRun() {
    String mark = UUID.randomUUID().toString();
    Execution first = run(python("""
        for d in ('/dev/shm', '/tmp', '/work'):
            open(d + '/left-behind', 'w').write('%s')
        print('written')
        """.formatted(mark)));
    Execution second = run(python("""
        import os
        for d in ('/dev/shm', '/tmp', '/work'):
            print(d, os.path.exists(d + '/left-behind'))
        print(os.listdir('/dev/shm') + os.listdir('/tmp'))
        """));

    assertThat(first.stdout().text()).isEqualTo("written\n");
    assertThat(second.stdout().text()).isEqualTo("/dev/shm False\n/tmp False\n/work False\n[]\n");
  }

  @Test
  @DisplayName("S8 Unix sockets of host daemons are not reachable")
  void unixSocketsOfHostDaemonsAreNotReachable() throws Exception {
    Path socket = Path.of(System.getProperty("java.io.tmpdir"), "ace4j-s8-" + UUID.randomUUID() + ".sock");
    try (ServerSocketChannel daemon = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      daemon.bind(UnixDomainSocketAddress.of(socket));
      List<String> paths = List.of(socket.toString(), "/var/run/docker.sock", "/run/dbus/system_bus_socket",
          "/tmp/.X11-unix/X0", "/run/systemd/private");
      Execution run = run(python("""
          import errno, socket
          for path in %s:
              s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
              try:
                  s.connect(path)
                  print(path, 'connected')
              except OSError as e:
                  print(path, errno.errorcode[e.errno])
          """.formatted(pythonList(paths))));

      assertThat(run.stdout().text().lines()).hasSize(paths.size()).allMatch(line -> line.endsWith(" ENOENT"));
    } finally {
      Files.deleteIfExists(socket);
    }
  }

  @Test
  @DisplayName("S10 a file written by one run is absent in the next")
  void aFileWrittenByOneRunIsAbsentInTheNext() {
    String code = """
        import os
        print(os.path.exists('carried.txt'), end=' ')
        open('carried.txt', 'w').write('state')
        print(open('carried.txt').read())
        """;
    Execution first = run(python(code));
    Execution second = run(python(code));

    // "state": each run did write the file the next one must not see.
    assertThat(first.stdout().text()).isEqualTo("False state\n");
    assertThat(second.stdout().text()).isEqualTo("False state\n");
  }

  /**
   * The copied-RNG leak of zygote designs: a warm run is forked from a server that has imported {@code random}
   * (statistics, preloaded, imports it), so without a re-seed after the fork every run would replay the server's
   * state. os.urandom is not checked: the kernel makes it differ anywhere.
   */
  @Test
  @DisplayName("S10 runs forked from one warm server do not share its random state")
  void runsForkedFromOneWarmServerDoNotShareItsRandomState() {
    assumeFalse(Boolean.getBoolean("ace4j.test.cold"), "cold runs are fresh interpreters, forked from no server");
    String code = """
        import sys
        preloaded = 'random' in sys.modules
        import random
        server = b"ace4j's warm Python" in open('/proc/1/cmdline', 'rb').read()
        started = open('/proc/1/stat').read().rsplit(')', 1)[1].split()[19]
        print(preloaded, server, started, hash(random.getstate()), random.random())
        """;
    String[] first = run(python(code)).stdout().text().strip().split(" ", 4);
    String[] second = run(python(code)).stdout().text().strip().split(" ", 4);

    // The state could have been copied: both runs are children of the same warm server (pid 1, started once),
    // which had imported random before forking them.
    assertThat(first[0]).as("random imported before the program ran").isEqualTo("True");
    assertThat(first[1]).as("pid 1 of the run is the warm server").isEqualTo("True");
    assertThat(second[2]).as("start time of pid 1, the server").isEqualTo(first[2]);
    // It was not: each run's generator starts from a state of its own.
    assertThat(second[3]).as("the generator's state at the program's start").isNotEqualTo(first[3]);
  }

  @Test
  @Order(Integer.MAX_VALUE) // a failure here leaves the slot's control groups limited for every later run
  @DisplayName("S10 a smaller memory limit in one run does not carry over to the next run in the same slot")
  void aSmallerMemoryLimitDoesNotCarryOverToTheNextRun() {
    // Without control groups the memory limit is a per-process rlimit, which cannot carry over: nothing to prove.
    HostControlGroups.assumeAndAssertPerRunGroups(sandbox);
    Execution small = run(python("print('small')").limits(Limits.defaults().withMemoryBytes(64L << 20)));
    Execution large = run(python("kept = bytearray(200 << 20)\nprint('large')"));

    assertThat(small.status()).isEqualTo(Status.OK);
    assertThat(large.status()).as(large.detail()).isEqualTo(Status.OK);
    assertThat(large.stdout().text()).isEqualTo("large\n");
  }
}
