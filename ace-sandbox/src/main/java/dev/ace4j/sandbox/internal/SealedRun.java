package dev.ace4j.sandbox.internal;

import dev.ace4j.sandbox.Output;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs the two sides of a sealed test run ({@link RunPlan.CodeSide}) together, for either backend: the tests' process
 * and the code's, joined by two FIFOs that each side opens in the same order (the tests' inbound one first), so
 * neither can wait on the other forever.
 */
final class SealedRun {
  /** How long the code side may take to leave once the tests are done (it exits when its channel closes). */
  private static final Duration GRACE = Duration.ofMillis(500);

  private SealedRun() {}

  /**
   * The two FIFOs of one run, in a host folder the sandboxes never see.
   *
   * @param toTests the code's answers and callbacks: the tests read it as descriptor 3, the code writes it as 4
   * @param toCode the tests' requests: the code reads it as descriptor 3, the tests write it as 4
   */
  record Channel(Path toTests, Path toCode) {
    static Channel create(Path dir) throws IOException {
      Channel channel = new Channel(dir.resolve("to-tests"), dir.resolve("to-code"));
      Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", channel.toTests().toString(),
          channel.toCode().toString()).redirectErrorStream(true).start();
      try {
        String message = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (mkfifo.waitFor() != 0) {
          throw new IOException("could not create the sealed run's channel: " + message.strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while creating the sealed run's channel", e);
      }
      return channel;
    }

    /** How the tests' side opens the channel, as launcher words: read end first, in the same order as the code's. */
    List<String> testsEnds() {
      return List.of("<" + toTests, ">" + toCode);
    }

    List<String> codeEnds() {
      return List.of(">" + toTests, "<" + toCode);
    }

    /**
     * Opens and closes both FIFOs once, read-write (which never blocks on Linux): a side still waiting to open its
     * end after the other side died goes on, and then sees end-of-file.
     */
    void release() {
      for (Path fifo : List.of(toTests, toCode)) {
        try {
          // Opened, whoever waited for a peer has had one; closed, they see it gone.
          FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
          // already gone with its folder: nobody waits on it
        }
      }
    }
  }

  /** What each side did. */
  record Outcomes(ProcessRun.Outcome tests, ProcessRun.Outcome code) {
    /**
     * One outcome for the verdict: the tests' exit, streams and clock, with the code's own output (what it wrote to
     * its descriptors directly, outside the prints each test shows) after a marker line, and either side's breach
     * of a limit.
     */
    ProcessRun.Outcome merged() {
      return new ProcessRun.Outcome(tests.exitCode(), tests.timedOut() || code.timedOut(),
          tests.outputOverflow() || code.outputOverflow(), tests.overLimit() || code.overLimit(), join(tests.stdout(), code.stdout()),
          join(tests.stderr(), code.stderr()), tests.duration());
    }

    private static Output join(Output tests, Output code) {
      if (code.text().isEmpty()) {
        return new Output(tests.text(), tests.truncated() || code.truncated());
      }
      String separator = tests.text().isEmpty() || tests.text().endsWith("\n") ? "" : "\n";
      return new Output(tests.text() + separator + "--- output of the code under test ---\n" + code.text(),
          tests.truncated() || code.truncated());
    }
  }

  /**
   * Runs both started processes to their end under one wall-clock limit: the tests on this thread, the code on
   * another. When the tests end, the code has {@link #GRACE} to follow before it is killed.
   *
   * @param killTree kills a side's process tree (for bubblewrap, the run's control groups hold both sides)
   * @param overLimit the watched limit, which for bubblewrap counts both sides together
   */
  static Outcomes run(Process tests, byte[] testsInput, Process code, byte[] codeInput, Duration wall,
      long outputBytes, Channel channel, Consumer<Process> killTree, BooleanSupplier overLimit)
      throws IOException {
    CompletableFuture<ProcessRun.Outcome> codeRun = new CompletableFuture<>();
    Thread codeThread = new Thread(() -> {
      try {
        codeRun.complete(ProcessRun.run(code, codeInput, wall, outputBytes, killTree, overLimit));
      } catch (IOException | RuntimeException e) {
        codeRun.completeExceptionally(e);
      } finally {
        channel.release();
      }
    }, "ace4j-sealed-code");
    codeThread.setDaemon(true);
    codeThread.start();
    ProcessRun.Outcome testsOutcome;
    try {
      testsOutcome = ProcessRun.run(tests, testsInput, wall, outputBytes, killTree, overLimit);
    } finally {
      channel.release();
    }
    try {
      return new Outcomes(testsOutcome, codeRun.get(GRACE.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      code.destroyForcibly();
      killTree.accept(code);
      return new Outcomes(testsOutcome, join(codeRun));
    } catch (ExecutionException e) {
      throw new IOException("the code side of a sealed run failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      killTree.accept(code);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the sandbox ran; it was killed", e);
    }
  }

  private static ProcessRun.Outcome join(CompletableFuture<ProcessRun.Outcome> run) throws IOException {
    try {
      return run.join();
    } catch (CompletionException e) {
      throw new IOException("the code side of a sealed run failed: " + e.getCause(), e.getCause());
    }
  }
}
