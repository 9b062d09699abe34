package dev.ace4j.sandbox.security;

import static dev.ace4j.sandbox.security.Payloads.python;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resource exhaustion through kernel objects that are shared by the whole host and that the run's control groups
 * do not count (R18, R19): socket buffers and pseudo-terminals. The program cannot create them at all.
 */
@Timeout(60)
class KernelResourcesTest {
  private static final long MIB = 1024 * 1024;
  /** A small memory limit, so that memory held outside it is plain to see. */
  private static final Limits SMALL = Limits.defaults().withMemoryBytes(64 * MIB).withWall(Duration.ofSeconds(10));

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
  @DisplayName("R18 a 64 MiB run cannot hold memory in loopback TCP or UDP buffers: internet sockets are refused")
  void loopbackSocketBuffersCannotHoldMemoryOutsideTheLimit() {
    // Unread data in loopback sockets is kernel memory that cgroup v1 charges to the run only under a TCP limit
    // (TCP) or never (UDP): without the refusal this program holds 128 MiB and ends ok.
    Execution run = run(python("""
        import errno, socket
        held, kept = 0, []
        for family, host in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET6, '::1')):
            try:
                server = socket.create_server((host, 0), family=family)
                while held < 128 << 20:
                    client = socket.create_connection(server.getsockname()[:2])
                    kept += [client, server.accept()[0]]
                    client.setblocking(False)
                    try:
                        while held < 128 << 20:
                            held += client.send(b'x' * 65536)
                    except BlockingIOError:
                        pass
                print('tcp held', held >> 20, 'MiB')
            except OSError as e:
                print('tcp', family.name, errno.errorcode[e.errno])
            try:
                kept.append(socket.socket(family, socket.SOCK_DGRAM))
                print('udp', family.name, 'opened')
            except OSError as e:
                print('udp', family.name, errno.errorcode[e.errno])
        """).limits(SMALL));

    assertThat(run.status()).as(run.stderr().text()).isEqualTo(Status.OK);
    assertThat(run.stdout().text()).isEqualTo("""
        tcp AF_INET EAFNOSUPPORT
        udp AF_INET EAFNOSUPPORT
        tcp AF_INET6 EAFNOSUPPORT
        udp AF_INET6 EAFNOSUPPORT
        """);
  }

  @Test
  @DisplayName("R18 only Unix sockets can be made: netlink, packet, vsock and module-loading families are refused")
  void onlyUnixSocketsCanBeMade() {
    // Netlink replies queue unread in kernel memory that no control group counts (about 200 KiB a socket).
    Execution run = run(python("""
        import errno, socket
        for name, family, kind in (('netlink', socket.AF_NETLINK, socket.SOCK_RAW),
                                   ('packet', socket.AF_PACKET, socket.SOCK_RAW),
                                   ('vsock', 40, socket.SOCK_STREAM),
                                   ('alg', 38, socket.SOCK_SEQPACKET),
                                   ('tipc', 30, socket.SOCK_STREAM)):
            for make in (socket.socket, socket.socketpair):
                try:
                    make(family, kind)
                    print(name, make.__name__, 'opened')
                except OSError as e:
                    print(name, make.__name__, errno.errorcode[e.errno])
        """));

    assertThat(run.stdout().text()).isEqualTo("""
        netlink socket EAFNOSUPPORT
        netlink socketpair EAFNOSUPPORT
        packet socket EAFNOSUPPORT
        packet socketpair EAFNOSUPPORT
        vsock socket EAFNOSUPPORT
        vsock socketpair EAFNOSUPPORT
        alg socket EAFNOSUPPORT
        alg socketpair EAFNOSUPPORT
        tipc socket EAFNOSUPPORT
        tipc socketpair EAFNOSUPPORT
        """);
  }

  @Test
  @DisplayName("R18 Unix sockets still work, for asyncio too, and their buffers count against the memory limit")
  void unixSocketsWorkAndTheirBuffersCountAgainstTheMemoryLimit() {
    Execution asyncio = run(python("""
        import asyncio, socket
        a, b = socket.socketpair()
        a.sendall(b'ping')
        print(b.recv(4).decode(), asyncio.run(asyncio.sleep(0, 'asyncio')))
        """));
    Execution flood = run(python("""
        import socket
        kept = []
        while True:
            a, b = socket.socketpair()
            kept.append((a, b))
            a.setblocking(False)
            try:
                while True:
                    a.send(b'x' * 65536)
            except BlockingIOError:
                pass
        """).limits(SMALL));

    assertThat(asyncio.stdout().text()).isEqualTo("ping asyncio\n");
    assertThat(flood.status()).as(flood.stderr().text()).isEqualTo(Status.MEMORY_LIMIT);
  }

  @Test
  @DisplayName("R19 the program gets no pseudo-terminal, so it cannot use up the host's kernel.pty.max")
  void theProgramGetsNoPseudoTerminal() {
    // Every devpts instance counts against the host-wide kernel.pty.nr; /proc/sys is the host's, read-only.
    Execution run = run(python("""
        import errno, os
        def ptys():
            return int(open('/proc/sys/kernel/pty/nr').read())
        before, opened = ptys(), []
        try:
            while len(opened) < 16:
                opened.append(os.openpty())
            print('opened 16')
        except OSError as e:
            print('opened', len(opened), errno.errorcode[e.errno])
        print('host ptys rose by 16 or more:', ptys() - before >= 16)
        """));

    assertThat(run.stdout().text()).isEqualTo("opened 0 ENOENT\nhost ptys rose by 16 or more: False\n");
  }
}
