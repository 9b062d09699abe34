package dev.ace4j.sandbox.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seccomp filter every sandboxed program runs under, as the classic-BPF program bubblewrap's {@code --seccomp FD}
 * reads: {@code struct sock_filter} instructions of 8 bytes each, little-endian like both supported architectures.
 *
 * <p>bubblewrap shares the host kernel, so a kernel bug is a sandbox escape. The filter keeps away from the kernel what
 * an untrusted program has no use for (shared/reference/sandboxes.md §0 item 2, §5.1):
 *
 * <ul>
 *   <li><b>Killed with SIGSYS:</b> any system call through a foreign ABI, that is 32-bit {@code int 0x80} calls
 *       (another {@code arch}) and, on x86_64, x32 calls (number with bit 30 set). Numbers differ per ABI, so a filter
 *       for one ABI says nothing about another, and these calls are how programs dodge filters (§3.3 F13). No 64-bit
 *       program makes one by accident, so the process dies visibly instead of receiving an errno it may swallow.
 *   <li><b>EPERM:</b> {@code ptrace} and {@code process_vm_readv/writev}, which otherwise reach siblings and
 *       bubblewrap's pid 1 (F11); what else acts on another process of the same uid: {@code pidfd_getfd}, which
 *       would copy a descriptor out of the parent (the wrapper's output archive, S6), {@code process_madvise},
 *       {@code process_mrelease} and {@code kcmp} ({@code pidfd_open} stays: it only names a process, and runtimes
 *       use it to wait for their children); the kernel keyrings ({@code keyctl}, {@code add_key}, {@code request_key}), a channel
 *       between sandboxes (§3.2 S7); {@code unshare}, {@code setns}, {@code clone} with a namespace flag, mounts and
 *       the new mount API, which expose kernel code written for root (F10); and what only an administrator needs or
 *       exploits keep using: {@code bpf}, {@code perf_event_open}, {@code userfaultfd}, modules, kexec, swap,
 *       {@code reboot}, {@code acct}, {@code quotactl}, file handles, {@code fanotify_init}, {@code lookup_dcookie};
 *       and System V IPC objects and POSIX message queues ({@code shmget}, {@code semget}, {@code msgget},
 *       {@code mq_open}), which would outlive a run in its IPC namespace: a warm sandbox keeps that namespace from
 *       one run to the next, and no runtime ace runs needs them (POSIX semaphores and shared memory live in
 *       {@code /dev/shm}, which is emptied after every run).
 *   <li><b>EPERM by argument:</b> {@code ioctl} {@code TIOCSTI} and {@code TIOCLINUX}, which inject input into a
 *       terminal (CVE-2017-5226, F12).
 *   <li><b>EAFNOSUPPORT by argument:</b> {@code socket} and {@code socketpair} of any family but {@code AF_UNIX},
 *       as if the kernel had no other. No request asks for a network (the namespace holds only loopback), and the
 *       buffers of those sockets are host memory the run's memory limit does not count: on cgroup v1 without a TCP
 *       limit (ace sets none) TCP and UDP buffers are not charged, and netlink replies never are (R18). This also
 *       closes {@code AF_VSOCK}, which reaches a VM's host past the empty namespace (S7), {@code AF_PACKET}, and
 *       families whose first use loads a kernel module. {@code AF_UNIX} buffers are charged to the run, and asyncio
 *       and libuv (Node's child processes) need its socketpairs. One kind of run, a mutation test, may also open
 *       {@code AF_INET} and {@code AF_INET6} sockets: its own loopback only ({@link #forArch(Arch, boolean)}).
 *   <li><b>ENOSYS:</b> io_uring, which creates sockets (AF_VSOCK included) without {@code socket()} and is a steady
 *       source of kernel bugs, and {@code clone3}, whose flags sit in memory a filter cannot read. ENOSYS says "this
 *       kernel lacks the call", so Node's libuv falls back to ordinary I/O and glibc to {@code clone}.
 *   <li>Everything else is allowed.
 * </ul>
 *
 * <p>Allowed system calls cost nothing on kernels from 5.11: their verdict depends only on the number, so the kernel
 * caches it and skips the program.
 */
public final class SeccompFilter {

  /** An architecture the filter is built for, with its {@code AUDIT_ARCH_*} value from {@code linux/audit.h}. */
  public enum Arch {
    X86_64(0xC000003E),
    AARCH64(0xC00000B7);

    private final int auditArch;

    Arch(int auditArch) {
      this.auditArch = auditArch;
    }

    /** The architecture a JVM reporting this {@code os.arch} runs on. */
    static Arch ofOsArch(String osArch) {
      switch (osArch) {
        case "amd64":
        case "x86_64":
          return X86_64;
        case "aarch64":
          return AARCH64;
        default:
          throw new IllegalStateException(
              "no seccomp filter for architecture " + osArch + ": the sandbox supports amd64 (x86_64) and aarch64");
      }
    }
  }

  /** The system calls the filter names, with their numbers from the kernel's unistd headers. */
  private enum Syscall {
    IOCTL(16, 29),
    SOCKET(41, 198),
    SOCKETPAIR(53, 199),
    CLONE(56, 220),
    CLONE3(435, 435),
    PTRACE(101, 117),
    PROCESS_VM_READV(310, 270),
    PROCESS_VM_WRITEV(311, 271),
    PIDFD_GETFD(438, 438),
    PROCESS_MADVISE(440, 440),
    PROCESS_MRELEASE(448, 448),
    KCMP(312, 272),
    KEYCTL(250, 219),
    ADD_KEY(248, 217),
    REQUEST_KEY(249, 218),
    BPF(321, 280),
    PERF_EVENT_OPEN(298, 241),
    USERFAULTFD(323, 282),
    KEXEC_LOAD(246, 104),
    KEXEC_FILE_LOAD(320, 294),
    MOUNT(165, 40),
    UMOUNT2(166, 39),
    PIVOT_ROOT(155, 41),
    SETNS(308, 268),
    UNSHARE(272, 97),
    OPEN_BY_HANDLE_AT(304, 265),
    NAME_TO_HANDLE_AT(303, 264),
    INIT_MODULE(175, 105),
    FINIT_MODULE(313, 273),
    DELETE_MODULE(176, 106),
    SWAPON(167, 224),
    SWAPOFF(168, 225),
    REBOOT(169, 142),
    ACCT(163, 89),
    QUOTACTL(179, 60),
    LOOKUP_DCOOKIE(212, 18),
    FANOTIFY_INIT(300, 262),
    OPEN_TREE(428, 428),
    MOVE_MOUNT(429, 429),
    FSOPEN(430, 430),
    FSCONFIG(431, 431),
    FSMOUNT(432, 432),
    FSPICK(433, 433),
    MOUNT_SETATTR(442, 442),
    SHMGET(29, 194),
    SEMGET(64, 190),
    MSGGET(68, 186),
    MQ_OPEN(240, 180),
    IO_URING_SETUP(425, 425),
    IO_URING_ENTER(426, 426),
    IO_URING_REGISTER(427, 427);

    private final int x8664;
    private final int aarch64;

    Syscall(int x8664, int aarch64) {
      this.x8664 = x8664;
      this.aarch64 = aarch64;
    }

    int number(Arch arch) {
      return arch == Arch.X86_64 ? x8664 : aarch64;
    }
  }

  private static final List<Syscall> DENIED =
      List.of(
          Syscall.PTRACE, Syscall.PROCESS_VM_READV, Syscall.PROCESS_VM_WRITEV,
          Syscall.PIDFD_GETFD, Syscall.PROCESS_MADVISE, Syscall.PROCESS_MRELEASE, Syscall.KCMP,
          Syscall.KEYCTL, Syscall.ADD_KEY, Syscall.REQUEST_KEY,
          Syscall.BPF, Syscall.PERF_EVENT_OPEN, Syscall.USERFAULTFD,
          Syscall.KEXEC_LOAD, Syscall.KEXEC_FILE_LOAD,
          Syscall.MOUNT, Syscall.UMOUNT2, Syscall.PIVOT_ROOT, Syscall.SETNS, Syscall.UNSHARE,
          Syscall.OPEN_TREE, Syscall.MOVE_MOUNT, Syscall.FSOPEN, Syscall.FSCONFIG, Syscall.FSMOUNT, Syscall.FSPICK,
          Syscall.MOUNT_SETATTR,
          Syscall.OPEN_BY_HANDLE_AT, Syscall.NAME_TO_HANDLE_AT,
          Syscall.INIT_MODULE, Syscall.FINIT_MODULE, Syscall.DELETE_MODULE,
          Syscall.SWAPON, Syscall.SWAPOFF, Syscall.REBOOT, Syscall.ACCT, Syscall.QUOTACTL,
          Syscall.LOOKUP_DCOOKIE, Syscall.FANOTIFY_INIT,
          Syscall.SHMGET, Syscall.SEMGET, Syscall.MSGGET, Syscall.MQ_OPEN);

  private static final List<Syscall> UNIMPLEMENTED =
      List.of(Syscall.IO_URING_SETUP, Syscall.IO_URING_ENTER, Syscall.IO_URING_REGISTER, Syscall.CLONE3);

  private static final int EPERM = 1;
  private static final int ENOSYS = 38;
  private static final int EAFNOSUPPORT = 97;
  private static final int TIOCSTI = 0x5412;
  private static final int TIOCLINUX = 0x541C;
  private static final int AF_UNIX = 1;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET; CLONE_NEWTIME is clone3-only. */
  private static final int CLONE_NAMESPACE_FLAGS = 0x7E020000;
  private static final int X32_SYSCALL_BIT = 0x40000000;

  private static final int RET_KILL_PROCESS = 0x80000000;
  private static final int RET_ERRNO = 0x00050000;
  private static final int RET_ALLOW = 0x7FFF0000;

  /** Offsets in {@code struct seccomp_data}; an argument's low 32 bits come first on little-endian. */
  private static final int NR = 0;
  private static final int ARCH = 4;
  private static final int ARG0 = 16;
  private static final int ARG1 = 24;

  private SeccompFilter() {}

  /** The filter for the architecture this JVM runs on; throws {@link IllegalStateException} on any other. */
  public static byte[] forHost() {
    return forHost(false);
  }

  /**
   * The filter for the architecture this JVM runs on, with {@code loopback}: see {@link #forArch(Arch, boolean)}.
   */
  public static byte[] forHost(boolean loopback) {
    return forArch(Arch.ofOsArch(System.getProperty("os.arch")), loopback);
  }

  /** The filter for {@code arch}, ready to be written to the file descriptor passed as {@code --seccomp}. */
  public static byte[] forArch(Arch arch) {
    return forArch(arch, false);
  }

  /**
   * The filter for {@code arch}; with {@code loopback}, {@code socket} also opens {@code AF_INET} and
   * {@code AF_INET6} sockets, for the one kind of run whose tool talks to its own processes over TCP (PIT, see
   * {@link Runners#opensLoopback}). Those sockets reach only the loopback interface of the run's own network
   * namespace, never the host's. What stays open is host memory: TCP buffers that cgroup v1 does not charge to the
   * run, bounded per socket by the kernel's {@code tcp_rmem}/{@code tcp_wmem}, by the run's 1024 descriptors and
   * overall by {@code tcp_mem}. Every other family (netlink, packet, vsock, ...) and {@code socketpair} stay as
   * without it.
   */
  public static byte[] forArch(Arch arch, boolean loopback) {
    Program program = new Program();
    program.load(ARCH);
    program.jumpIfEqual(arch.auditArch, 1, 0);
    program.ret(RET_KILL_PROCESS);
    program.load(NR);
    if (arch == Arch.X86_64) {
      // -1 is not x32 but "no system call" (a tracer skipped it); the kernel answers it with ENOSYS.
      program.jumpIfAtLeast(X32_SYSCALL_BIT, 0, 2);
      program.jumpIfEqual(-1, 1, 0);
      program.ret(RET_KILL_PROCESS);
    }
    for (Syscall syscall : DENIED) {
      program.deny(syscall.number(arch), RET_ERRNO | EPERM);
    }
    for (Syscall syscall : UNIMPLEMENTED) {
      program.deny(syscall.number(arch), RET_ERRNO | ENOSYS);
    }
    // The argument checks end the program: each is entered only for its own system call.
    program.denyIfArgumentEquals(Syscall.IOCTL.number(arch), ARG1, TIOCSTI, TIOCLINUX);
    program.denyUnlessArgumentIn(Syscall.SOCKET.number(arch), ARG0, RET_ERRNO | EAFNOSUPPORT,
        loopback ? new int[] {AF_UNIX, AF_INET, AF_INET6} : new int[] {AF_UNIX});
    program.denyUnlessArgumentIn(Syscall.SOCKETPAIR.number(arch), ARG0, RET_ERRNO | EAFNOSUPPORT, AF_UNIX);
    program.denyIfArgumentHasAnyBit(Syscall.CLONE.number(arch), ARG0, CLONE_NAMESPACE_FLAGS);
    program.ret(RET_ALLOW);
    return program.toBytes();
  }

  /** A classic-BPF program under construction; every jump is forward and short, as {@code u8} offsets demand. */
  private static final class Program {
    private static final int LD_W_ABS = 0x20;
    private static final int JEQ_K = 0x15;
    private static final int JGE_K = 0x35;
    private static final int JSET_K = 0x45;
    private static final int RET_K = 0x06;

    private final List<Instruction> instructions = new ArrayList<>();

    void load(int offset) {
      add(LD_W_ABS, 0, 0, offset);
    }

    void jumpIfEqual(int value, int whenTrue, int whenFalse) {
      add(JEQ_K, whenTrue, whenFalse, value);
    }

    void jumpIfAtLeast(int value, int whenTrue, int whenFalse) {
      add(JGE_K, whenTrue, whenFalse, value);
    }

    void ret(int action) {
      add(RET_K, 0, 0, action);
    }

    void deny(int nr, int action) {
      jumpIfEqual(nr, 0, 1);
      ret(action);
    }

    /** For the system call {@code nr}: EPERM when the 32-bit argument at {@code offset} is one of {@code values}. */
    void denyIfArgumentEquals(int nr, int offset, int... values) {
      jumpIfEqual(nr, 0, values.length + 3);
      load(offset);
      for (int i = 0; i < values.length; i++) {
        jumpIfEqual(values[i], values.length - i, 0);
      }
      ret(RET_ALLOW);
      ret(RET_ERRNO | EPERM);
    }

    /**
     * For the system call {@code nr}: {@code action} unless the 32-bit argument at {@code offset} is one of
     * {@code values}.
     */
    void denyUnlessArgumentIn(int nr, int offset, int action, int... values) {
      jumpIfEqual(nr, 0, values.length + 3);
      load(offset);
      for (int i = 0; i < values.length; i++) {
        jumpIfEqual(values[i], values.length - i, 0);
      }
      ret(action);
      ret(RET_ALLOW);
    }

    /** For the system call {@code nr}: EPERM when the 32-bit argument at {@code offset} has any of {@code bits}. */
    void denyIfArgumentHasAnyBit(int nr, int offset, int bits) {
      jumpIfEqual(nr, 0, 4);
      load(offset);
      add(JSET_K, 1, 0, bits);
      ret(RET_ALLOW);
      ret(RET_ERRNO | EPERM);
    }

    private void add(int code, int whenTrue, int whenFalse, int k) {
      instructions.add(new Instruction(code, whenTrue, whenFalse, k));
    }

    byte[] toBytes() {
      ByteBuffer bytes = ByteBuffer.allocate(instructions.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (Instruction instruction : instructions) {
        bytes.putShort((short) instruction.code());
        bytes.put((byte) instruction.whenTrue());
        bytes.put((byte) instruction.whenFalse());
        bytes.putInt(instruction.k());
      }
      return bytes.array();
    }
  }

  /** One {@code struct sock_filter}; jump offsets count instructions to skip. */
  private record Instruction(int code, int whenTrue, int whenFalse, int k) {
    Instruction {
      if (whenTrue < 0 || whenTrue > 255 || whenFalse < 0 || whenFalse > 255) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "jump offsets %d/%d do not fit a u8", whenTrue, whenFalse));
      }
    }
  }
}
