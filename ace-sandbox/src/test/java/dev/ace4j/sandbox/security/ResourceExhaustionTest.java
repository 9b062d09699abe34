package dev.ace4j.sandbox.security;

import static dev.ace4j.sandbox.security.Payloads.bash;
import static dev.ace4j.sandbox.security.Payloads.marked;
import static dev.ace4j.sandbox.security.Payloads.python;
import static dev.ace4j.sandbox.security.Payloads.snippet;
import static dev.ace4j.sandbox.security.Payloads.wall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Resource exhaustion, reference/sandboxes.md §3.1 (R1–R17): every attack ends with a structured status within its
 * limits, and leaves neither a process nor a dent on the host.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourceExhaustionTest {
  private static final long MIB = 1024 * 1024;
  /** Runs after every other test: they start sandboxes of their own beside the shared one. */
  private static final int LAST = Integer.MAX_VALUE;
  private static final int SLOTS = 2;

  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create(Payloads.settings().withMaxConcurrent(SLOTS));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Execution run(ExecutionRequest.Builder request) {
    return sandbox.execute(request.build());
  }

  private static int count(String pattern, String text) {
    Matcher matcher = Pattern.compile(pattern).matcher(text);
    assertThat(matcher.find()).as("output matching /%s/ in:%n%s", pattern, text).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static void assertHostCanStillFork() throws Exception {
    assertThat(new ProcessBuilder("true").start().waitFor()).isZero();
  }

  @Test
  @DisplayName("R1 fork bomb hits the process limit and the host can still fork")
  void forkBombHitsTheProcessLimitAndTheHostCanStillFork() throws Exception {
    String marker = HostProcesses.newMarker();
    Execution run = run(marked(python("""
        import errno, os, time
        n = 0
        try:
            while True:
                if os.fork() == 0:
                    time.sleep(1000)
                    os._exit(0)
                n += 1
        except OSError as e:
            print('forks', n, errno.errorcode[e.errno], flush=True)
        time.sleep(1000)
        """).limits(wall(Duration.ofSeconds(2))), marker));

    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(count("forks (\\d+) EAGAIN", run.stdout().text())).isLessThan(Limits.defaults().processes());
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
    assertHostCanStillFork();
  }

  @Test
  @DisplayName("R1 bash fork bomb is stopped by the process limit and killed at the timeout")
  void bashForkBombIsStoppedByTheProcessLimitAndKilledAtTheTimeout() throws Exception {
    String marker = HostProcesses.newMarker();
    Execution run = run(marked(bash(":(){ :|:& };:\nsleep 1000\n").limits(wall(Duration.ofSeconds(2))), marker));

    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.stderr().text()).contains("Resource temporarily unavailable");
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
    assertHostCanStillFork();
  }

  @Test
  @DisplayName("R2 thread bomb hits the same process limit as processes")
  void threadBombHitsTheSameProcessLimitAsProcesses() {
    Execution run = run(python("""
        import threading, time
        threading.stack_size(256 * 1024)  # so that the process limit, not the address space, runs out
        n = 0
        try:
            while True:
                threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
                n += 1
        except RuntimeError as e:
            print('threads', n, e, flush=True)
        """));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(count("threads (\\d+) can't start new thread", run.stdout().text()))
        .isLessThan(Limits.defaults().processes());
  }

  @Test
  @DisplayName("R3 Python heap bomb ends with memory_limit")
  void pythonHeapBombEndsWithMemoryLimit() {
    Execution run = run(python("b = []\nwhile True:\n    b.append(bytearray(50 << 20))\n"));

    assertThat(run.status()).as(run.detail()).isEqualTo(Status.MEMORY_LIMIT);
  }

  @Test
  @DisplayName("R3 a Python memory bomb that catches MemoryError still ends with memory_limit")
  void aPythonMemoryBombThatCatchesMemoryErrorStillEndsWithMemoryLimit() {
    HostControlGroups.assumeAndAssertPerRunGroups(sandbox); // no rlimit ends this run: the memory group does
    // The memory cgroup, not an address-space rlimit the program can catch the MemoryError of, ends the run.
    Execution run = run(python("""
        kept = []
        try:
            while True:
                kept.append(bytearray(50 << 20))
        except MemoryError:
            kept.clear()
            print('caught MemoryError; carrying on')
        """).limits(wall(Duration.ofSeconds(10))));

    assertThat(run.status()).as("%s %s", run.detail(), run.stdout().text()).isEqualTo(Status.MEMORY_LIMIT);
  }

  @Test
  @DisplayName("R3 a MemoryError traceback the program prints is its own error, not memory_limit")
  void aMemoryErrorTracebackTheProgramPrintsIsItsOwnError() {
    Execution run = run(python("""
        import sys
        print('Traceback (most recent call last):', file=sys.stderr)
        print('  File "main.py", line 1, in <module>', file=sys.stderr)
        print('MemoryError', file=sys.stderr)
        sys.exit(1)
        """));

    assertThat(run.status()).as(run.detail()).isEqualTo(Status.ERROR);
    assertThat(run.error()).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("MemoryError"));
  }

  @Test
  @DisplayName("R3 an OutOfMemoryError a Java program throws itself is its own error, not memory_limit")
  void anOutOfMemoryErrorAJavaProgramThrowsItselfIsItsOwnError() {
    Execution run = run(snippet(Language.JAVA, """
        public class Main {
          public static void main(String[] args) {
            throw new OutOfMemoryError("Java heap space");
          }
        }
        """));

    assertThat(run.status()).as(run.detail()).isEqualTo(Status.ERROR);
    assertThat(run.error()).hasValueSatisfying(e -> assertThat(e.name()).endsWith("OutOfMemoryError"));
  }

  @Test
  @DisplayName("R3 Node off-heap bomb (not covered by an rlimit) ends with memory_limit")
  void nodeOffHeapBombEndsWithMemoryLimit() {
    HostControlGroups.assumeAndAssertPerRunGroups(sandbox); // no rlimit ends this run: the memory group does
    Execution run = run(snippet(Language.JAVASCRIPT,
        "const kept = [];\nwhile (true) kept.push(Buffer.alloc(50 << 20, 1));\n"));

    assertThat(run.status()).as(run.detail() + run.stderr().text()).isEqualTo(Status.MEMORY_LIMIT);
  }

  @Test
  @DisplayName("R3 Java heap bomb ends with memory_limit")
  void javaHeapBombEndsWithMemoryLimit() {
    Execution run = run(snippet(Language.JAVA, """
        import java.util.ArrayList;
        import java.util.List;

        public class Main {
          public static void main(String[] args) {
            List<long[]> kept = new ArrayList<>();
            while (true) {
              kept.add(new long[1 << 20]);
            }
          }
        }
        """));

    assertThat(run.status())
        .as("exit %d, stdout %s, stderr %s", run.exitCode(), run.stdout().text(), run.stderr().text())
        .isEqualTo(Status.MEMORY_LIMIT);
  }

  @Test
  @DisplayName("R4 filling /tmp, /dev/shm and /work each stops with ENOSPC at the tmpfs size")
  void fillingEachScratchFileSystemStopsWithEnospc() {
    // Under the default 512 MiB, /tmp and /work are 256 MiB each and /dev/shm 16 MiB; files may be larger, so the
    // tmpfs size is what stops the writes.
    Execution run = run(python("""
        import errno, os
        for d in ['/tmp', '/dev/shm', '/work']:
            try:
                with open(d + '/fill', 'wb') as f:
                    while True:
                        f.write(b'x' * (1 << 20))
                        f.flush()
            except OSError as e:
                print(d, errno.errorcode[e.errno], os.path.getsize(d + '/fill') >> 20, flush=True)
            os.remove(d + '/fill')
        """).limits(wall(Duration.ofSeconds(10)).withFileSizeBytes(512 * MIB)));

    assertThat(run.status()).as(run.stderr().text()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).containsPattern("(?m)^/tmp ENOSPC (\\d+)$")
        .containsPattern("(?m)^/dev/shm ENOSPC (\\d+)$").containsPattern("(?m)^/work ENOSPC (\\d+)$");
    for (String line : run.stdout().text().strip().split("\n")) {
      assertThat(Long.parseLong(line.split(" ")[2])).as(line).isLessThanOrEqualTo(256);
    }
  }

  @Test
  @DisplayName("R4 the root file system is read-only, so /x, /etc/x and /usr/x give EROFS")
  void theRootFileSystemIsReadOnly() {
    Execution run = run(python("""
        import errno
        for path in ['/x', '/etc/x', '/usr/x']:
            try:
                open(path, 'w').close()
                print(path, 'written')
            except OSError as e:
                print(path, errno.errorcode[e.errno])
        """));

    assertThat(run.stdout().text()).isEqualTo("/x EROFS\n/etc/x EROFS\n/usr/x EROFS\n");
  }

  @Test
  @DisplayName("R4 /dev cannot be used as an unbounded memory-backed scratch space")
  void devCannotBeUsedAsAnUnboundedScratchSpace() {
    // bubblewrap's --dev is a tmpfs without a size; unless it is read-only, only the memory cgroup bounds it.
    Execution run = run(python("""
        import errno
        try:
            with open('/dev/fill', 'wb') as f:
                for i in range(64):
                    f.write(b'x' * (1 << 20))
                    f.flush()
            print('wrote 64 MiB to /dev')
        except OSError as e:
            print('refused', errno.errorcode[e.errno])
        """).limits(wall(Duration.ofSeconds(5)).withFileSizeBytes(64 * MIB)));

    assertThat(run.stdout().text()).startsWith("refused ");
  }

  @Test
  @DisplayName("R5 a file over the file-size limit fails with File too large")
  void aFileOverTheFileSizeLimitFailsWithFileTooLarge() {
    Execution run = run(python("""
        import errno, os
        try:
            with open('big', 'wb') as f:
                f.write(b'x' * (2 << 20))
        except OSError as e:
            print('write:', e)
        fd = os.open('big2', os.O_CREAT | os.O_WRONLY)
        try:
            os.posix_fallocate(fd, 0, 2 << 20)
            print('fallocate: done')
        except OSError as e:
            print('fallocate:', errno.errorcode[e.errno])
        print('size', os.path.getsize('big'))
        """).limits(wall(Duration.ofSeconds(3)).withFileSizeBytes(MIB)));

    assertThat(run.stdout().text()).contains("write: [Errno 27] File too large", "fallocate: EFBIG");
    assertThat(count("size (\\d+)", run.stdout().text())).isLessThanOrEqualTo((int) MIB);
  }

  @Test
  @DisplayName("R6 creating files without end is bounded and the host copes with the directory")
  void creatingFilesWithoutEndIsBounded() {
    // Empty files cost inodes and kernel memory, no tmpfs bytes. A memory limit far above what 2 s of files take
    // leaves two bounds: the wall clock, or /work's inode count (half the host's RAM in pages) if that comes first.
    Execution run = run(python("""
        import errno, os
        print('inodes', os.statvfs('/work').f_ffree, flush=True)
        os.mkdir('d')
        n = 0
        try:
            while True:
                open('d/%d' % n, 'w').close()
                n += 1
                if n % 10000 == 0:
                    print('files', n, flush=True)
        except OSError as e:
            print('stopped', n, errno.errorcode[e.errno], flush=True)
        """).limits(wall(Duration.ofSeconds(2)).withMemoryBytes(1024 * MIB)).output("d"));

    String out = run.stdout().text();
    long inodes = count("inodes (\\d+)", out);
    assertThat(count("files (\\d+)", out)).as("files made before the end (the attack ran)").isPositive();
    if (out.contains("stopped")) {
      // The inode count ended it: the program was told ENOSPC once /work had no inode left.
      assertThat(out).as(run.detail()).containsPattern("stopped \\d+ ENOSPC\n$");
      assertThat((long) count("stopped (\\d+)", out)).isBetween(inodes - 10, inodes);
      assertThat(run.status()).isEqualTo(Status.OK);
    } else {
      assertThat(run.status()).as(run.detail()).isEqualTo(Status.TIMEOUT);
      assertThat(run.duration()).isLessThan(Duration.ofSeconds(10));
    }
    assertThat(run.files()).hasSizeLessThanOrEqualTo(1000);
    assertThat(run(python("import os\nprint(os.path.exists('d'))")).stdout().text()).isEqualTo("False\n");
  }

  @Test
  @DisplayName("R7 opening files in a loop stops with EMFILE")
  void openingFilesInALoopStopsWithEmfile() {
    Execution run = run(python("""
        import errno
        kept = []
        try:
            while True:
                kept.append(open('/dev/null'))
        except OSError as e:
            print('files', len(kept), errno.errorcode[e.errno])
        """));

    assertThat(count("files (\\d+) EMFILE", run.stdout().text())).isLessThanOrEqualTo(1024);
  }

  @Test
  @DisplayName("R8 a print loop ends with output_limit and keeps at most the limit")
  void aPrintLoopEndsWithOutputLimit() {
    assertOutputLimited(run(python("while True:\n    print('x' * 65536)\n").limits(outputLimit())), "x");
  }

  @Test
  @DisplayName("R8 one giant line without a newline ends with output_limit")
  void oneGiantLineWithoutANewlineEndsWithOutputLimit() {
    assertOutputLimited(run(python("import sys\nwhile True:\n    sys.stdout.write('y' * 65536)\n")
        .limits(outputLimit())), "y");
  }

  @Test
  @DisplayName("R8 invalid UTF-8, NUL bytes and escape sequences end with output_limit, decoded with replacement")
  void binaryOutputEndsWithOutputLimitDecodedWithReplacement() {
    Execution run = run(python("""
        import sys
        while True:
            sys.stdout.buffer.write(b'\\xff\\xfe\\x00\\x1b]0;title\\x07' * 4096)
        """).limits(outputLimit()));

    assertOutputLimited(run, "\uFFFD");
    assertThat(run.stdout().text()).contains("\0");
  }

  @Test
  @DisplayName("R8 a flood on stderr ends with output_limit too")
  void aFloodOnStderrEndsWithOutputLimit() {
    Execution run = run(python("import sys\nwhile True:\n    sys.stderr.write('e' * 65536)\n")
        .limits(outputLimit()));

    assertThat(run.status()).isEqualTo(Status.OUTPUT_LIMIT);
    assertThat(run.stderr().truncated()).isTrue();
    assertThat(run.stderr().text().length()).isLessThanOrEqualTo(64 * 1024);
  }

  private static Limits outputLimit() {
    return wall(Duration.ofSeconds(5)).withOutputBytes(64 * 1024);
  }

  private static void assertOutputLimited(Execution run, String expected) {
    assertThat(run.status()).isEqualTo(Status.OUTPUT_LIMIT);
    assertThat(run.stdout().truncated()).isTrue();
    // Each kept character decodes at least one kept byte.
    assertThat(run.stdout().text().length()).isBetween(1, 64 * 1024);
    assertThat(run.stdout().text()).contains(expected);
  }

  @Test
  @DisplayName("R9 a CPU burn is killed at the CPU limit with status timeout")
  void aCpuBurnIsKilledAtTheCpuLimitWithStatusTimeout() {
    Execution run = run(python("while True:\n    pass\n")
        .limits(wall(Duration.ofSeconds(5)).withCpu(Duration.ofSeconds(1))));

    assertThat(run.status()).as("exit %d: %s", run.exitCode(), run.detail()).isEqualTo(Status.TIMEOUT);
    assertThat(run.detail()).containsIgnoringCase("cpu");
  }

  @Test
  @DisplayName("R9 four processes burning CPU are stopped when together they reach the CPU limit")
  void fourProcessesBurningCpuAreStoppedWhenTogetherTheyReachTheCpuLimit() {
    assertThat(HostControlGroups.assumeAndAssertPerRunGroups(sandbox))
        .contains("the CPU time of all the run's processes together counted against its CPU limit");
    // Each process stays under the 1 s RLIMIT_CPU; together they would use 3.6 s.
    Execution run = run(python("""
        import os, time
        for i in range(3):
            if os.fork() == 0:
                break
        start = time.process_time()
        while time.process_time() - start < 0.9:
            pass
        try:
            while True:
                os.wait()
        except ChildProcessError:
            pass
        """).limits(wall(Duration.ofSeconds(20)).withCpu(Duration.ofSeconds(1))));

    assertThat(run.status()).as(run.detail()).isEqualTo(Status.TIMEOUT);
    assertThat(run.detail()).contains("CPU-time limit of 1 s reached by all the run's processes together");
    // CPU time, not wall time: the host stopped the run well before the 3.6 s the processes asked for.
    assertThat(count("\\((\\d+) ms used\\)", run.detail())).isBetween(1000, 2000);
  }

  @Test
  @DisplayName("R9 a quick exit with the status of SIGXCPU is the program's error, not a timeout")
  void aQuickExitWithTheStatusOfSigxcpuIsTheProgramsError() {
    Execution run = run(python("import sys\nsys.exit(152)\n"));

    assertThat(run.status()).as(run.detail()).isEqualTo(Status.ERROR);
    assertThat(run.exitCode()).isEqualTo(152);
  }

  @Test
  @DisplayName("R9 a CPU burn in several processes is killed at the wall-clock limit")
  void aCpuBurnInSeveralProcessesIsKilledAtTheWallClockLimit() throws Exception {
    String marker = HostProcesses.newMarker();
    Execution run = run(marked(python("""
        import os
        for i in range(3):
            if os.fork() == 0:
                break
        while True:
            pass
        """).limits(wall(Duration.ofSeconds(2))), marker));

    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
  }

  @Test
  @DisplayName("R10 input() sees end-of-file at once when no input was given")
  void inputSeesEndOfFileAtOnce() {
    Execution run = run(python("""
        import sys
        try:
            input()
        except EOFError:
            print('EOF')
        print(repr(sys.stdin.read()))
        """));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).isEqualTo("EOF\n''\n");
  }

  @Test
  @DisplayName("R10 sleeping forever is killed at the wall-clock limit")
  void sleepingForeverIsKilledAtTheWallClockLimit() throws Exception {
    String marker = HostProcesses.newMarker();
    Execution run = run(marked(python("import time\ntime.sleep(1e9)\n")
        .limits(wall(Duration.ofSeconds(1))), marker));

    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.exitCode()).isEqualTo(Execution.NO_EXIT_CODE);
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
  }

  @Test
  @DisplayName("R11 after a timeout no process survives: children holding the pipes and a SIGTERM-proof daemon")
  void afterATimeoutNoProcessSurvives() throws Exception {
    String marker = HostProcesses.newMarker();
    CompletableFuture<Execution> running = CompletableFuture.supplyAsync(() -> run(marked(python("""
        import os, signal, subprocess, time
        MARKER = %s
        subprocess.Popen(['sleep', '1000'])
        subprocess.Popen(['/bin/sh', '-c', 'trap "" TERM HUP; sleep 1001; : ' + MARKER])
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                signal.signal(signal.SIGHUP, signal.SIG_IGN)
                os.execv('/bin/sleep', [MARKER, '1002'])  # the marker as argv[0]: sleep takes no other word
            os._exit(0)
        print('started', flush=True)
        time.sleep(1000)
        """.formatted("'" + marker + "'")).limits(wall(Duration.ofMillis(1500))), marker)));
    int mostSeen = 0;
    while (!running.isDone()) {
      mostSeen = Math.max(mostSeen, HostProcesses.survivors(marker).size());
      Thread.sleep(50);
    }
    Execution run = running.get();

    assertThat(mostSeen).as("marked processes seen on the host while the run lasted").isGreaterThanOrEqualTo(4);
    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.stdout().text()).isEqualTo("started\n");
    assertThat(run.duration()).isLessThan(Duration.ofSeconds(10));
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
  }

  @Test
  @DisplayName("R12 a daemon left behind by a program that exits dies with the sandbox")
  void aDaemonLeftBehindDiesWithTheSandbox() throws Exception {
    String marker = HostProcesses.newMarker();
    // The program leaves only once the daemon runs: sleep exec'd (the marker as its name), in another session.
    Execution run = run(marked(python("""
        import os, signal, time
        MARKER = %s
        up_r, up_w = os.pipe()
        if os.fork() == 0:
            os.setsid()
            daemon = os.fork()
            if daemon == 0:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                signal.signal(signal.SIGHUP, signal.SIG_IGN)
                os.execv('/bin/sleep', [MARKER, '1000'])  # the marker as argv[0]: sleep takes no other word
            os.write(up_w, b'%%d' %% daemon)
            os._exit(0)
        os.close(up_w)
        daemon = int(os.read(up_r, 32))
        while MARKER.encode() not in open('/proc/%%d/cmdline' %% daemon, 'rb').read():
            time.sleep(0.01)
        session = open('/proc/%%d/stat' %% daemon).read().rsplit(')', 1)[1].split()[3]
        print('daemon running', session != str(os.getsid(0)), flush=True)
        """.formatted("'" + marker + "'")).limits(wall(Duration.ofSeconds(10))), marker));

    assertThat(run.status()).as(run.stderr().text()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).as("the daemon ran, outside the program's session")
        .isEqualTo("daemon running True\n");
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
  }

  @Test
  @DisplayName("R12 nohup in bash leaves nothing behind")
  void nohupInBashLeavesNothingBehind() throws Exception {
    String marker = HostProcesses.newMarker();
    Execution run = run(marked(bash("nohup sleep 1000 >/dev/null 2>&1 &\necho detached\n")
        .limits(wall(Duration.ofSeconds(10))), marker));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
  }

  @Test
  @DisplayName("R13 zombies count against the process limit and are all reaped")
  void zombiesCountAgainstTheProcessLimitAndAreReaped() throws Exception {
    String marker = HostProcesses.newMarker();
    Execution run = run(marked(python("""
        import errno, os
        n = 0
        try:
            for i in range(1000):
                if os.fork() == 0:
                    os._exit(0)
                n += 1
        except OSError as e:
            print('zombies', n, errno.errorcode[e.errno])
        """), marker));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(count("zombies (\\d+) EAGAIN", run.stdout().text())).isLessThan(Limits.defaults().processes());
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
  }

  @Test
  @DisplayName("R14 a program that ignores SIGTERM is still killed at the timeout")
  void aProgramThatIgnoresSigtermIsStillKilled() throws Exception {
    String marker = HostProcesses.newMarker();
    Execution run = run(marked(python("""
        import signal, time
        for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(s, signal.SIG_IGN)
        while True:
            time.sleep(1)
        """).limits(wall(Duration.ofSeconds(1))), marker));

    assertThat(run.status()).isEqualTo(Status.TIMEOUT);
    assertThat(run.duration()).isLessThan(Duration.ofSeconds(10));
    assertThat(HostProcesses.survivorsAfterSettling(marker)).isEmpty();
  }

  @Test
  @DisplayName("R15 kill -9 -1 inside leaves host processes of the same uid alive")
  void killMinusOneLeavesHostProcessesOfTheSameUidAlive() throws Exception {
    List<Process> bystanders = new ArrayList<>();
    try {
      // Slots are handed out in turn, so SLOTS runs show every uid this sandbox runs code as.
      java.util.Set<Long> uids = new java.util.TreeSet<>();
      for (int slot = 0; slot < SLOTS; slot++) {
        uids.add(Long.parseLong(run(bash("id -u\n")).stdout().text().trim()));
      }
      for (long uid : uids) {
        bystanders.add(HostProcesses.startSleeper(uid));
      }
      Execution run = run(bash("sleep 30 &\nkill -9 -1\nwait $!\necho \"inside sleeper ended $?\"\n"));

      assertThat(run.status()).isEqualTo(Status.OK);
      assertThat(run.stdout().text()).isEqualTo("inside sleeper ended 137\n");
      Thread.sleep(200);
      assertThat(bystanders).allMatch(Process::isAlive);
    } finally {
      bystanders.forEach(Process::destroyForcibly);
    }
  }

  @Test
  @DisplayName("R16 killing the parent leaves the program alive and host pids are invisible")
  void killingTheParentLeavesTheProgramAliveAndHostPidsAreInvisible() {
    Execution run = run(python("""
        import os, time
        os.kill(os.getppid(), 9)
        os.kill(1, 9)
        time.sleep(0.3)
        print('still alive')
        for pid in (%d, %d):
            try:
                os.kill(pid, 9)
                print('signalled', pid)
            except ProcessLookupError:
                print('invisible')
        """.formatted(ProcessHandle.current().pid(), ProcessHandle.current().parent().map(ProcessHandle::pid)
        .orElse(ProcessHandle.current().pid()))));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).isEqualTo("still alive\ninvisible\ninvisible\n");
  }

  @Test
  @Order(LAST)
  @DisplayName("R17 64 concurrent executions queue behind 4 slots and each gets its own output")
  void sixtyFourConcurrentExecutionsQueueAndEachGetsItsOwnOutput() throws Exception {
    int runs = 64;
    int slots = 4;
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try (Sandbox queued = Sandboxes.create(Payloads.settings().withMaxConcurrent(slots))) {
      List<Future<Execution>> results = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String code = "import time\nstart = time.monotonic()\ntime.sleep(0.2)\nprint(%d, start, time.monotonic())\n"
            .formatted(i);
        results.add(callers.submit(() -> queued.execute(
            ExecutionRequest.snippet(Language.PYTHON, code).limits(wall(Duration.ofSeconds(60))).build())));
      }
      List<double[]> windows = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        Execution run = results.get(i).get();
        assertThat(run.status()).as("run %d: %s", i, run.detail()).isEqualTo(Status.OK);
        String[] fields = run.stdout().text().strip().split(" ");
        assertThat(fields[0]).isEqualTo(Integer.toString(i));
        windows.add(new double[] {Double.parseDouble(fields[1]), Double.parseDouble(fields[2])});
      }
      assertThat(mostAtOnce(windows)).isBetween(1, slots);
    } finally {
      callers.shutdownNow();
    }
  }

  /** The largest number of [start, end] windows that overlap at one instant (CLOCK_MONOTONIC is host-wide). */
  private static int mostAtOnce(List<double[]> windows) {
    int most = 0;
    for (double[] window : windows) {
      double instant = window[0];
      int open = (int) windows.stream().filter(w -> w[0] <= instant && instant < w[1]).count();
      most = Math.max(most, open);
    }
    return most;
  }

  @Test
  @Order(LAST)
  @DisplayName("R17 two sandboxes in one JVM running at once do not disturb each other")
  void twoSandboxesRunningAtOnceDoNotDisturbEachOther() throws Exception {
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try (Sandbox first = Sandboxes.create(Payloads.settings().withMaxConcurrent(1));
        Sandbox second = Sandboxes.create(Payloads.settings().withMaxConcurrent(1))) {
      Future<Execution> slow = caller.submit(() -> first.execute(ExecutionRequest.snippet(Language.PYTHON,
          "import time\ntime.sleep(1.5)\nprint('first')\n").limits(wall(Duration.ofSeconds(20))).build()));
      Thread.sleep(700);
      Execution quick = second.execute(ExecutionRequest.snippet(Language.PYTHON, "print('second')")
          .limits(wall(Duration.ofSeconds(20))).build());

      assertThat(quick.stdout().text()).isEqualTo("second\n");
      Execution firstRun = slow.get();
      assertThat(firstRun.status()).as(firstRun.detail()).isEqualTo(Status.OK);
      assertThat(firstRun.stdout().text()).isEqualTo("first\n");
    } finally {
      caller.shutdownNow();
    }
  }

  @Test
  @Order(LAST)
  @DisplayName("R17 closing one sandbox leaves another in the same JVM working")
  void closingOneSandboxLeavesAnotherWorking() {
    ExecutionRequest hello = ExecutionRequest.snippet(Language.PYTHON, "print('hello')")
        .limits(wall(Duration.ofSeconds(20))).build();
    try (Sandbox kept = Sandboxes.create(Payloads.settings().withMaxConcurrent(1))) {
      assertThat(kept.execute(hello).status()).isEqualTo(Status.OK);
      try (Sandbox closed = Sandboxes.create(Payloads.settings().withMaxConcurrent(1))) {
        assertThat(closed.execute(hello).status()).isEqualTo(Status.OK);
      }
      Execution after = kept.execute(hello);

      assertThat(after.status()).as(after.detail()).isEqualTo(Status.OK);
    }
  }
}
