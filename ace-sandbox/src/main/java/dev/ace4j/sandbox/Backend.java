package dev.ace4j.sandbox;

import java.util.Locale;

/** How a {@link Sandbox} isolates the code it runs. */
public enum Backend {
  /** Linux namespaces, seccomp, rlimits and control groups through bubblewrap. The default. */
  BUBBLEWRAP("bubblewrap"),
  /**
   * Plain child processes with no isolation at all, for machines without bubblewrap. Opt-in only, and every run
   * says so on standard error.
   */
  UNSAFE_PROCESS("unsafe-process");

  private final String id;

  Backend(String id) {
    this.id = id;
  }

  /** The command-line name: {@code bubblewrap} or {@code unsafe-process}. */
  public String id() {
    return id;
  }

  /** Parses a backend name, or says which ones exist. */
  public static Backend fromId(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Backend backend : values()) {
      if (backend.id.equals(wanted)) {
        return backend;
      }
    }
    throw new InvalidRequestException("unknown sandbox '" + name + "': use bubblewrap or unsafe-process");
  }
}
