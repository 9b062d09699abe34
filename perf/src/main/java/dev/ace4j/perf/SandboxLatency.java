package dev.ace4j.perf;

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
    int runs = args.length > 0 ? runs(args[0]) : 200;
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
    System.out.printf("%-36s %9.1f %9.1f%n", "bare subprocess", ms(bare, 50), ms(bare, 95));
    System.out.printf("%-36s %9.1f %9.1f%n", "bubblewrap sandbox", ms(sandboxed, 50), ms(sandboxed, 95));
    System.out.printf("%-36s %9.1f %9.1f%n", "difference (sandbox - bare)",
        ms(sandboxed, 50) - ms(bare, 50), ms(sandboxed, 95) - ms(bare, 95));
    System.out.printf("%-36s %9.2f %9.2f%n", "ratio (sandbox / bare)",
        ms(sandboxed, 50) / ms(bare, 50), ms(sandboxed, 95) / ms(bare, 95));
    System.out.printf("%-36s %9.1f %9.1f%n", "sandbox, back to back", ms(backToBack, 50), ms(backToBack, 95));
  }

  private static int runs(String arg) {
    try {
      int runs = Integer.parseInt(arg);
      if (runs >= 1 && runs <= 100_000) {
        return runs;
      }
    } catch (NumberFormatException e) {
      // fall through to the usage error
    }
    System.err.println("sandbox-latency: RUNS '" + arg + "' is not a number from 1 to 100000: "
        + "use e.g. perf/sandbox-latency 200");
    System.exit(2);
    return 0;
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

  private static double ms(long[] sorted, int percentile) {
    int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
