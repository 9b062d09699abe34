package dev.ace4j.sandbox.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A listener on an abstract Unix socket in the host's network namespace, like the X server's {@code @/tmp/.X11-unix/X0}
 * or a D-Bus bus. Java cannot bind abstract names, so the host's Python does, in a child process.
 */
final class HostAbstractSocket implements AutoCloseable {
  private static final String LISTENER = String.join("\n",
      "import socket, sys, time",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
      "s.bind('\\0' + sys.argv[1])",
      "s.listen(8)",
      "print('ready', flush=True)",
      "time.sleep(60)");
  private static final String CLIENT = String.join("\n",
      "import socket, sys",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
      "s.connect('\\0' + sys.argv[1])",
      "print('connected')");

  private final String name;
  private final Process listener;

  private HostAbstractSocket(String name, Process listener) {
    this.name = name;
    this.listener = listener;
  }

  /** Binds {@code name} (without the leading NUL) and returns once the listener accepts connections. */
  static HostAbstractSocket listen(String name) throws IOException {
    Process process = new ProcessBuilder("/usr/bin/python3", "-c", LISTENER, name).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"ready".equals(line)) {
      process.destroyForcibly();
      throw new IOException("the host listener on @" + name + " did not start: " + line);
    }
    return new HostAbstractSocket(name, process);
  }

  /** The name to connect to, without the leading NUL. */
  String name() {
    return name;
  }

  /** Whether a host process can connect: the control that shows the listener is real. */
  boolean reachableFromHost() throws IOException, InterruptedException {
    Process client = new ProcessBuilder("/usr/bin/python3", "-c", CLIENT, name).redirectErrorStream(true).start();
    String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return client.waitFor(10, TimeUnit.SECONDS) && client.exitValue() == 0 && out.contains("connected");
  }

  @Override
  public void close() {
    listener.destroyForcibly();
  }
}
