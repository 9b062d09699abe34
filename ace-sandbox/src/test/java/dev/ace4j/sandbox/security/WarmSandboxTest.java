package dev.ace4j.sandbox.security;

import static dev.ace4j.sandbox.security.Payloads.python;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.TestResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a warm sandbox adds to the attack surface: a server that outlives runs, and runs that follow each other in one
 * sandbox. One slot, so that every run of a test goes to the same server. Under {@code -Dace4j.test.cold=true} the
 * same runs go cold and must hold all the same.
 */
class WarmSandboxTest {
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create(Payloads.settings().withMaxConcurrent(1));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Execution run(String code) {
    return sandbox.execute(python(code).build());
  }

  @Test
  @DisplayName("W1 a run finds nothing of the run before: files, processes, modules, builtins, random state")
  void aRunFindsNothingOfTheRunBefore() {
    Execution first = run("""
        import builtins, os, random, sys
        for path in ('/work/left.txt', '/tmp/left.txt', '/dev/shm/left.txt'):
            open(path, 'w').write('secret')
        os.makedirs('/work/deep/er', exist_ok=True)
        os.chmod('/work/deep', 0o500)
        sys.modules['left_module'] = sys
        builtins.left_builtin = 1
        os.environ['LEFT_VARIABLE'] = '1'
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv('/bin/sleep', ['sleep', '1000'])
            os._exit(0)
        print(random.random())
        """);
    Execution second = run("""
        import builtins, os, random, sys
        left = [p for p in ('/work/left.txt', '/tmp/left.txt', '/dev/shm/left.txt', '/work/deep') if os.path.exists(p)]
        others = [p for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid())]
        print('files', left)
        print('processes', [open('/proc/%s/cmdline' % p, 'rb').read() for p in others])
        print('module', 'left_module' in sys.modules, 'builtin', hasattr(builtins, 'left_builtin'),
              'variable', 'LEFT_VARIABLE' in os.environ)
        print(random.random())
        """);

    assertThat(first.status()).isEqualTo(Status.OK);
    assertThat(second.status()).as(second.stderr().text()).isEqualTo(Status.OK);
    String[] lines = second.stdout().text().split("\n");
    assertThat(lines[0]).isEqualTo("files []");
    assertThat(lines[1]).isEqualTo("processes []");
    assertThat(lines[2]).isEqualTo("module False builtin False variable False");
    assertThat(lines[3]).as("the random state is seeded afresh").isNotEqualTo(first.stdout().text().strip());
  }

  @Test
  @DisplayName("W2 a run cannot stop, read or write the server, and the next run is served as before")
  void aRunCannotReachTheServer() {
    assumeFalse(Boolean.getBoolean("ace4j.test.cold"), "cold sandboxes have no server (S2 and F11 cover their pid 1)");
    Execution attack = run("""
        import os, signal
        results = []
        for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGSTOP):
            try:
                os.kill(1, sig)
                results.append('sent')
            except OSError as e:
                results.append(type(e).__name__)
        for path, mode in (('/proc/1/mem', 'rb'), ('/proc/1/mem', 'r+b'), ('/proc/1/environ', 'rb')):
            try:
                open(path, mode).read(1)
                results.append('opened ' + path)
            except OSError as e:
                results.append(type(e).__name__)
        try:
            results.append('fds %s' % os.listdir('/proc/1/fd'))
        except OSError as e:
            results.append(type(e).__name__)
        for fd in range(3, 64):
            try:
                os.write(fd, b'X\\0\\0\\0\\0')
                results.append('wrote %d' % fd)
            except OSError:
                pass
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        print(results)
        """);
    Execution next = run("print(open('/proc/1/cmdline', 'rb').read().split(b'\\0')[0], 6 * 7)");

    assertThat(attack.stdout().text()).doesNotContain("opened").doesNotContain("fds [").doesNotContain("wrote");
    assertThat(next.status()).isEqualTo(Status.OK);
    assertThat(next.stdout().text()).as("served by the same kind of server").isEqualTo("b'/usr/bin/python3' 42\n");
  }

  @Test
  @DisplayName("W4 plain runs and sealed suites take turns in a slot's warm sandboxes, none falling back to cold")
  void plainRunsAndSealedSuitesTakeTurnsWarm() {
    assumeFalse(Boolean.getBoolean("ace4j.test.cold"), "cold runs have bubblewrap as their pid 1");
    String pid1 = "open('/proc/1/cmdline', 'rb').read().split(b'\\0')[0].decode()";
    for (int round = 0; round < 2; round++) {
      Execution plain = run("print(" + pid1 + ")");
      Execution suite = sandbox.execute(ExecutionRequest.testSuite(Language.PYTHON,
          "def pid1():\n    return " + pid1 + "\n",
          "from solution import pid1\n\n"
              + "def test_the_code_runs_warm():\n    assert pid1() == '/usr/bin/python3'\n\n"
              + "def test_the_tests_run_warm():\n    assert " + pid1 + " == '/usr/bin/python3'\n").build());

      assertThat(plain.stdout().text()).as("round %d: the plain run's pid 1", round).isEqualTo("/usr/bin/python3\n");
      assertThat(suite.tests()).as("round %d: %s", round, suite.stdout().text()).hasSize(2)
          .allMatch(TestResult::passed);
    }
  }

  @Test
  @DisplayName("W3 System V IPC and POSIX message queues, which would outlive a run, cannot be made")
  void ipcObjectsThatOutliveARunCannotBeMade() {
    Execution run = run("""
        import ctypes, errno
        libc = ctypes.CDLL(None, use_errno=True)
        IPC_PRIVATE, IPC_CREAT = 0, 0o1000
        calls = {'shmget': lambda: libc.shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0o600),
                 'semget': lambda: libc.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600),
                 'msgget': lambda: libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600),
                 'mq_open': lambda: libc.mq_open(b'/left', 0o100 | 2, 0o600, None)}
        for name, call in calls.items():
            print(name, call(), errno.errorcode.get(ctypes.get_errno()))
        """);

    assertThat(run.stdout().text()).isEqualTo("shmget -1 EPERM\nsemget -1 EPERM\nmsgget -1 EPERM\nmq_open -1 EPERM\n");
  }
}
