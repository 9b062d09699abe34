package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.Backend;
import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.HostCheck;
import dev.ace4j.sandbox.Language;
import dev.ace4j.sandbox.Limits;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.SandboxSettings;
import dev.ace4j.sandbox.SandboxUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ace doctor} reports about sandboxing: each check runs the real thing (a sandbox that starts each
 * runtime) rather than guessing from file names, so a runtime the sandbox's uid cannot read shows up here.
 */
public final class HostInspection {
  private HostInspection() {}

  public static List<HostCheck> inspect(SandboxSettings settings) {
    List<HostCheck> checks = new ArrayList<>();
    if (settings.backend() == Backend.UNSAFE_PROCESS) {
      checks.add(HostCheck.warn("sandbox", "unsafe-process: code runs with NO isolation",
          "install bubblewrap (`apt-get install bubblewrap`) and drop --sandbox unsafe-process"));
    }
    Sandbox sandbox;
    try {
      sandbox = settings.backend() == Backend.BUBBLEWRAP
          ? BubblewrapSandbox.create(settings)
          : ProcessSandbox.quiet(settings);
    } catch (SandboxUnavailableException e) {
      checks.add(HostCheck.fail("sandbox", e.getMessage(), ""));
      return checks;
    }
    try (sandbox) {
      if (sandbox instanceof BubblewrapSandbox bubblewrap) {
        checks.addAll(isolation(bubblewrap));
      }
      checks.add(runtime(sandbox, "python", settings.python(),
          ExecutionRequest.snippet(Language.PYTHON, "import sys; print('Python', sys.version.split()[0])"),
          "install Debian's python3 (`apt-get install python3`) or pass --python with an interpreter "
              + "the sandbox user can read (not one under /root)"));
      checks.add(runtime(sandbox, "pytest", settings.python(),
          ExecutionRequest.command(List.of(settings.python().toString(), "-m", "pytest", "--version")),
          "install it with `apt-get install python3-pytest` (Python test suites need it)"));
      Path node = settings.node().or(() -> Host.onPath("node")).orElse(Path.of("/usr/bin/node"));
      checks.add(runtime(sandbox, "node", node,
          ExecutionRequest.snippet(Language.JAVASCRIPT, "console.log('Node.js ' + process.version)"),
          "install Node.js (`apt-get install nodejs`) to run JavaScript"));
      Path javaHome = settings.javaHome().orElse(Path.of(System.getProperty("java.home")));
      // A real compile-and-run: javac alone starts without the JDK's /etc configuration that java needs.
      checks.add(runtime(sandbox, "java", javaHome.resolve("bin/javac"),
          ExecutionRequest.snippet(Language.JAVA, "public class Version { public static void main(String[] a) { "
              + "System.out.println(\"Java \" + Runtime.version()); } }"),
          "install a JDK (`apt-get install openjdk-17-jdk-headless`) or pass --java-home"));
      checks.add(runtime(sandbox, "bash", Path.of("/bin/bash"),
          ExecutionRequest.snippet(Language.BASH, "echo \"GNU bash $BASH_VERSION\""), "install bash"));
    }
    return checks;
  }

  private static List<HostCheck> isolation(BubblewrapSandbox sandbox) {
    List<HostCheck> checks = new ArrayList<>();
    Execution probe = sandbox.execute(ExecutionRequest.command(List.of("/bin/true")).build());
    if (!probe.ok()) {
      checks.add(HostCheck.fail("bubblewrap", "cannot start a sandbox: " + probe.detail(),
          "allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or check `bwrap --version`"));
      return checks;
    }
    checks.add(HostCheck.ok("bubblewrap", "starts sandboxes (" + probe.duration().toMillis() + " ms for /bin/true)"));
    checks.add(HostCheck.ok("user", Host.isRoot()
        ? "ace runs as root: each sandbox slot runs as its own unprivileged uid (" + BubblewrapSandbox.SANDBOX_UID_BASE
            + "+) with no capabilities"
        : "sandboxes run as your uid inside a user namespace, with no capabilities"));
    String cgroups = sandbox.controlGroups();
    checks.add(cgroups.startsWith("no control groups")
        ? HostCheck.warn("cgroups", cgroups,
            "run ace where it may create control groups beneath its own (cgroup v2 delegation, or v1 memory "
                + "and pids controllers writable by ace)")
        : HostCheck.ok("cgroups", cgroups));
    checks.add(HostCheck.ok("seccomp", "filter denies ptrace, process_vm_*, keyctl, bpf, io_uring, mount, "
        + "unshare/setns and foreign syscall ABIs"));
    return checks;
  }

  private static HostCheck runtime(
      Sandbox sandbox, String subject, Path executable, ExecutionRequest.Builder probe, String fix) {
    if (!Files.isExecutable(executable)) {
      return HostCheck.fail(subject, executable + " not found", fix);
    }
    Execution run;
    try {
      run = sandbox.execute(probe.limits(Limits.defaults().withWall(Duration.ofSeconds(30))).build());
    } catch (SandboxUnavailableException e) {
      return HostCheck.fail(subject, e.getMessage(), "");
    }
    String text = (run.stdout().text() + run.stderr().text()).strip();
    String first = text.lines().findFirst().orElse("");
    if (!run.ok()) {
      return HostCheck.fail(subject, executable + " does not run in the sandbox: "
          + (first.isEmpty() ? run.status().id() + " " + run.detail() : first), fix);
    }
    return HostCheck.ok(subject, executable + " (" + first + ")");
  }
}
