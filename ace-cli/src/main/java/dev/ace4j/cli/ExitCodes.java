package dev.ace4j.cli;

/** The exit codes of every {@code ace} command (shared/DESIGN.md "Command line"). */
final class ExitCodes {
  /** The work was done. */
  static final int OK = 0;
  /** The work ran and failed: an error, a timeout, a limit, a failing test. */
  static final int FAILED = 1;
  /** Bad input or configuration: one line on standard error says which and how to fix it. */
  static final int BAD_INPUT = 2;
  /** ace itself failed: a bug, or a sandbox that could not be set up. */
  static final int INTERNAL = 3;
  /** Stopped by Ctrl-C (SIGINT): 128 + 2, as shells report it; the JVM exits 143 on SIGTERM. */
  static final int INTERRUPTED = 130;

  // Each command's --help lists the codes it returns, in its own words; these are the lines they share.
  /** {@code ace sandbox exec}'s 0: the program, not ace, decides it. */
  static final String HELP_OK = "0:done: the program exited 0 (and every test passed)";
  /** {@code ace sandbox exec}'s 1. */
  static final String HELP_FAILED = "1:the run failed: error, failing test, timeout, memory or output limit";
  static final String HELP_BAD_INPUT = "2:bad input or configuration (one line on stderr says how to fix it)";
  static final String HELP_INTERNAL = "3:internal failure (rerun with --verbose for the stack trace)";
  static final String HELP_INTERRUPTED = "130:interrupted by Ctrl-C (143: by SIGTERM); finished tasks are kept";

  private ExitCodes() {}
}
