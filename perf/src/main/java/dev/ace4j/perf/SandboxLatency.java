package dev.ace4j.perf;

import static dev.ace4j.perf.Timings.millis;

import dev.ace4j.sandbox.Execution;
import dev.ace4j.sandbox.ExecutionRequest;
import dev.ace4j.sandbox.Sandbox;
import dev.ace4j.sandbox.Sandboxes;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Start-to-finish latency of {@code python3 -I -S -c pass}: as a bare subprocess of this JVM, and through the
 * bubblewrap sandbox (fresh sandbox per run, every hardening point on). Both are measured alternately in one run so
 * they share the machine's noise; the figures are medians and 95th percentiles. A last series runs the sandbox
 * back to back, leaving no idle time between runs.
 */
public final class SandboxLatency {
  private static final List<String> COMMAND = List.of("/usr/bin/python3", "-I", "-S", "-c", "pass");

  private SandboxLatency() {}

  public static void main(String[] args) throws Exception {
    int runs = Timings.runs(args, "sandbox-latency", 200, 100_000);
    int warmup = Math.max(10, runs / 10);
    ExecutionRequest request = ExecutionRequest.command(COMMAND).build();
    long[] bare = new long[runs];
    long[] sandboxed = new long[runs];
    long[] backToBack = new long[runs];
    try (Sandbox sandbox = Sandboxes.create()) {
      for (int i = -warmup; i < runs; i++) {
        long bareNanos = bare();
        long sandboxNanos = sandboxed(sandbox, request);
        if (i >= 0) {
          bare[i] = bareNanos;
          sandboxed[i] = sandboxNanos;
        }
        if (i >= 0 && (i + 1) % 50 == 0) {
          System.err.printf("sandbox-latency: %d/%d%n", i + 1, runs);
        }
      }
      // Without a bare run in between: no idle time for the next launcher to get ready in.
      for (int i = 0; i < runs; i++) {
        backToBack[i] = sandboxed(sandbox, request);
      }
    }
    Arrays.sort(backToBack);
    Arrays.sort(bare);
    Arrays.sort(sandboxed);
    System.out.printf("%-36s %9s %9s%n", "python3 -I -S -c pass (" + runs + " runs)", "p50 ms", "p95 ms");
    System.out.printf("%-36s %9.1f %9.1f%n", "bare subprocess", millis(bare, 50), millis(bare, 95));
    System.out.printf("%-36s %9.1f %9.1f%n", "bubblewrap sandbox", millis(sandboxed, 50), millis(sandboxed, 95));
    System.out.printf("%-36s %9.1f %9.1f%n", "difference (sandbox - bare)",
        millis(sandboxed, 50) - millis(bare, 50), millis(sandboxed, 95) - millis(bare, 95));
    System.out.printf("%-36s %9.2f %9.2f%n", "ratio (sandbox / bare)",
        millis(sandboxed, 50) / millis(bare, 50), millis(sandboxed, 95) / millis(bare, 95));
    System.out.printf("%-36s %9.1f %9.1f%n", "sandbox, back to back", millis(backToBack, 50), millis(backToBack, 95));
  }


  private static long bare() throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(COMMAND).redirectErrorStream(true).start();
    process.getOutputStream().close();
    process.getInputStream().readAllBytes();
    int exit = process.waitFor();
    long elapsed = System.nanoTime() - start;
    if (exit != 0) {
      throw new IllegalStateException("bare python3 exited " + exit);
    }
    return elapsed;
  }

  private static long sandboxed(Sandbox sandbox, ExecutionRequest request) {
    long start = System.nanoTime();
    Execution run = sandbox.execute(request);
    long elapsed = System.nanoTime() - start;
    if (!run.ok()) {
      throw new IllegalStateException("sandboxed python3 failed: " + run.status().id() + " " + run.detail()
          + " " + run.stderr().text());
    }
    return elapsed;
  }
}
