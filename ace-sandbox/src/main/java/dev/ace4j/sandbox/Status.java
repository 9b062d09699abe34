package dev.ace4j.sandbox;

import java.util.Locale;

/** How an execution ended. The JSON name is the lower-case constant: {@code ok}, {@code memory_limit}, ... */
public enum Status {
  /** The program ran to completion and exited 0 (and every test passed, for a test suite). */
  OK,
  /**
   * The program exited non-zero, raised an error, or a test failed; or it could not be started because of its path,
   * with the exit code a shell gives: 127 when it was not found, 126 when it is not executable.
   */
  ERROR,
  /** The wall-clock or CPU limit was reached; every sandbox process was killed. */
  TIMEOUT,
  /** The program ran out of its memory limit. */
  MEMORY_LIMIT,
  /** stdout or stderr exceeded its cap; the program was killed. */
  OUTPUT_LIMIT,
  /** The sandbox itself could not be set up or torn down; the program may not have run at all. */
  SANDBOX_FAILURE;

  /** The wire name: {@code ok}, {@code error}, {@code timeout}, {@code memory_limit}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
