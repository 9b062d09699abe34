package dev.ace4j.sandbox;

import dev.ace4j.sandbox.internal.BubblewrapSandbox;
import dev.ace4j.sandbox.internal.HostInspection;
import dev.ace4j.sandbox.internal.ProcessSandbox;
import java.util.List;

/**
 * The entry point: builds a {@link Sandbox} and tells what this host can do.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandboxes.create()) {
 *   Execution run = sandbox.execute(ExecutionRequest.snippet(Language.PYTHON, "print(6 * 7)").build());
 *   System.out.println(run.stdout().text()); // 42
 * }
 * }</pre>
 */
public final class Sandboxes {
  private Sandboxes() {}

  /** A bubblewrap sandbox with the default settings. */
  public static Sandbox create() {
    return create(SandboxSettings.defaults());
  }

  /**
   * A sandbox with the given settings.
   *
   * @throws SandboxUnavailableException when the backend cannot run on this host (e.g. bubblewrap is missing)
   */
  public static Sandbox create(SandboxSettings settings) {
    return switch (settings.backend()) {
      case BUBBLEWRAP -> BubblewrapSandbox.create(settings);
      case UNSAFE_PROCESS -> ProcessSandbox.create(settings);
    };
  }

  /** Checks bubblewrap, the isolation the host allows, and each language runtime, for {@code ace doctor}. */
  public static List<HostCheck> inspect(SandboxSettings settings) {
    return HostInspection.inspect(settings);
  }
}
