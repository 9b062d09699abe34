package dev.ace4j.cli;

import dev.ace4j.sandbox.Backend;
import dev.ace4j.sandbox.SandboxSettings;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options that choose and configure the sandbox, shared by every command that runs code and {@code ace doctor}. */
// picocli sets --sandbox and --python from OptionDefaults before the command runs; the others are @Nullable.
@SuppressWarnings("NullAway.Init")
final class SandboxOptions {
  @Option(names = "--sandbox", paramLabel = "BACKEND", order = 100,
      description = "bubblewrap (isolated: namespaces, seccomp, rlimits, cgroups) or unsafe-process (NO isolation, "
          + "for machines without bubblewrap; announced on every run). Default: ${DEFAULT-VALUE}.")
  Backend backend;

  @Option(names = "--python", paramLabel = "PATH", order = 101,
      description = "Python interpreter. The sandbox runs it as an unprivileged user, so it must not live under a "
          + "private home such as /root. Default: ${DEFAULT-VALUE}.")
  Path python;

  @Option(names = "--node", paramLabel = "PATH", order = 102,
      description = "Node.js executable for JavaScript. Default: node on PATH.")
  @Nullable Path node;

  @Option(names = "--java-home", paramLabel = "DIR", order = 103,
      description = "JDK that compiles and runs Java code. Default: the JDK running ace.")
  @Nullable Path javaHome;

  @Option(names = "--cold", order = 104,
      description = "Start every Python run in a new sandbox. Without it, runs of a session go to warm sandboxes "
          + "(python3 and pytest already started; each run still a new process in an emptied work folder, under "
          + "the same limits), which saves most of the start-up of each run.")
  boolean cold;

  /** The settings these options describe, on top of {@link SandboxSettings#defaults()}. */
  SandboxSettings settings() {
    SandboxSettings settings = SandboxSettings.defaults().withBackend(backend).withPython(python.toAbsolutePath())
        .withWarm(!cold);
    if (node != null) {
      settings = settings.withNode(node.toAbsolutePath());
    }
    if (javaHome != null) {
      settings = settings.withJavaHome(javaHome.toAbsolutePath());
    }
    return settings;
  }
}
