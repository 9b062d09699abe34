package dev.ace4j.cli;

import java.io.PrintWriter;
import java.util.List;

/**
 * What a long command does when Ctrl-C (SIGINT) or SIGTERM stops it. The JVM runs this shutdown hook, then exits
 * 130 or 143 as a shell expects of a process those signals ended. The hook closes what the command opened in the
 * order given (the history first, so that nothing more is recorded: a task cut off stays unfinished and runs again
 * on resume; then the sandbox, which kills its runs and removes their folders and control groups), and says how to
 * go on. The command removes the hook when it ends by itself.
 */
final class Interruption implements AutoCloseable {
  private static volatile boolean underway;
  private final Thread hook;

  private Interruption(Thread hook) {
    this.hook = hook;
  }

  /**
   * Arms the hook for a command that holds {@code resources}.
   *
   * @param howToContinue what to tell the user, e.g. "continue with `ace bench --resume 1a2b3c4d`"
   * @param resources closed in this order when the command is interrupted
   */
  static Interruption arm(PrintWriter err, String howToContinue, List<AutoCloseable> resources) {
    Thread hook = new Thread(() -> {
      underway = true;
      for (AutoCloseable resource : resources) {
        try {
          resource.close();
        } catch (Exception | LinkageError e) {
          // Shutting down: go on with the rest, each is independent.
        }
      }
      err.println();
      err.println("ace: interrupted; " + howToContinue);
      err.flush();
    }, "ace-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
    return new Interruption(hook);
  }

  /** Whether an interruption is being handled: the failures it causes in the command are not worth reporting. */
  static boolean underway() {
    return underway;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already: the hook runs, or ran.
    }
  }
}
