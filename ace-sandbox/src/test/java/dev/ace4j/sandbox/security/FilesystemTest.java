package dev.ace4j.sandbox.security;

import static dev.ace4j.sandbox.security.Payloads.python;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.InvalidRequestException;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.OutputFile;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import dev.ace4j.sandbox.ThirtyTwoBitCalls;
import dev.ace4j.sandbox.WorkFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File-system integrity and host-side output handling, reference/sandboxes.md §3.3 (F1–F13): the program can write
 * only its scratch space, and the files copied out are regular files it wrote, never what a link points at.
 */
@Timeout(60)
class FilesystemTest {
  private static final String HOST_PASSWD_LINE = "root:x:0:0";

  @TempDir
  static Path stateDir;
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandboxes.create(Payloads.settings().withStateDir(stateDir));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Execution run(ExecutionRequest.Builder request) {
    return sandbox.execute(request.build());
  }

  private static void assertNoHostFileLeaked(Execution run) throws IOException {
    assertThat(Files.readString(Path.of("/etc/passwd"))).as("the host file the attacks aim at").contains(
        HOST_PASSWD_LINE);
    assertThat(run.files()).noneMatch(file -> file.text().contains(HOST_PASSWD_LINE));
  }

  /** The per-run staging folders are gone: only the filter and shared runtime files stay in the state folder. */
  private static void assertNothingStagedIsLeft() throws IOException {
    try (Stream<Path> entries = Files.list(stateDir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("run-"));
    }
  }

  @Test
  @DisplayName("F1 only /work, /tmp and /dev/shm are writable")
  void onlyTheScratchSpaceIsWritable() {
    Execution run = run(python("""
        import errno, os
        writable = []
        for d in ('/', '/etc', '/usr', '/usr/lib', '/bin', '/lib', '/dev', '/dev/pts', '/proc', '/proc/sys/kernel',
                  '/work', '/tmp', '/dev/shm', os.environ['HOME']):
            try:
                with open(os.path.join(d, 'probe'), 'w') as f:
                    f.write('x')
                os.remove(os.path.join(d, 'probe'))
                writable.append(d)
            except OSError as e:
                pass
        print(sorted(set(writable)))
        """));

    assertThat(run.stdout().text()).isEqualTo("['/dev/shm', '/tmp', '/work']\n");
  }

  @Test
  @Timeout(30)
  @DisplayName("F2 symlinks planted as outputs never leak a host file: result.txt -> /etc/passwd, out -> /")
  void symlinksPlantedAsOutputsNeverLeakAHostFile() throws IOException {
    Execution run = run(python("""
        import os
        os.symlink('/etc/passwd', 'result.txt')
        os.symlink('/', 'out')
        os.symlink('../../../../../../etc/passwd', 'escape.txt')
        os.symlink('/proc/1/root/etc/passwd', 'via-proc.txt')
        os.symlink('/etc/ssl', 'inside.txt')
        os.mkdir('dir')
        os.symlink('/etc/passwd', 'dir/linked.txt')
        with open('dir/plain.txt', 'w') as f:
            f.write('plain')
        print('planted')
        """).output("result.txt").output("out").output("escape.txt").output("via-proc.txt").output("inside.txt")
        .output("dir"));

    assertThat(run.status()).isIn(Status.OK, Status.ERROR);
    assertNoHostFileLeaked(run);
    assertThat(run.files()).extracting(OutputFile::path).containsExactly("dir/plain.txt");
    assertNothingStagedIsLeft();
  }

  @Test
  @Timeout(30)
  @DisplayName("F3 swapping an output between a file and a symlink while it is copied never leaks a host file")
  void swappingAnOutputForASymlinkNeverLeaksAHostFile() throws IOException {
    // Each run ends with result.txt a symlink (refused), a regular file (copied), or swapped under tar's feet
    // (skipped); the runs go on until one was copied, so that the check of what was copied is never of nothing.
    // The swapper keeps it regular ~95% of the time: with an even split, 12 cold runs once copied nothing.
    int copied = 0;
    int attempts = 0;
    while (copied == 0 && attempts < 12) {
      attempts++;
      Execution run = run(python("""
          import os, time
          if os.fork() == 0:
              os.setsid()
              while True:
                  try:
                      os.symlink('/etc/passwd', 'next')
                      os.replace('next', 'result.txt')
                      with open('next', 'w') as f:
                          f.write('regular')
                      os.replace('next', 'result.txt')
                      # Regular most of the time, so that some run ends with it regular; a symlink between.
                      time.sleep(0.002)
                  except OSError:
                      pass
          time.sleep(0.2)
          print('leaving the swapper running')
          """).output("result.txt"));

      assertNoHostFileLeaked(run);
      assertThat(run.stdout().text()).isEqualTo("leaving the swapper running\n");
      assertThat(run.files()).as("attempt %d", attempts).hasSizeLessThanOrEqualTo(1)
          .allMatch(file -> file.path().equals("result.txt") && file.text().equals("regular"));
      copied += run.files().size();
    }
    assertThat(copied).as("runs whose regular result.txt was copied out, of %d", attempts).isEqualTo(1);
  }

  @Test
  @DisplayName("F4 a hard link to a host or system file cannot be made")
  void aHardLinkToAHostFileCannotBeMade() throws IOException {
    Execution run = run(python("""
        import errno, os
        for target in ('/etc/passwd', '/usr/bin/python3', '/etc/ssl/certs/ca-certificates.crt'):
            try:
                os.link(target, 'hard-' + os.path.basename(target))
                print(target, 'linked')
            except OSError as e:
                print(target, errno.errorcode[e.errno])
        """).output("hard-passwd").output("hard-python3").output("hard-ca-certificates.crt"));

    assertThat(run.stdout().text().lines()).hasSize(3)
        .allMatch(line -> line.matches(".* (EXDEV|EPERM|EROFS|ENOENT)"));
    assertThat(run.files()).isEmpty();
    assertNoHostFileLeaked(run);
  }

  @Test
  @Timeout(30)
  @DisplayName("F5 a FIFO or socket named as an output is skipped without blocking the host, and mknod fails")
  void aFifoOrSocketNamedAsAnOutputIsSkipped() throws IOException {
    Execution run = run(python("""
        import errno, os, socket
        os.mkfifo('result.txt')
        socket.socket(socket.AF_UNIX).bind('socket.txt')
        try:
            os.mknod('device.txt', 0o600 | 0o020000, os.makedev(1, 3))
            print('mknod made a device')
        except OSError as e:
            print('mknod', errno.errorcode[e.errno])
        """).output("result.txt").output("socket.txt").output("device.txt"));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).isEqualTo("mknod EPERM\n");
    assertThat(run.files()).isEmpty();
    assertNothingStagedIsLeft();
  }

  @ParameterizedTest(name = "F6 the file name \"{0}\" is refused")
  @ValueSource(strings = {"../../etc/cron.d/x", "/etc/x", "a/../../b", "a/./b", "a//b", "./x", "..", "a\0b",
      "a\nb", "a\\b", ""})
  @DisplayName("F6 path traversal and control characters in file names are refused before anything runs")
  void pathTraversalInFileNamesIsRefused(String path) {
    assertThatThrownBy(() -> WorkFile.of(path, "x")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> ExecutionRequest.snippet(Language.PYTHON, "pass").output(path))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  @DisplayName("F6 a nested file name stays inside the work directory")
  void aNestedFileNameStaysInsideTheWorkDirectory() {
    Execution run = run(python("""
        import os
        print(os.path.realpath('sub/dir/data.txt'), open('sub/dir/data.txt').read())
        """).file("sub/dir/data.txt", "nested"));

    assertThat(run.stdout().text()).isEqualTo("/work/sub/dir/data.txt nested\n");
  }

  @Test
  @DisplayName("F7 weird file names are creatable inside and come out by their exact names")
  void weirdFileNamesComeOutByTheirExactNames() {
    Execution run = run(python("""
        import errno, os
        os.mkdir('names')
        for name in ('a\\nb.txt', '-rf', '..\\u202egnp.exe', 'caf\\u00e9', 'cafe\\u0301', "it's; $(id) `x`"):
            with open('names/' + name, 'w') as f:
                f.write('content')
        with open(b'names/bad\\xff', 'w') as f:
            f.write('content')
        try:
            open('names/' + 'y' * 256, 'w')
        except OSError as e:
            print('256 bytes', errno.errorcode[e.errno])
        print(len(os.listdir('names')), 'created')
        """).output("names"));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).isEqualTo("256 bytes ENAMETOOLONG\n7 created\n");
    assertThat(run.files()).extracting(OutputFile::path).contains(
        "names/-rf", "names/..\u202egnp.exe", "names/caf\u00e9", "names/cafe\u0301", "names/it's; $(id) `x`");
    assertThat(run.files()).allMatch(f -> f.path().startsWith("names/") && f.text().equals("content")
        && f.path().chars().noneMatch(c -> c < 0x20));
  }

  @Test
  @DisplayName("F8 a huge directory and deep nesting come out capped, without failing the run")
  void aHugeDirectoryAndDeepNestingComeOutCapped() {
    Execution run = run(python("""
        import os
        os.mkdir('many')
        for i in range(5000):
            open('many/%d' % i, 'w').close()
        deep = 'deep/' + '/'.join(['n'] * 200)
        os.makedirs(deep)
        open(deep + '/leaf', 'w').write('leaf')
        print('made')
        """).output("many").output("deep"));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.files()).hasSizeBetween(1, 1000);
    assertThat(run.detail()).as("a cap that cut the outputs is named").contains("outputs not all copied out: more "
        + "than 1000 files");
  }

  @Test
  @DisplayName("F8 outputs that add up to more than the file-size limit come out capped at that limit")
  void outputsAddingUpToMoreThanTheFileSizeLimitComeOutCapped() {
    Execution run = run(python("""
        import os
        os.mkdir('big')
        for i in range(8):
            with open('big/%d.bin' % i, 'wb') as f:
                f.write(b'x' * (1 << 20))
        print('made')
        """).limits(Payloads.wall(Duration.ofSeconds(5)).withFileSizeBytes(2L << 20)).output("big"));

    assertThat(run.status()).isEqualTo(Status.OK);
    assertThat(run.files().stream().mapToLong(OutputFile::size).sum()).isLessThanOrEqualTo(2L << 20);
    assertThat(run.detail()).as("a cap that cut the outputs is named").contains("outputs not all copied out: ")
        .contains("over the file-size limit of " + (2L << 20) + " bytes");
  }

  @Test
  @DisplayName("F9 no privilege can be gained: NoNewPrivs 1, no capabilities, setuid binaries stay powerless")
  void noPrivilegeCanBeGained() {
    Execution run = run(python("""
        import os, subprocess
        status = dict(line.split(':', 1) for line in open('/proc/self/status').read().splitlines())
        for key in ('NoNewPrivs', 'CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb'):
            print(key, status[key].strip())
        print('uid', os.getuid(), os.geteuid())
        umount = subprocess.run(['/usr/bin/umount', '/work'], capture_output=True)
        print('umount exit', umount.returncode)
        usr = [l for l in open('/proc/self/mountinfo') if l.split()[4] == '/usr'][0]
        print('usr nosuid', 'nosuid' in usr.split()[5])
        """));

    assertThat(run.stdout().text()).startsWith("""
        NoNewPrivs 1
        CapInh 0000000000000000
        CapPrm 0000000000000000
        CapEff 0000000000000000
        CapBnd 0000000000000000
        CapAmb 0000000000000000
        """).contains("usr nosuid True").containsPattern("umount exit [1-9]");
    if (HostProcesses.hostIsRoot()) {
      assertThat(run.stdout().text()).containsPattern("uid (\\d+) \\1").doesNotContain("uid 0 ");
    }
  }

  @Test
  @DisplayName("F10 unshare(CLONE_NEWUSER) fails, from ctypes and from the unshare tool")
  void unshareOfAUserNamespaceFails() {
    Execution run = run(python("""
        import ctypes, errno, subprocess
        libc = ctypes.CDLL(None, use_errno=True)
        print('unshare', libc.unshare(0x10000000), errno.errorcode[ctypes.get_errno()])
        print('tool exit', subprocess.run(['unshare', '--user', 'true'], capture_output=True).returncode)
        """));

    assertThat(run.stdout().text()).startsWith("unshare -1 E").doesNotContain("tool exit 0");
  }

  @Test
  @DisplayName("F11 ptrace of a sibling and of pid 1 and process_vm_readv fail with EPERM")
  void ptraceAndProcessVmReadvFail() {
    Execution run = run(python("""
        import ctypes, errno, os, time
        libc = ctypes.CDLL(None, use_errno=True)
        child = os.fork()
        if child == 0:
            time.sleep(5)
            os._exit(0)
        for target in (child, 1):
            print('attach', libc.ptrace(16, target, None, None), errno.errorcode[ctypes.get_errno()])
        libc.process_vm_readv.restype = ctypes.c_ssize_t
        print('process_vm_readv', libc.process_vm_readv(child, None, 0, None, 0, 0),
              errno.errorcode[ctypes.get_errno()])
        os.kill(child, 9)
        """));

    assertThat(run.stdout().text()).isEqualTo("attach -1 EPERM\nattach -1 EPERM\nprocess_vm_readv -1 EPERM\n");
  }

  @Test
  @DisplayName("F12 no terminal is shared: TIOCSTI fails and /dev/tty cannot be opened")
  void noTerminalIsShared() {
    Execution run = run(python("""
        import errno, fcntl, os, termios
        for fd in (0, 1, 2):
            try:
                fcntl.ioctl(fd, termios.TIOCSTI, b'x')
                print(fd, 'injected')
            except OSError as e:
                print(fd, errno.errorcode[e.errno])
        try:
            os.open('/dev/tty', os.O_RDWR)
            print('tty opened')
        except OSError as e:
            print('tty', errno.errorcode[e.errno])
        """));

    assertThat(run.stdout().text()).isEqualTo("0 EPERM\n1 EPERM\n2 EPERM\ntty ENXIO\n");
  }

  @Test
  @DisplayName("F13 a 32-bit int 0x80 system call is killed")
  void aThirtyTwoBitSystemCallIsKilled() {
    assumeTrue(ThirtyTwoBitCalls.reachTheKernel(), "int 0x80 reaches no kernel here: not x86, or no IA32 emulation");
    Execution run = run(python("""
        import ctypes, mmap
        # mov eax, 20 (getpid in the 32-bit table); int 0x80; ret
        page = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
        page.write(bytes.fromhex('b814000000cd80c3'))
        call = ctypes.CFUNCTYPE(ctypes.c_long)(ctypes.addressof(ctypes.c_char.from_buffer(page)))
        print('calling', flush=True)
        print('returned', call(), flush=True)
        """));

    assertThat(run.status()).isEqualTo(Status.ERROR);
    assertThat(run.exitCode()).isEqualTo(128 + 31); // SIGSYS
    assertThat(run.stdout().text()).isEqualTo("calling\n");
  }
}
