package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.Output;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs one started-from-scratch process to its end under a wall-clock limit and output caps, for either backend.
 * The caller supplies how to kill the process's whole tree; this class decides when.
 */
final class ProcessRun {
  /** How long to keep reading pipes after the process is gone: children may still hold them open. */
  private static final long DRAIN_MILLIS = 2_000;
  /** How often a watched limit is checked while the process runs. */
  private static final long WATCH_NANOS = 50_000_000;

  private ProcessRun() {}

  /**
   * What happened, before any language-specific reading of it.
   *
   * @param timedOut the wall-clock limit was reached and the tree killed
   * @param outputOverflow a stream went over its cap and the tree was killed
   * @param overLimit the watched limit was reached and the tree killed
   */
  record Outcome(int exitCode, boolean timedOut, boolean outputOverflow, boolean overLimit, Output stdout,
      Output stderr, Duration duration) {

    /** Whether the host killed the process, so that its exit code says nothing of the program. */
    boolean killed() {
      return timedOut || outputOverflow || overLimit;
    }
  }

  /** {@link #run(Process, byte[], Duration, long, Consumer, BooleanSupplier)} with no watched limit. */
  static Outcome run(
      Process process, byte[] stdin, Duration wall, long outputBytes, Consumer<Process> killTree)
      throws IOException {
    return run(process, stdin, wall, outputBytes, killTree, () -> false);
  }

  /**
   * Feeds {@code stdin} to a started process and waits for it under the limits.
   *
   * @param killTree kills the process and everything it started; may be called more than once
   * @param overLimit a limit the host checks every 50 ms while the process runs (a counter the
   *     program cannot write); once it says true, the tree is killed
   */
  static Outcome run(Process process, byte[] stdin, Duration wall, long outputBytes, Consumer<Process> killTree,
      BooleanSupplier overLimit) throws IOException {
    long startNanos = System.nanoTime();
    AtomicBoolean overflow = new AtomicBoolean();
    Runnable onOverflow = () -> {
      if (overflow.compareAndSet(false, true)) {
        killTree.accept(process);
      }
    };
    BoundedCapture out = BoundedCapture.start(process.getInputStream(), outputBytes, onOverflow, "ace4j-stdout");
    BoundedCapture err = BoundedCapture.start(process.getErrorStream(), outputBytes, onOverflow, "ace4j-stderr");
    feed(process, stdin);
    boolean timedOut = false;
    boolean watchedLimit = false;
    try {
      long deadline = startNanos + wall.toNanos();
      while (!process.waitFor(Math.min(WATCH_NANOS, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        if (!overflow.get() && overLimit.getAsBoolean()) {
          watchedLimit = true;
        } else if (System.nanoTime() - deadline >= 0) {
          timedOut = !overflow.get();
        } else {
          continue;
        }
        killTree.accept(process);
        process.waitFor();
        break;
      }
      long drainUntil = System.currentTimeMillis() + DRAIN_MILLIS;
      boolean drained = out.await(drainUntil - System.currentTimeMillis())
          & err.await(drainUntil - System.currentTimeMillis());
      if (!drained) {
        // A surviving holder of the pipes: kill the tree again and stop reading.
        killTree.accept(process);
        process.getInputStream().close();
        process.getErrorStream().close();
      }
    } catch (InterruptedException e) {
      killTree.accept(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the sandbox ran; it was killed", e);
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
    return new Outcome(process.exitValue(), timedOut, overflow.get(), watchedLimit, out.output(), err.output(),
        duration);
  }

  /** Writes stdin on its own thread so a program that never reads cannot block the caller. */
  private static void feed(Process process, byte[] stdin) {
    OutputStream in = process.getOutputStream();
    if (stdin.length == 0) {
      closeQuietly(in);
      return;
    }
    Thread writer = new Thread(() -> {
      try (in) {
        in.write(stdin);
      } catch (IOException e) {
        // The program exited or closed its stdin before reading everything: that is its business.
      }
    }, "ace4j-stdin");
    writer.setDaemon(true);
    writer.start();
  }

  private static void closeQuietly(OutputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // Closing a pipe to a process that already exited fails harmlessly.
    }
  }
}
